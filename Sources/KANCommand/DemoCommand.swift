import KANData
import KANDemo

/// `kan demo`: the blog's sin·exp fit, with progress, a terminal plot and SVG figures.
enum DemoCommand: Subcommand {
  static let name = "demo"
  static let summary =
    "fit 0.5 sin(4x) exp(-x-1) with the blog's KAN, plot it, write SVGs (default)"
  static let usage = "kan demo [--epochs N] [--seed S] [--out DIR] [--data PATH] [--no-plot]"
  static let discussion = """
    Trains the blog's network (Layer(1,2), Tanh, Layer(2,2), Tanh, Layer(2,1); 7 cubic B-spline
    weights per edge) by sample-wise SGD on the 20 points of Data/sin-exp/train.csv, printing the
    loss every 10 epochs. Then prints the train MSE, the MSE on 200 test points, a terminal plot
    of target vs prediction, and writes fit.svg, loss.svg and edges.svg to the output folder.
    Files with those names in the output folder are overwritten; nothing else is touched.
    """
  static let options = [
    OptionSpec(name: "--epochs", valueName: "N", help: "passes over the data (default 100)"),
    OptionSpec(
      name: "--seed", valueName: "S",
      help: "seed of the initial weights (default \(SinExpDemo.defaultSeed))"),
    OptionSpec(
      name: "--out", valueName: "DIR",
      help: "folder for the SVG figures (default \(SinExpDemo.defaultOutput))"),
    OptionSpec(
      name: "--data", valueName: "PATH",
      help: "CSV with header x,y (default Data/sin-exp/train.csv)"),
    OptionSpec(
      name: "--no-plot", valueName: nil, help: "skip the terminal plot (SVGs are still written)"),
  ]

  static func run(_ arguments: ParsedArguments) throws {
    var options = SinExpDemo.Options()
    options.epochs = try arguments.int("--epochs", default: 100, in: 1...1_000_000)
    options.seed = try arguments.seed("--seed", default: SinExpDemo.defaultSeed)
    options.output = arguments.string("--out", default: SinExpDemo.defaultOutput)
    options.dataPath = try arguments.values["--data"].map { try checkedTrainingCSV($0) }
    options.terminalPlot = !arguments.flags.contains("--no-plot")
    try SinExpDemo.run(options)
  }
}

/// The sin-exp training CSV (`--data`, or found by `Samples.locateTrainingCSV`), checked to be a
/// regular file within `FileSizeLimit.csv` before it is read (a link to /dev/zero fails here).
///
/// - Parameter explicit: The `--data` path, or nil to search.
/// - Returns: The path.
/// - Throws: `DemoError.dataNotFound`, `KANDataError.cannotRead` or `.fileTooLarge`.
func checkedTrainingCSV(_ explicit: String?) throws -> String {
  let path = try Samples.locateTrainingCSV(explicit: explicit)
  try checkRegularFile(at: path, limit: .csv)
  return path
}
