import Foundation
import KAN
import KANData
import KANVision

/// What `kan info` and `kan predict` do with a ResNet-KAN file (one whose metadata has
/// `resnet.format_version`); every other file goes on to `ModelFile`.
enum ResNetModelFiles {
  /// Reads `url` as a ResNet-KAN file, or returns nil when it holds another kind of model.
  ///
  /// - Throws: `KANDataError` for a file that cannot be read or is not safetensors,
  ///   `KANError.invalidModel` for a ResNet-KAN file whose tensors do not fit its metadata.
  static func read(_ url: URL) throws -> ResNetKANFile? {
    guard ResNetKANFile.holdsResNet(try SafeTensorsFile(contentsOf: url)) else { return nil }
    return try ResNetKANFile(contentsOf: url)
  }

  /// `kan info` for a ResNet-KAN file: prints its architecture, tensors and notes.
  ///
  /// - Returns: false when the file holds another kind of model (nothing is printed).
  /// - Throws: As `read(_:)`.
  static func info(_ path: String) throws -> Bool {
    guard let file = try read(URL(fileURLWithPath: path)) else { return false }
    var model = file.model
    let architecture = model.architecture
    print("model: \(path) (swift-kan ResNet-KAN format \(ResNetKANFile.formatVersion))")
    print(
      "architecture: ResNet-KAN, \(architecture.block == .convolution ? "convolutions" : "KAN convolutions") in the blocks"
    )
    print(architecture.description.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
    print(
      "task: classification (\(architecture.classes) classes; outputs are logits); input: "
        + "\(architecture.input) images, one per CSV row for kan predict")
    let count = model.learnableCount()
    let head = model.head.parameterCount
    print(
      "parameters: \(count) (convolutions and batch norms \(count - head), KAN head \(head)), "
        + "plus batch-norm running statistics and grid knots (not trained)")
    if !file.training.isEmpty {
      let notes = file.training.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
      print("training: " + notes.joined(separator: ", "))
    }
    return true
  }
}
