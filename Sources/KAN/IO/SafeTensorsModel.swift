import KANData

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A model stored as one safetensors file, such as `ModelFile` (a KAN) or KANVision's
/// `ResNetKANFile`.
///
/// Conforming types say how to encode and how to rebuild from a parsed file; saving and
/// loading by path, with their error wrapping, come from this extension.
public protocol SafeTensorsModel {
  /// The bytes of the safetensors file.
  func encode() throws -> [UInt8]

  /// Builds the model from a validated safetensors file.
  init(_ file: SafeTensorsFile) throws
}

extension SafeTensorsModel {
  /// Saves the model atomically: a temporary file beside `url`, then a rename.
  ///
  /// - Parameters:
  ///   - url: The destination, conventionally `*.safetensors`.
  ///   - overwrite: Replace an existing file; when false an existing file is an error and is
  ///     left untouched.
  /// - Throws: `KANDataError.fileExists` or `.cannotWrite`, or the errors of `encode()`.
  public func write(to url: URL, overwrite: Bool) throws {
    try AtomicFile.write(encode(), to: url, overwrite: overwrite)
  }

  /// Reads and validates the model file at `url`.
  ///
  /// A file from anyone is safe to read: it must be a regular file within
  /// `ModelLimits.maxFileBytes`, and `init(_:)` checks the whole header against the
  /// architecture and `ModelLimits` before any layer is allocated.
  ///
  /// - Parameter url: A safetensors file.
  /// - Throws: `KANDataError.cannotRead` or `.fileTooLarge`, a `KANDataError.inFile` for a
  ///   damaged safetensors file, `KANError.invalidModel` (its message starting with the path)
  ///   for tensors that do not make a valid model.
  public init(contentsOf url: URL) throws {
    try self.init(Self.readFile(url), path: url.path)
  }

  /// Reads the safetensors file at `url` within `ModelLimits`, for a caller that looks at its
  /// metadata before choosing the model type; `init(_:path:)` then builds the model from it.
  ///
  /// - Throws: `KANDataError.cannotRead` or `.fileTooLarge`, a `KANDataError.inFile` for a
  ///   damaged safetensors file.
  public static func readFile(_ url: URL) throws -> SafeTensorsFile {
    try SafeTensorsFile(
      contentsOf: url, limit: ModelLimits.maxFileBytes, maxHeaderLength: ModelLimits.maxHeaderBytes)
  }

  /// Builds the model from a file read from `path`, naming the path in every error.
  ///
  /// - Throws: a `KANDataError.inFile` or `KANError.invalidModel` starting with the path.
  public init(_ file: SafeTensorsFile, path: String) throws {
    do {
      try self.init(file)
    } catch let error as KANDataError {
      throw KANDataError.inFile(path: path, error: error)
    } catch let error as KANError {
      throw KANError.invalidModel("\(escapingControlCharacters(path)): \(error)")
    }
  }
}

extension SafeTensorsFile {
  /// A model's tensor, after checking that it is F32, has the shape the model needs and holds
  /// only finite values.
  ///
  /// - Parameters:
  ///   - name: The tensor's name.
  ///   - shape: The shape the model needs.
  ///   - model: The model as the message names it, such as `the model (widths [2, 1], ...)`.
  /// - Returns: The tensor.
  /// - Throws: `KANError.invalidModel` naming the tensor and what is wrong with it, or the
  ///   file's errors for a name it does not hold.
  public func modelTensor(named name: String, shape: [Int], model: String) throws
    -> KAN.Tensor<Float>
  {
    let entry = try tensor(named: name)
    guard entry.dtype == .float32 else {
      throw KANError.invalidModel(
        "tensor \"\(name)\" is \(entry.dtype.rawValue), but a model holds F32 tensors: in "
          + "PyTorch, save model.float().state_dict()")
    }
    guard entry.shape == shape else {
      throw KANError.invalidModel(
        "tensor \"\(name)\" has shape \(entry.shape) but \(model) needs \(shape)")
    }
    let tensor = try KAN.Tensor(shape: shape, scalars: floats(named: name))
    if let index = tensor.scalars.firstIndex(where: { !$0.isFinite }) {
      throw KANError.invalidModel(
        "tensor \"\(name)\" holds \(tensor.scalars[index]) at flat index \(index); a model "
          + "needs finite values (was it saved after the training diverged?)")
    }
    return tensor
  }

  /// The training notes in the metadata: every `train.<name>` entry, keyed by `<name>`.
  public var trainingNotes: [String: String] {
    var notes: [String: String] = [:]
    for (key, note) in metadata where key.hasPrefix(ModelMetadataKey.trainingPrefix) {
      notes[String(key.dropFirst(ModelMetadataKey.trainingPrefix.count))] = note
    }
    return notes
  }
}
