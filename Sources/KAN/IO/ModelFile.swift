import KANData

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A `KANNetwork<Float>` stored as a safetensors file that PyTorch's efficient-kan loads.
///
/// The tensors carry efficient-kan's state-dict names, all F32, so
/// `efficient_kan.KAN(widths).load_state_dict(safetensors.torch.load_file(path))` works:
///
///     layers.{l}.base_weight     (out, in)             w_b
///     layers.{l}.spline_weight   (out, in, G + k)      w_s
///     layers.{l}.spline_scaler   (out, in)             s   (absent when not standalone)
///     layers.{l}.grid            (in, G + 2k + 1)      knots, strictly increasing per row
///
/// The `__metadata__` holds the architecture, the task and a format version (see
/// `ModelMetadataKey`). Reading checks every tensor against it: names, shapes, F32, finite
/// values, increasing knots. A file without `kan.format_version` (a PyTorch `state_dict`) is
/// read if its names and shapes determine the architecture; see
/// `ModelArchitecture.init(inferringFrom:)` for what is assumed then.
///
/// The task says how to read the outputs: `classification` (written by `kan train mnist`)
/// means the outputs are logits and the predicted class is their arg-max; `regression`, the
/// default and what a PyTorch file is taken to be, means the outputs are the prediction.
public struct ModelFile: SafeTensorsModel {
  /// The format version this code writes and the only one it reads.
  public static let formatVersion = "1"

  /// The parameter names of one layer, in the order they are written.
  public static let parameterNames = ["base_weight", "spline_weight", "spline_scaler", "grid"]

  /// How a model's outputs are meant.
  public enum Task: String, Sendable, CaseIterable {
    /// The outputs are the predicted values.
    case regression
    /// The outputs are class logits; the prediction is their arg-max.
    case classification
  }

  /// Where a file's architecture came from.
  public enum Origin: Equatable, Sendable {
    /// swift-kan metadata, format `formatVersion`.
    case metadata
    /// Inferred from the tensor shapes of a file without swift-kan metadata (PyTorch).
    case inferredFromShapes
  }

  /// The network.
  public var network: KANNetwork<Float>
  /// How its outputs are meant.
  public var task: Task
  /// Notes on the training, stored as `train.<name>`, such as `epochs` and `test_accuracy`.
  public var training: [String: String]
  /// How raw input columns are standardised before the network, and their names (nil: the
  /// network takes its inputs as they are).
  public var inputScaling: InputScaling?
  /// The name of the column the model predicts, if known.
  public var targetName: String?
  /// Where the architecture came from (`.metadata` for a model made in memory).
  public private(set) var origin = Origin.metadata

  /// A model to save.
  ///
  /// - Parameters:
  ///   - network: The network.
  ///   - task: How its outputs are meant.
  ///   - training: Notes on the training, shown by `kan info`.
  ///   - inputScaling: The standardisation of raw inputs and their names.
  ///   - targetName: The predicted column's name.
  public init(
    network: KANNetwork<Float>, task: Task, training: [String: String] = [:],
    inputScaling: InputScaling? = nil, targetName: String? = nil
  ) {
    self.network = network
    self.task = task
    self.training = training
    self.inputScaling = inputScaling
    self.targetName = targetName
  }

  /// The network's architecture.
  ///
  /// - Throws: `KANError.invalidModel` if its layers differ in grid size, order, basis,
  ///   activation or policy (a file holds one of each).
  public func architecture() throws(KANError) -> ModelArchitecture {
    try ModelArchitecture(of: network)
  }

  /// The bytes of the safetensors file.
  ///
  /// - Returns: The file, header and tensors.
  /// - Throws: `KANError.invalidModel` for layers that differ (see `architecture()`) or a
  ///   weight that is not finite (the reader would refuse the file), or a `KANDataError` from
  ///   the writer for a note it cannot store.
  public func encode() throws -> [UInt8] {
    for tensor in tensors {
      if let index = tensor.values.firstIndex(where: { !$0.isFinite }) {
        throw KANError.invalidModel(
          "tensor \"\(tensor.name)\" holds \(tensor.values[index]) at flat index \(index); a model "
            + "file holds finite values only (did the training diverge? lower the learning rate)")
      }
    }
    var metadata = try architecture().metadata
    metadata[ModelMetadataKey.format] = "pt"
    metadata[ModelMetadataKey.formatVersion] = Self.formatVersion
    metadata[ModelMetadataKey.task] = task.rawValue
    for (name, note) in training { metadata[ModelMetadataKey.trainingPrefix + name] = note }
    let edges = ModelEdgeMetadata.entries(of: network, scaling: inputScaling, target: targetName)
    metadata.merge(edges) { _, new in new }
    return try SafeTensorsWriter.encode(tensors: tensors, metadata: metadata)
  }

  /// Parses and validates a model file held in memory.
  ///
  /// - Parameter bytes: The whole file.
  /// - Throws: `KANDataError` for a damaged safetensors file (or a header over
  ///   `ModelLimits.maxHeaderBytes`), `KANError.invalidModel` for tensors that do not make a
  ///   valid model (limits, names, shapes, dtype, values, metadata).
  public init(bytes: [UInt8]) throws {
    try self.init(SafeTensorsFile(bytes: bytes, maxHeaderLength: ModelLimits.maxHeaderBytes))
  }

  /// Builds the model from a validated safetensors file.
  ///
  ///     1. the architecture, from the metadata or the tensor shapes (nothing allocated)
  ///     2. the whole header against it and `ModelLimits` (`checkHeader`)
  ///     3. the values, then the layers
  ///
  /// - Parameter file: The parsed file.
  /// - Throws: As `init(bytes:)`.
  public init(_ file: SafeTensorsFile) throws {
    let metadata = file.metadata
    guard metadata["resnet.format_version"] == nil else {
      throw KANError.invalidModel(
        "this file holds a ResNet-KAN (resnet.stages \(metadata["resnet.stages"] ?? "?")), not a "
          + "KAN: read it with KANVision's ResNetKANFile (kan info and kan predict read both)")
    }
    let architecture: ModelArchitecture
    if let version = metadata[ModelMetadataKey.formatVersion] {
      guard version == Self.formatVersion else {
        throw KANError.invalidModel(
          "model format version \"\(escapingControlCharacters(version))\" is not supported; this swift-kan reads version "
            + "\(Self.formatVersion): update swift-kan, or re-save the model with this one")
      }
      architecture = try ModelArchitecture(metadata: metadata)
      let taskName = metadata[ModelMetadataKey.task] ?? Task.regression.rawValue
      guard let task = Task(rawValue: taskName) else {
        throw KANError.invalidModel(
          "metadata \(ModelMetadataKey.task) = \"\(escapingControlCharacters(taskName))\" is "
            + "unknown: expected "
            + "\"regression\" or \"classification\"")
      }
      self.task = task
      origin = .metadata
    } else {
      architecture = try ModelArchitecture(inferringFrom: file)
      task = .regression
      origin = .inferredFromShapes
    }
    let edges = try ModelEdgeMetadata(metadata, architecture: architecture)
    network = try Self.network(from: file, architecture: architecture)
    try edges.apply(to: &network)
    inputScaling = edges.scaling
    targetName = edges.target
    training = file.trainingNotes
  }
}
