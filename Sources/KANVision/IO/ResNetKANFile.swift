import KAN
import KANData

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A `ResNetKAN<Float>` classifier stored as a safetensors file that PyTorch loads with
/// `load_state_dict(load_file(path), strict=True)`.
///
/// The tensors carry PyTorch's state-dict names (`stem.conv.weight`,
/// `stages.0.blocks.0.bn1.running_mean`, `head.layers.0.spline_weight`, ...; see
/// `ResNetKAN.visitTensors`), all F32; the architecture, a format version and the training
/// notes are in `__metadata__` (see `ResNetMetadataKey`). Reading rebuilds the architecture
/// from the metadata and checks every tensor against it: the exact set of names, shapes, F32,
/// finite values, increasing knots, non-negative running variances.
public struct ResNetKANFile: SafeTensorsModel {
  /// The format version this code writes and the only one it reads.
  public static let formatVersion = "1"

  /// The network.
  public var model: ResNetKAN<Float>
  /// Notes on the training, stored as `train.<name>`.
  public var training: [String: String]

  /// A model to save.
  ///
  /// - Parameters:
  ///   - model: The network.
  ///   - training: Notes on the training, shown by `kan info`.
  public init(model: ResNetKAN<Float>, training: [String: String] = [:]) {
    self.model = model
    self.training = training
  }

  /// Whether a safetensors file holds a ResNet-KAN (its metadata has `resnet.format_version`).
  public static func holdsResNet(_ file: SafeTensorsFile) -> Bool {
    file.metadata[ResNetMetadataKey.formatVersion] != nil
  }

  /// The bytes of the safetensors file.
  ///
  /// - Throws: A `KANDataError` from the writer for a note it cannot store.
  public func encode() throws -> [UInt8] {
    var metadata = model.architecture.metadata
    metadata[ModelMetadataKey.format] = "pt"
    metadata[ResNetMetadataKey.formatVersion] = Self.formatVersion
    metadata[ModelMetadataKey.task] = ModelFile.Task.classification.rawValue
    for (name, note) in training { metadata[ModelMetadataKey.trainingPrefix + name] = note }
    let tensors = model.namedTensors.map {
      (name: $0.name, shape: $0.tensor.shape, values: $0.tensor.scalars)
    }
    return try SafeTensorsWriter.encode(tensors: tensors, metadata: metadata)
  }

  /// Builds the model from a validated safetensors file.
  ///
  /// - Throws: `KANError.invalidModel` for a file without ResNet-KAN metadata (a KAN, say), a
  ///   version this code does not read, or tensors that do not make the model its metadata
  ///   describes.
  public init(_ file: SafeTensorsFile) throws {
    let metadata = file.metadata
    guard let version = metadata[ResNetMetadataKey.formatVersion] else {
      let kind =
        metadata[ModelMetadataKey.formatVersion] != nil
        ? "a KAN model (kan.widths \(metadata[ModelMetadataKey.widths] ?? "?"))"
        : "not a swift-kan ResNet-KAN (no \(ResNetMetadataKey.formatVersion) in its metadata)"
      throw KANError.invalidModel(
        "this file is \(kind); a ResNet-KAN file is written by 'kan train mnist --model "
          + "resnet-kan --out FILE'. Read KAN files with ModelFile")
    }
    guard version == Self.formatVersion else {
      throw KANError.invalidModel(
        "ResNet-KAN format version \"\(version)\" is not supported; this swift-kan reads "
          + "version \(Self.formatVersion): update swift-kan, or re-save the model with this one")
    }
    let architecture = try ResNetKANArchitecture(metadata: metadata)
    var model = try ResNetKAN<Float>(architecture)
    var expected: Set<String> = []
    try model.visitTensors { name, value, replace in
      expected.insert(name)
      guard file.names.contains(name) else {
        throw KANError.invalidModel(
          "the model its metadata describes needs a tensor \"\(name)\" of shape "
            + "\(value.shape), which the file lacks\n\(architecture)")
      }
      let tensor = try file.modelTensor(
        named: name, shape: value.shape, model: "the model its metadata describes")
      do {
        try replace(tensor)
      } catch let error as KANError {
        throw KANError.invalidModel("tensor \"\(name)\": \(error)")
      }
    }
    let optional = { (name: String) in name.hasSuffix(".num_batches_tracked") }
    if let extra = file.names.first(where: { !expected.contains($0) && !optional($0) }) {
      throw KANError.invalidModel(
        "unexpected tensor \"\(extra)\": the model the metadata describes has no such tensor\n"
          + "\(architecture)")
    }
    self.model = model
    training = file.trainingNotes
  }
}
