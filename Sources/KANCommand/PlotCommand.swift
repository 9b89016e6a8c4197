import Foundation
import KAN
import KANData

/// `kan plot`: a model's network drawn as pykan draws it, as SVG and an interactive page.
enum PlotCommand: Subcommand {
  static let name = "plot"
  static let summary = "draw a model's network: an SVG and an HTML page (click an edge)"
  static let usage = "kan plot MODEL.safetensors [DATA.csv] [--out FILE.html] [--force]"
  static let discussion = """
    Writes FILE.html (default model.html), a self-contained page with the network as pykan
    draws it: input names at the bottom, every edge a line carrying a thumbnail of its learned
    function, its opacity from its attribution score, fixed edges in red with their formula,
    pruned edges and nodes left out; click an edge (or Tab to it and press Enter) to see its
    function large. Beside it: FILE.svg (the diagram) and FILE-edges.svg (every edge's
    function). Each edge is drawn over the range its input takes on the rows of DATA.csv (its
    columns matched to the model's input names when it has them), and the scores come from
    those rows; without DATA.csv, 256 points spread evenly over each input's grid range (the
    range the model was fitted on) stand in for the data. Existing files are kept unless
    --force is given (which replaces only regular files).
    """
  static let maxPositionals = 2
  static let options = [
    OptionSpec(name: "--out", valueName: "FILE", help: "the page (default model.html)"),
    OptionSpec(name: "--force", valueName: nil, help: "replace existing figures"),
  ]

  static func run(_ arguments: ParsedArguments) throws {
    guard let modelPath = arguments.positionals.first else {
      throw CommandLineError.missingArgument(
        "model", expected: ["MODEL.safetensors [DATA.csv]"], command: "kan plot")
    }
    let force = arguments.flags.contains("--force")
    let figures = NetworkFigures(
      page: URL(fileURLWithPath: arguments.string("--out", default: "model.html")))
    try figures.checkDestinations(overwrite: force)
    let model = try ModelFile(contentsOf: URL(fileURLWithPath: modelPath))
    let network = try model.network.converted(to: Double.self)
    let x: Tensor<Double>
    if arguments.positionals.count == 2 {
      let table = try model.inputColumns(
        of: CSVTable(contentsOf: URL(fileURLWithPath: arguments.positionals[1])))
      let rows = Array(table.rows.prefix(4096))
      let raw = try Tensor<Double>(
        shape: [rows.count, table.header.count], scalars: rows.flatMap { $0 })
      x = try model.inputScaling?.apply(raw) ?? raw
    } else {
      x = try gridSamples(network.layers[0], count: 256)
    }
    let data = try network.diagramData(
      on: x, inputNames: model.inputScaling?.names,
      outputNames: model.targetName.map { [$0] })
    let title = URL(fileURLWithPath: modelPath).lastPathComponent
    try figures.write(data, title: title, overwrite: force)
    print("network of \(escapingControlCharacters(title)) (widths \(data.widths)) drawn:")
    for url in figures.all { print("  \(url.path)") }
  }

  /// `count` rows spread evenly over each input's grid range, `(count, in)`.
  static func gridSamples(_ layer: KANLinear<Double>, count: Int) throws -> Tensor<Double> {
    let ranges = try (0..<layer.inFeatures).map { try layer.gridRange(input: $0) }
    var values: [Double] = []
    for row in 0..<count {
      let u = Double(row) / Double(count - 1)
      for range in ranges {
        values.append(range.lowerBound + u * (range.upperBound - range.lowerBound))
      }
    }
    return try Tensor(shape: [count, layer.inFeatures], scalars: values)
  }
}
