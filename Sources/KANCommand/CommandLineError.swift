/// A mistake on the command line.
///
/// `kan` prints the message to standard error and exits with status 2.
enum CommandLineError: Error, Equatable, CustomStringConvertible {
  /// The first word is not a known command.
  case unknownCommand(String, available: [String])
  /// An option the command does not accept.
  case unknownOption(String, command: String)
  /// An option that needs a value was last, or followed by another option.
  case missingValue(String, valueName: String, command: String)
  /// A flag was given a value with `=`.
  case flagWithValue(String, command: String)
  /// A value that cannot be used for its option.
  case invalidValue(option: String, value: String, expected: String)
  /// A word that is neither an option nor an expected positional argument.
  case unexpectedArgument(String, command: String)
  /// A required positional argument, such as the mode of `kan bench`, is missing.
  case missingArgument(String, expected: [String], command: String)

  /// The message printed before exiting.
  var description: String {
    switch self {
    case .unknownCommand(let name, let available):
      return "unknown command '\(name)'; the commands are: \(available.joined(separator: ", ")). "
        + "Run 'kan --help' for details."
    case .unknownOption(let option, let command):
      return "'\(command)' has no option '\(option)'. Run '\(command) --help' to list its options."
    case .missingValue(let option, let valueName, let command):
      return
        "'\(option)' needs a value: \(option) \(valueName). Run '\(command) --help' for details."
    case .flagWithValue(let option, let command):
      return "'\(option)' is a flag and takes no value; write just \(option). "
        + "Run '\(command) --help' for details."
    case .invalidValue(let option, let value, let expected):
      return "'\(value)' is not valid for \(option): expected \(expected)."
    case .unexpectedArgument(let word, let command):
      return "'\(command)' does not take the argument '\(word)'. "
        + "Run '\(command) --help' for its usage."
    case .missingArgument(let name, let expected, let command):
      return "'\(command)' needs a \(name): one of \(expected.joined(separator: ", ")). "
        + "Run '\(command) --help' for details."
    }
  }
}
