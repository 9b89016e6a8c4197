import Foundation
import KAN
import KANData
import KANSymbolic

/// `kan info`: prints what a saved model is.
enum InfoCommand: Subcommand {
  static let name = "info"
  static let summary = "print a saved model's architecture and parameter count"
  static let usage = "kan info FILE.safetensors"
  static let discussion = """
    Reads and validates a model file and prints its widths, grid size, spline order, basis,
    base activation, task, each layer's tensors and grid range, the parameter count
    (base_weight, spline_weight and spline_scaler; the grid knots are not trained) and the
    training notes. A file without swift-kan metadata, such as
    safetensors.torch.save_file(efficient_kan.KAN(widths).state_dict(), path), is read by its
    tensor names and shapes; B-splines, SiLU and a regression task are then assumed. Any file is
    safe to inspect: the header is checked against ModelLimits before anything is allocated, and
    text from the file is printed with its control characters escaped.
    """
  static let maxPositionals = 1
  static let options: [OptionSpec] = []

  static func run(_ arguments: ParsedArguments) throws {
    guard let path = arguments.positionals.first else {
      throw CommandLineError.missingValue(
        "kan info", valueName: "FILE.safetensors", command: "kan info")
    }
    let model: ModelFile
    switch try AnyModelFile.read(URL(fileURLWithPath: path)) {
    case .resnet(let file):
      AnyModelFile.printInfo(file, path: path)
      return
    case .kan(let file):
      model = file
    }
    let architecture = try model.architecture()
    let shownPath = escapingControlCharacters(path)
    let network = model.network
    switch model.origin {
    case .metadata:
      print("model: \(shownPath) (swift-kan model format \(ModelFile.formatVersion))")
    case .inferredFromShapes:
      print(
        "model: \(shownPath) (no swift-kan metadata, e.g. saved by PyTorch: architecture inferred "
          + "from tensor shapes; B-splines, SiLU and a regression task assumed)")
    }
    print("architecture: KAN \(architecture.widths)")
    print(
      "edges: grid size \(architecture.gridSize), spline order \(architecture.splineOrder) "
        + "(\(architecture.basisCount) \(architecture.basis.rawValue) bases each), base "
        + "activation \(architecture.baseActivation.rawValue), out-of-grid "
        + architecture.outOfGridPolicy.rawValue)
    let outputs = architecture.widths[architecture.widths.count - 1]
    switch model.task {
    case .regression: print("task: regression (\(outputs) outputs)")
    case .classification: print("task: classification (\(outputs) classes; outputs are logits)")
    }
    for (l, layer) in network.layers.enumerated() {
      let ranges = try (0..<layer.inFeatures).map { try layer.gridRange(input: $0) }
      let low = ranges.map(\.lowerBound).min() ?? 0
      let high = ranges.map(\.upperBound).max() ?? 0
      let scaler = layer.standaloneSplineScaler ? "  spline_scaler \(layer.splineScaler.shape)" : ""
      print(
        "layer \(l): \(layer.inFeatures) -> \(layer.outFeatures)  base_weight "
          + "\(layer.baseWeight.shape)  spline_weight \(layer.splineWeight.shape)\(scaler)  "
          + "grid \(layer.grid.shape), ranges within [\(low), \(high)]")
    }
    describeEdges(model)
    let perLayer = network.layers.map { String($0.parameterCount) }.joined(separator: " + ")
    let knots = network.layers.reduce(0) { $0 + $1.grid.count }
    print(
      "parameters: \(network.parameterCount) (\(perLayer)), plus \(knots) grid knots (not "
        + "trained)")
    printTrainingNotes(model.training)
  }

  /// Prints the inputs' names and scaling, the target, and each layer's pruned, fixed and tied
  /// edges, when the model has them.
  private static func describeEdges(_ model: ModelFile) {
    if let scaling = model.inputScaling {
      let inputs = scaling.names.indices.map { i in
        escapingControlCharacters(scaling.names[i])
          + String(format: " (mean %.4g, scale %.4g)", scaling.mean[i], scaling.scale[i])
      }
      print("inputs (standardised): " + inputs.joined(separator: ", "))
    }
    if let target = model.targetName { print("target: " + escapingControlCharacters(target)) }
    if let formulas = try? model.formulas() {
      for (k, formula) in formulas.enumerated() {
        let name = formulas.count == 1 ? model.targetName ?? "y0" : "y\(k)"
        print(
          "formula (\(escapingControlCharacters(name))): \(escapingControlCharacters("\(formula)"))"
        )
      }
    }
    for (l, layer) in model.network.layers.enumerated() {
      var pruned = 0
      var fixed: [String] = []
      for j in 0..<layer.outFeatures {
        for i in 0..<layer.inFeatures {
          switch try? layer.state(i: i, j: j) {
          case .pruned: pruned += 1
          case .fixed(let edge):
            fixed.append("\(i)->\(j) \(edge.expression(of: .variable("x")).canonicalized())")
          default: break
          }
        }
      }
      guard pruned + fixed.count + layer.tiedEdges.count > 0 else { continue }
      print(
        "layer \(l) edges: \(pruned) pruned, \(layer.tiedEdges.count) tied groups, "
          + "\(fixed.count) fixed" + (fixed.isEmpty ? "" : ": " + fixed.joined(separator: "; ")))
    }
  }
}

/// Prints a model file's training notes as `training: key=value, ...`, sorted by key, control
/// characters escaped; nothing when there are none.
func printTrainingNotes(_ notes: [String: String]) {
  guard !notes.isEmpty else { return }
  let pairs = notes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
  print("training: " + escapingControlCharacters(pairs.joined(separator: ", ")))
}
