import Foundation
import KAN
import KANData
import KANVision

/// A model file of either kind swift-kan writes, told apart by its metadata: a ResNet-KAN
/// (`resnet.format_version`) or a KAN (anything else, including efficient-kan's files).
enum AnyModelFile {
  case kan(ModelFile)
  case resnet(ResNetKANFile)

  /// Reads `url` once, within `ModelLimits`, and builds the model its metadata describes.
  ///
  /// - Throws: the errors of `ModelFile.init(_:path:)` or `ResNetKANFile.init(_:path:)`.
  static func read(_ url: URL) throws -> AnyModelFile {
    let file = try ModelFile.readFile(url)
    return ResNetKANFile.holdsResNet(file)
      ? .resnet(try ResNetKANFile(file, path: url.path)) : .kan(try ModelFile(file, path: url.path))
  }

  /// `kan info` for a ResNet-KAN file: prints its architecture, parameter counts and notes.
  ///
  /// - Parameters:
  ///   - file: The model file.
  ///   - path: Where it was read from, as the user typed it.
  static func printInfo(_ file: ResNetKANFile, path: String) {
    var model = file.model
    let architecture = model.architecture
    let blocks = architecture.block == .convolution ? "convolutions" : "KAN convolutions"
    print(
      "model: \(escapingControlCharacters(path)) (swift-kan ResNet-KAN format "
        + "\(ResNetKANFile.formatVersion))")
    print("architecture: ResNet-KAN, \(blocks) in the blocks")
    print(architecture.description.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
    print(
      "task: classification (\(architecture.classes) classes; outputs are logits); input: "
        + "\(architecture.input) images, one per CSV row for kan predict")
    let count = model.learnableCount()
    let head = model.head.parameterCount
    print(
      "parameters: \(count) (convolutions and batch norms \(count - head), KAN head \(head)), "
        + "plus batch-norm running statistics and grid knots (not trained)")
    printTrainingNotes(file.training)
  }
}
