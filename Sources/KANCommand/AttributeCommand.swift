import Foundation
import KAN
import KANData

/// `kan attribute`: ranks a model's inputs by pykan's attribution scores on a CSV file.
enum AttributeCommand: Subcommand {
  static let name = "attribute"
  static let summary = "rank a model's inputs by attribution scores on the rows of a CSV file"
  static let usage = "kan attribute MODEL.safetensors DATA.csv"
  static let discussion = """
    Computes pykan 0.2's attribution scores on the rows of DATA.csv (at least two): from the
    outputs back, each edge's share std(phi)/(std(node)+1e-4) of its node's score, summed over
    the edges leaving each node (the std from feature covariances, never the batch x out x in
    activations). Prints every input with its score, most important first, one per line
    ('rank name score'), then the hidden nodes' scores per layer. A large file is read at
    evenly spaced rows, enough for the statistics: the feature matrix stays within 2^24 values
    (2,378 rows for an MNIST model). The CSV's columns are matched to the model's input names
    when the model has them (extra columns, such as the target, are ignored); otherwise there
    must be one column per input, in order.
    """
  static let maxPositionals = 2
  static let options: [OptionSpec] = []

  static func run(_ arguments: ParsedArguments) throws {
    guard arguments.positionals.count == 2 else {
      throw CommandLineError.missingArgument(
        "model and a CSV file", expected: ["MODEL.safetensors DATA.csv"],
        command: "kan attribute")
    }
    let model = try ModelFile(contentsOf: URL(fileURLWithPath: arguments.positionals[0]))
    let table = try model.inputColumns(
      of: CSVTable(contentsOf: URL(fileURLWithPath: arguments.positionals[1])))
    // Each layer's feature matrix is (rows, in C): keep it within 2^24 values, evenly spaced.
    let widest = model.network.layers.map { $0.inFeatures * $0.columnsPerInput }.max() ?? 1
    let stride = (table.rows.count - 1) / max(2, (1 << 24) / widest) + 1
    let rows = Swift.stride(from: 0, to: table.rows.count, by: stride).map { table.rows[$0] }
    var x = try Tensor(shape: [rows.count, table.header.count], scalars: rows.flatMap { $0 })
    if let scaling = model.inputScaling { x = try scaling.apply(x) }
    let network = try model.network.converted(to: Double.self)
    let scores = try network.attribution(on: x)
    let names = model.inputScaling?.names ?? table.header
    let sample = stride == 1 ? "" : " (one in \(stride) of \(table.rows.count))"
    print("input attribution on \(rows.count) rows\(sample) (pykan's feature_score):")
    for (rank, feature) in scores.rankedFeatures(names: names).enumerated() {
      print(
        String(
          format: "%3d  %@  %.4g", rank + 1, escapingControlCharacters(feature.name),
          feature.score))
    }
    for (l, nodes) in scores.nodeScores.enumerated().dropFirst().dropLast() {
      print(
        "hidden nodes of layer \(l): "
          + nodes.map { String(format: "%.4g", $0) }.joined(separator: " "))
    }
  }
}
