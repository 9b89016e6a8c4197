/// `kan bench <mode>`: times a workload in the current build and prints median, min and max.
///
/// Each mode is one `BenchMode` in `benchModes`; adding `kan bench layers` is one more entry
/// (and its file).
enum BenchCommand: Subcommand {
  static let name = "bench"
  static let summary =
    "time a workload in this build; modes: \(benchModes.map(\.name).joined(separator: ", "))"
  static let usage =
    "kan bench [<mode>] [options]   (default layers; modes: \(benchModes.map(\.name).joined(separator: ", ")))"
  static var discussion: String {
    "Runs the mode's workload --warmup times untimed, then --runs times timed, and prints the\n"
      + "median, min and max. Build with -c release for numbers worth reporting.\n\nmodes:\n"
      + benchModes.map { "  \($0.name)  \($0.summary)" }.joined(separator: "\n")
  }
  static let maxPositionals = 1
  static var options: [OptionSpec] {
    var seen = Set<String>()
    return (commonBenchOptions + benchModes.flatMap(\.options)).filter {
      seen.insert($0.name).inserted
    }
  }

  static func run(_ arguments: ParsedArguments) throws {
    let names = benchModes.map(\.name)
    let word = arguments.positionals.first ?? layersBench.name
    guard let mode = benchModes.first(where: { $0.name == word }) else {
      throw CommandLineError.invalidValue(
        option: "kan bench <mode>", value: word, expected: "one of \(names.joined(separator: ", "))"
      )
    }
    let runs = try arguments.int("--runs", default: 20, in: 1...10_000)
    let warmup = try arguments.int("--warmup", default: 2, in: 0...10_000)
    try mode.run(arguments, runs, warmup)
  }
}

/// A workload `kan bench` can time.
struct BenchMode {
  /// The word after `kan bench`.
  let name: String
  /// One line for help.
  let summary: String
  /// Options only this mode reads.
  let options: [OptionSpec]
  /// Runs the benchmark with the parsed arguments, the timed run count and the warm-up count.
  let run: (_ arguments: ParsedArguments, _ runs: Int, _ warmup: Int) throws -> Void
}

/// Every bench mode, in help order.
///
/// Add `kan bench layers` here: one entry, defined in its own file like `demoBench`.
let benchModes: [BenchMode] = [
  layersBench,
  demoBench,
  regularizationBench,
  resnetBench,
]

/// Options every mode takes.
let commonBenchOptions = [
  OptionSpec(name: "--runs", valueName: "N", help: "timed runs (default 20)"),
  OptionSpec(name: "--warmup", valueName: "N", help: "untimed runs first (default 2)"),
]
