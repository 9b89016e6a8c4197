// TutorialSupport: the little each numbered tutorial shares: options (--no-pause, --seed, --out),
// step headings, pausing only on a terminal, number formatting and writing figures.

import Foundation

/// A numbered tutorial run from the command line.
///
///     Tutorial.run(name: "01-bspline-basis", title: "...", steps: 4) { tutorial in
///       try tutorial.step("Knots", section: "§B-Splines") { ... }
///     }
///
/// It pauses before each step after the first only when standard input and standard output are
/// both a terminal, so piping the output or running it in CI never waits; `--no-pause` turns
/// pausing off on a terminal too.
public final class Tutorial {
  /// The tutorial's folder name, such as `01-bspline-basis`.
  public let name: String
  /// The seed for every random choice (`--seed`, default 0).
  public let seed: UInt64
  /// The folder figures are written to (`--out`, default `kan-output/tutorials/<name>`).
  public let outputFolder: String
  /// Whether to wait for return between steps.
  public let pauses: Bool
  /// The number of steps, for the `Step i/n` headings.
  private let stepCount: Int
  /// The steps shown so far.
  private var current = 0
  /// The figures written so far.
  private var files: [String] = []

  /// Creates a tutorial; `run` does this after parsing the options.
  private init(name: String, seed: UInt64, outputFolder: String, pauses: Bool, stepCount: Int) {
    self.name = name
    self.seed = seed
    self.outputFolder = outputFolder
    self.pauses = pauses
    self.stepCount = stepCount
  }

  /// Parses the command line, prints the title, runs `body`, then lists the figures written.
  ///
  /// Exits with status 0 on success, 1 if `body` throws (after printing the error) and 2 for a
  /// bad option; `--help` prints the options and exits with 0.
  ///
  /// - Parameters:
  ///   - name: The tutorial's folder name.
  ///   - title: One line saying what it computes.
  ///   - steps: The number of `step` calls `body` makes.
  ///   - arguments: The command line, `CommandLine.arguments` by default.
  ///   - body: The tutorial's steps.
  /// - Returns: Never; the process exits.
  public static func run(
    name: String, title: String, steps: Int, arguments: [String] = CommandLine.arguments,
    _ body: (Tutorial) throws -> Void
  ) -> Never {
    let options: TutorialOptions
    do {
      options = try TutorialOptions(Array(arguments.dropFirst()), name: name)
    } catch {
      FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
      exit(2)
    }
    if options.help {
      print(TutorialOptions.usage(name: name))
      exit(0)
    }
    let tutorial = Tutorial(
      name: name, seed: options.seed, outputFolder: options.output,
      pauses: options.pause && isatty(0) != 0 && isatty(1) != 0, stepCount: steps)
    print("\(name): \(title)")
    do {
      try body(tutorial)
    } catch {
      FileHandle.standardError.write(Data("\(name): error: \(error)\n".utf8))
      exit(1)
    }
    print("\nfigures written to \(tutorial.outputFolder)/ (overwritten on every run):")
    for file in tutorial.files { print("  \(file)") }
    print("\(name): done")
    exit(0)
  }

  /// Prints a step's heading, pausing first if this is not the first step and pausing is on.
  ///
  ///     Step 3/5  dE/dW_ijk = dE/dy_j B_k(x_i)                    (blog §Backward Pass)
  ///
  /// - Parameters:
  ///   - heading: What the step computes, often its formula.
  ///   - section: The blog section it follows.
  ///   - body: The step: it prints its explanation and numbers.
  /// - Throws: What `body` throws.
  public func step(_ heading: String, section: String, _ body: () throws -> Void)
    rethrows
  {
    if current > 0 && pauses {
      print("  [return] next step   (--no-pause to run straight through)")
      _ = readLine()
    }
    current += 1
    let left = "Step \(current)/\(stepCount)  \(heading)"
    let gap = String(repeating: " ", count: max(2, 76 - left.count - section.count))
    print("\n" + left + gap + "(blog \(section))")
    try body()
  }

  /// Prints a paragraph of explanation, indented under the step heading.
  ///
  /// - Parameter text: The sentences; line breaks are kept.
  public func say(_ text: String) {
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      print("  " + line)
    }
  }

  /// Writes an SVG into the output folder (created if needed) and remembers it for the summary.
  ///
  /// The write is atomic (Foundation writes a temporary file and renames it), and replaces a
  /// file of the same name: the output folder belongs to the tutorial.
  ///
  /// - Parameters:
  ///   - svg: The document, from `Chart.svg()` or `PanelGrid.svg()`.
  ///   - file: The file name, such as `bases.svg`.
  /// - Throws: A Foundation error naming the path if the folder or file cannot be written.
  public func write(_ svg: String, to file: String) throws {
    try FileManager.default.createDirectory(
      atPath: outputFolder, withIntermediateDirectories: true)
    let path = outputFolder + "/" + file
    try Data(svg.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    recordFigure(path)
  }

  /// Notes a figure written by library code (such as `SinExpDemo.writeFigures`) for the summary.
  ///
  /// - Parameter path: The file written.
  public func recordFigure(_ path: String) {
    files.append(path)
    say("wrote \(path)")
  }
}

/// Formats a number with a fixed number of decimals and a sign column: ` 0.250000`, `-0.125000`.
///
/// - Parameters:
///   - value: The number.
///   - digits: The decimals.
/// - Returns: The text.
public func fixed(_ value: Double, _ digits: Int = 6) -> String {
  String(format: "% .\(digits)f", value)
}

/// Formats a number with a fixed number of decimals and no sign column: `0.250`, `-0.125`.
///
/// - Parameters:
///   - value: The number.
///   - digits: The decimals.
/// - Returns: The text.
public func plain(_ value: Double, _ digits: Int = 3) -> String {
  String(format: "%.\(digits)f", value)
}

/// Formats a number in scientific notation with three decimals: `3.598e-04`.
///
/// - Parameter value: The number.
/// - Returns: The text.
public func scientific(_ value: Double) -> String {
  String(format: "%.3e", value)
}
