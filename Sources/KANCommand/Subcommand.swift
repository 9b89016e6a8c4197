/// A `kan` subcommand.
///
/// To add one, write a type conforming to this protocol in its own file and add it to
/// `subcommands` in `Registry.swift`.
protocol Subcommand {
  /// The word that selects it: `kan <name>`.
  static var name: String { get }
  /// One line for `kan --help`.
  static var summary: String { get }
  /// The usage line, e.g. `"kan demo [options]"`.
  static var usage: String { get }
  /// A few sentences for `kan <name> --help`.
  static var discussion: String { get }
  /// The options it accepts (`--help` is always accepted).
  static var options: [OptionSpec] { get }
  /// How many positional words it takes.
  static var maxPositionals: Int { get }

  /// Runs the command with its parsed arguments.
  static func run(_ arguments: ParsedArguments) throws
}

extension Subcommand {
  /// Most commands take no positional words.
  static var maxPositionals: Int { 0 }

  /// The text `kan <name> --help` prints.
  static var help: String {
    let shown = options.filter { !$0.hidden }
    let width = shown.map { $0.name.count + ($0.valueName.map { $0.count + 1 } ?? 0) }.max() ?? 0
    let lines = shown.map { option -> String in
      let left = option.name + (option.valueName.map { " " + $0 } ?? "")
      return "  " + left + String(repeating: " ", count: width - left.count + 2) + option.help
    }
    return "usage: \(usage)\n\n\(discussion)\n\noptions:\n" + lines.joined(separator: "\n")
      + "\n  --help" + String(repeating: " ", count: max(0, width - 6) + 2) + "show this help"
  }
}
