/// One option a command accepts: a flag such as `--no-plot`, or an option with a value such as
/// `--epochs N`.
struct OptionSpec {
  /// The option as typed, with its dashes: `"--epochs"`.
  let name: String
  /// The placeholder of its value in help (`"N"`), or `nil` for a flag.
  let valueName: String?
  /// One line of help.
  let help: String
  /// Whether help leaves it out (options for CI and debugging, still accepted).
  var hidden = false
}

/// The arguments of one command after parsing: option values, flags and positional words.
struct ParsedArguments {
  /// The value of each option given, by name.
  var values: [String: String] = [:]
  /// The flags given.
  var flags: Set<String> = []
  /// The words that are not options, in order.
  var positionals: [String] = []

  /// Returns the option's value as a string, or `fallback` if it was not given.
  func string(_ name: String, default fallback: String) -> String {
    values[name] ?? fallback
  }

  /// Returns the option's value as a whole number in `range`, or `fallback` if not given.
  func int(_ name: String, default fallback: Int, in range: ClosedRange<Int>)
    throws(CommandLineError)
    -> Int
  {
    guard let text = values[name] else { return fallback }
    guard let value = Int(text), range.contains(value) else {
      throw .invalidValue(
        option: name, value: text,
        expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
    }
    return value
  }

  /// Returns the option's value as a seed (a non-negative 64-bit number), or `fallback`.
  func seed(_ name: String, default fallback: UInt64) throws(CommandLineError) -> UInt64 {
    guard let text = values[name] else { return fallback }
    guard let value = UInt64(text) else {
      throw .invalidValue(option: name, value: text, expected: "a whole number from 0 to 2^64 - 1")
    }
    return value
  }

  /// Returns the option's value as a positive number of seconds, or `fallback`.
  func seconds(_ name: String, default fallback: Double) throws(CommandLineError) -> Double {
    guard let text = values[name] else { return fallback }
    guard let value = Double(text), value.isFinite, value > 0 else {
      throw .invalidValue(option: name, value: text, expected: "a positive number of seconds")
    }
    return value
  }
}

/// Splits `arguments` into options, flags and positional words, by hand (no packages).
///
/// Accepts `--name value` and `--name=value`; `--help` and `-h` are always known flags.
///
/// - Parameters:
///   - arguments: The words after the command name.
///   - options: What the command accepts.
///   - command: The command's name, for error messages.
///   - maxPositionals: How many non-option words are allowed.
/// - Returns: The parsed arguments.
/// - Throws: `CommandLineError` for an unknown option, a missing value, a value given to a flag
///   or too many positional words.
func parse(
  _ arguments: [String], options: [OptionSpec], command: String, maxPositionals: Int = 0
) throws(CommandLineError) -> ParsedArguments {
  let known = Dictionary(uniqueKeysWithValues: options.map { ($0.name, $0) })
  var parsed = ParsedArguments()
  var index = 0
  while index < arguments.count {
    let word = arguments[index]
    index += 1
    guard word.hasPrefix("-"), word != "-" else {
      guard parsed.positionals.count < maxPositionals else {
        throw .unexpectedArgument(word, command: command)
      }
      parsed.positionals.append(word)
      continue
    }
    if word == "--help" || word == "-h" {
      parsed.flags.insert("--help")
      continue
    }
    let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
    guard let spec = known[parts[0]] else { throw .unknownOption(parts[0], command: command) }
    if spec.valueName == nil {
      guard parts.count == 1 else { throw .flagWithValue(spec.name, command: command) }
      parsed.flags.insert(spec.name)
    } else if parts.count == 2 {
      parsed.values[spec.name] = parts[1]
    } else {
      guard index < arguments.count, !arguments[index].hasPrefix("--") else {
        throw .missingValue(spec.name, valueName: spec.valueName ?? "VALUE", command: command)
      }
      parsed.values[spec.name] = arguments[index]
      index += 1
    }
  }
  return parsed
}
