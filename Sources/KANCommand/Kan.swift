import Foundation
import KANData

/// The top level of `kan`: picks the subcommand, parses its options and reports errors.
enum Kan {
  /// The text `kan --help` prints, built from the registry.
  static var help: String {
    let width = subcommands.map { $0.name.count }.max() ?? 0
    let list = subcommands.map { command in
      "  " + command.name + String(repeating: " ", count: width - command.name.count + 3)
        + command.summary
    }
    return """
      kan: Kolmogorov-Arnold Networks from scratch, then fast.

      usage: kan [<command>] [options]
             kan <command> --help

      commands:
      \(list.joined(separator: "\n"))

      With no command (or only options), kan runs 'kan \(defaultSubcommand.name)'.
      """
  }

  /// Runs `kan` with the words after its name and returns the exit status.
  ///
  /// - Parameter arguments: The command line without the program name.
  /// - Returns: 0 on success, 1 if the run failed, 2 for a command-line mistake.
  static func run(_ arguments: [String]) -> Int32 {
    do {
      if arguments.first == "--help" || arguments.first == "-h" {
        print(help)
        return 0
      }
      var command = defaultSubcommand
      var rest = arguments
      if let first = arguments.first, !first.hasPrefix("-") {
        guard let found = subcommands.first(where: { $0.name == first }) else {
          throw CommandLineError.unknownCommand(first, available: subcommands.map { $0.name })
        }
        command = found
        rest.removeFirst()
      }
      let parsed = try parse(
        rest, options: command.options, command: "kan \(command.name)",
        maxPositionals: command.maxPositionals)
      if parsed.flags.contains("--help") {
        print(command.help)
        return 0
      }
      try command.run(parsed)
      return 0
    } catch let error as CommandLineError {
      printToStandardError("kan: \(error)")
      return 2
    } catch {
      printToStandardError("kan: error: \(error)")
      return 1
    }
  }
}

/// Writes a line to standard error, so error messages do not mix with results on standard out.
///
/// Messages quote paths, names and cells from files and the command line, so control
/// characters other than line feeds are escaped: an error cannot send a terminal escape
/// sequence.
///
/// - Parameter line: The text, without its newline.
func printToStandardError(_ line: String) {
  let safe = escapingControlCharacters(line, keepingNewlines: true)
  FileHandle.standardError.write(Data((safe + "\n").utf8))
}
