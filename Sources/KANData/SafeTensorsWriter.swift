// SafeTensorsWriter: writing F32 tensors as a safetensors file that PyTorch loads.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Writes F32 tensors in the safetensors format (see `SafeTensorsFile` for the layout).
///
/// The header is compact JSON in a fixed order: `"__metadata__"` first (only if not empty,
/// keys sorted), then the tensors in the order given, each as
/// `"name":{"dtype":"F32","shape":[...],"data_offsets":[begin,end]}`. It is padded with spaces
/// to a multiple of 8 bytes, as the reference implementation does, so the data buffer starts at
/// an 8-byte-aligned offset. The tensors' bytes follow in the order given, little-endian.
public enum SafeTensorsWriter {
  /// One tensor to write: a name, a shape and its elements row-major.
  public typealias Tensor = (name: String, shape: [Int], values: [Float])

  /// Encodes tensors and metadata as the bytes of a safetensors file.
  ///
  /// - Parameters:
  ///   - tensors: The tensors, in the order their bytes are laid out; `values.count` must be
  ///     `product(shape)` (1 for the scalar shape `[]`).
  ///   - metadata: Free-form string pairs stored under `__metadata__`.
  /// - Returns: The file's bytes.
  /// - Throws: `KANDataError.safeTensorsCannotWrite` for a shape that does not match the
  ///   values or the reserved name `__metadata__`; `safeTensorsDuplicateName`.
  public static func encode(tensors: [Tensor], metadata: [String: String] = [:]) throws -> [UInt8] {
    var entries: [String] = []
    if !metadata.isEmpty {
      let pairs = metadata.sorted { $0.key < $1.key }.map {
        quoted($0.key) + ":" + quoted($0.value)
      }
      entries.append(quoted("__metadata__") + ":{" + pairs.joined(separator: ",") + "}")
    }
    var names: Set<String> = []
    var offset = 0
    for tensor in tensors {
      try check(tensor)
      guard names.insert(tensor.name).inserted else {
        throw KANDataError.safeTensorsDuplicateName(name: tensor.name)
      }
      let end = offset + 4 * tensor.values.count
      let shape = tensor.shape.map(String.init).joined(separator: ",")
      entries.append(
        quoted(tensor.name) + ":{\"dtype\":\"F32\",\"shape\":[\(shape)],"
          + "\"data_offsets\":[\(offset),\(end)]}")
      offset = end
    }
    var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
    header += [UInt8](repeating: UInt8(ascii: " "), count: (8 - header.count % 8) % 8)
    var file: [UInt8] = []
    file.reserveCapacity(8 + header.count + offset)
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { file += $0 }
    file += header
    for tensor in tensors {
      for value in tensor.values {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { file += $0 }
      }
    }
    return file
  }

  /// Writes tensors and metadata as a safetensors file, atomically (see `AtomicFile`).
  ///
  /// - Parameters:
  ///   - tensors: The tensors, in the order their bytes are laid out.
  ///   - metadata: Free-form string pairs stored under `__metadata__`.
  ///   - url: The destination.
  ///   - overwrite: Replace an existing file; when false an existing file is an error.
  /// - Throws: The errors of `encode`, `KANDataError.fileExists` or `cannotWrite`.
  public static func write(
    tensors: [Tensor], metadata: [String: String] = [:], to url: URL, overwrite: Bool
  ) throws {
    let bytes = try encode(tensors: tensors, metadata: metadata)
    try AtomicFile.write(bytes, to: url, overwrite: overwrite)
  }

  /// Checks that a tensor's name is allowed and its shape matches its values.
  private static func check(_ tensor: Tensor) throws {
    func refuse(_ reason: String) -> KANDataError {
      KANDataError.safeTensorsCannotWrite(name: tensor.name, reason: reason)
    }
    guard tensor.name != "__metadata__" else { throw refuse("the name is reserved") }
    var count = 1
    for size in tensor.shape {
      guard size >= 0 else { throw refuse("shape \(tensor.shape) has a negative dimension") }
      let (product, overflow) = count.multipliedReportingOverflow(by: size)
      guard !overflow else { throw refuse("shape \(tensor.shape) overflows") }
      count = product
    }
    guard count == tensor.values.count else {
      throw refuse("shape \(tensor.shape) holds \(count) values, not \(tensor.values.count)")
    }
  }

  /// Writes a string as a JSON string literal: quotes, backslashes and control characters
  /// escaped, everything else as UTF-8.
  static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case "\u{00}"..."\u{1F}":
        let hex = String(scalar.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
