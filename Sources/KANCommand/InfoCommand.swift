import Foundation
import KAN

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
    tensor names and shapes; B-splines, SiLU and a regression task are then assumed.
    """
  static let maxPositionals = 1
  static let options: [OptionSpec] = []

  static func run(_ arguments: ParsedArguments) throws {
    guard let path = arguments.positionals.first else {
      throw CommandLineError.missingValue(
        "kan info", valueName: "FILE.safetensors", command: "kan info")
    }
    if try ResNetModelFiles.info(path) { return }
    let model = try ModelFile(contentsOf: URL(fileURLWithPath: path))
    let architecture = try model.architecture()
    let network = model.network
    switch model.origin {
    case .metadata:
      print("model: \(path) (swift-kan model format \(ModelFile.formatVersion))")
    case .inferredFromShapes:
      print(
        "model: \(path) (no swift-kan metadata, e.g. saved by PyTorch: architecture inferred "
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
    let perLayer = network.layers.map { String($0.parameterCount) }.joined(separator: " + ")
    let knots = network.layers.reduce(0) { $0 + $1.grid.count }
    print(
      "parameters: \(network.parameterCount) (\(perLayer)), plus \(knots) grid knots (not "
        + "trained)")
    if !model.training.isEmpty {
      let notes = model.training.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
      print("training: " + notes.joined(separator: ", "))
    }
  }
}
