import Dispatch
import Foundation
import KAN
import KANData
import KANPlot
import KANSymbolic

/// `kan discover`: pykan's hello-KAN pipeline on a CSV column, from data to a formula.
enum DiscoverCommand: Subcommand {
  static let name = "discover"
  static let summary = "find a formula for a CSV column: sparse fit, prune, fix edges, fine-tune"
  static let usage =
    "kan discover DATA.csv --target NAME [--widths 2,5,1] [--seed S] [--out DIR] [--force]"
  static let discussion = """
    Runs pykan's hello-KAN pipeline in Double: fits KAN [inputs, 5, 1] (grid 3) by L-BFGS with
    pykan's sample-based sparsity penalty (grids updated to the data every 5 steps), prunes the
    nodes and edges whose attribution score is small, refits, refines the grid to 10 and refits,
    fixes every edge to its best library formula c f(a x + b) + d, and fine-tunes a, b, c, d.
    Inputs are standardised on the training rows; the formula is over the raw column names.
    Prints each stage, each edge's formula, the R^2 on the held-out rows, and as its last line
    'formula: <expression>' (Python and sympy syntax). Writes the model (with its formulas,
    pruned edges and input scaling) to DIR/model.safetensors, which 'kan predict' and
    'kan attribute' read, and DIR/diagram.json (every edge's curve, score and formula, for
    drawing the network); existing files are kept unless --force is given.
    """
  static let maxPositionals = 1
  static let defaultOutput = "kan-output/discover"
  static let options = [
    OptionSpec(name: "--target", valueName: "NAME", help: "the column to explain (required)"),
    OptionSpec(
      name: "--widths", valueName: "W,...", help: "the first network (default: inputs,5,1)"),
    OptionSpec(name: "--seed", valueName: "S", help: "initial weights and split (default 0)"),
    OptionSpec(
      name: "--out", valueName: "DIR",
      help: "folder for model.safetensors (default \(defaultOutput))"
    ),
    OptionSpec(name: "--force", valueName: nil, help: "overwrite DIR/model.safetensors"),
    OptionSpec(
      name: "--test-fraction", valueName: "F", help: "share of rows held out (default 0.2)"),
    OptionSpec(
      name: "--lambda", valueName: "X", help: "sparsity weight of the first fit (default 0.01)"),
    OptionSpec(name: "--steps", valueName: "N", help: "L-BFGS steps per fit (default 50)"),
    OptionSpec(
      name: "--library", valueName: "F,...",
      help: "formulas to try, ids such as sin,x^2,exp, or 'all' (default: pykan's ten)"),
  ]

  static func run(_ arguments: ParsedArguments) throws {
    guard let path = arguments.positionals.first else {
      throw CommandLineError.missingArgument(
        "CSV file", expected: ["DATA.csv"], command: "kan discover")
    }
    let target = try arguments.target(command: "kan discover")
    let seed = try arguments.seed("--seed", default: 0)
    let fraction = try arguments.fraction("--test-fraction", default: 0.2, below: 0.9)
    let folder = arguments.string("--out", default: defaultOutput)
    let force = arguments.flags.contains("--force")
    let destination = URL(fileURLWithPath: folder + "/model.safetensors")
    let diagramURL = URL(fileURLWithPath: folder + "/diagram.json")
    let figures = NetworkFigures(page: URL(fileURLWithPath: folder + "/network.html"))
    let input = try TabularInput(
      path: path, target: target, task: .regression, testFraction: fraction, seed: seed)
    var settings = FormulaDiscovery.Settings(
      widths: try input.widths(arguments.values["--widths"], hidden: 5))
    settings.seed = seed
    settings.steps = try arguments.int("--steps", default: settings.steps, in: 1...10_000)
    settings.lambda = try arguments.fraction("--lambda", default: settings.lambda, below: 1e3)
    settings.library = try library(arguments.values["--library"], default: settings.library)
    try createFolder(folder)
    try AtomicFile.checkDestination(destination, overwrite: force)
    try AtomicFile.checkDestination(diagramURL, overwrite: force)
    try figures.checkDestinations(overwrite: force)
    print(
      "\(input.train.count) training rows, \(input.test.count) held out; inputs "
        + input.table.inputNames.joined(separator: ", ") + " standardised; target \(target)")
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try FormulaDiscovery.run(
      input.train, names: input.table.inputNames, scaling: input.scaling, settings: settings
    ) { stage in
      let name = stage.name.padding(toLength: 52, withPad: " ", startingAt: 0)
      print(
        name
          + String(
            format: " widths %@  loss %.3e  %.2f s", "\(stage.widths)", stage.loss, stage.seconds))
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    for choice in result.choices { print("  \(choice)") }
    let model = ModelFile(
      network: try result.network.converted(), task: .regression,
      training: ["pipeline": "kan discover", "seed": "\(seed)"], inputScaling: input.scaling,
      targetName: target)
    try model.write(to: destination, overwrite: force)
    let diagram = try result.network.diagramData(
      on: input.train.inputs, inputNames: input.table.inputNames, outputNames: [target])
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try AtomicFile.write(encoder.encode(diagram), to: diagramURL, overwrite: force)
    try figures.write(diagram, title: "kan discover: \(target)", overwrite: force)
    print("model written to \(destination.path), diagram data to \(diagramURL.path)")
    print(
      "network drawn to \(figures.page.path) (click an edge), \(figures.diagram.path) and "
        + figures.edges.path)
    print(String(format: "pipeline time: %.2f s", seconds))
    if input.test.count > 0, case .values(let y) = input.test.targets {
      let prediction = try result.network(input.test.inputs).scalars
      print(
        String(
          format: "held-out R^2: %.6f (%d rows)", rSquared(prediction, y.scalars), input.test.count
        ))
    }
    print("formula: \(result.formulas[0])")
  }

  /// The functions named by `--library`: ids separated by commas, or `all`.
  ///
  /// - Throws: `CommandLineError.invalidValue` listing the valid ids for an unknown one.
  static func library(_ text: String?, default fallback: [SymbolicFunction]) throws
    -> [SymbolicFunction]
  {
    guard let text else { return fallback }
    if text == "all" { return SymbolicFunction.allCases }
    do {
      return try text.split(separator: ",").map { try SymbolicFunction(id: String($0)) }
    } catch let error as SymbolicError {
      throw CommandLineError.invalidValue(option: "--library", value: text, expected: "\(error)")
    }
  }
}
