// SafeTensorsFile: reading and validating a safetensors file (the format of Hugging Face).

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A safetensors file read into memory and validated.
///
///     offset     bytes   field
///     0          8       N, the header length, a little-endian UInt64 (at most 100 MB)
///     8          N       the header: a UTF-8 JSON object, possibly padded with spaces
///     8 + N      rest    the data buffer: every tensor's little-endian bytes
///
/// The header maps each tensor name to
/// `{"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}`, where the offsets count
/// from the start of the data buffer, plus an optional `"__metadata__"` object of strings.
/// Validation follows the reference implementation: `end - begin` must equal
/// `product(shape) x dtype size` (an empty shape is a scalar, one element), and the tensors
/// must tile the data buffer exactly, with no overlap, hole or unused tail. Unknown fields in
/// an entry are ignored, as by the reference reader.
public struct SafeTensorsFile {
  /// Where one tensor's bytes are and how to read them.
  public struct Tensor: Equatable, Sendable {
    /// The tensor's name in the header.
    public let name: String
    /// The element type.
    public let dtype: SafeTensorsDType
    /// The size of each dimension, outermost first; `[]` is a scalar.
    public let shape: [Int]
    /// The tensor's bytes within the data buffer (`data_offsets`).
    public let byteRange: Range<Int>
  }

  /// The largest header accepted, as in the reference implementation.
  public static let maxHeaderLength = 100_000_000

  /// The tensors in the order of their bytes in the data buffer.
  public let tensors: [Tensor]
  /// The `__metadata__` map, empty if the header has none.
  public let metadata: [String: String]
  /// The whole file.
  private let bytes: [UInt8]
  /// The offset of the data buffer in `bytes`, `8 + N`.
  private let dataStart: Int

  /// Reads the safetensors file at `url`; errors carry its path.
  ///
  /// - Parameters:
  ///   - url: A regular file of at most `limit`.
  ///   - limit: The largest file accepted, checked before reading.
  ///   - maxHeaderLength: The largest header accepted, checked before parsing it.
  /// - Throws: `KANDataError.cannotRead` or `.fileTooLarge`, or a `safeTensors...` error in
  ///   `KANDataError.inFile`.
  public init(
    contentsOf url: URL, limit: FileSizeLimit = .model,
    maxHeaderLength: Int = SafeTensorsFile.maxHeaderLength
  ) throws {
    let bytes = try readBytes(at: url, limit: limit)
    self = try inFile(url) { try SafeTensorsFile(bytes: bytes, maxHeaderLength: maxHeaderLength) }
  }

  /// Parses and validates a safetensors file held in memory.
  ///
  /// - Parameters:
  ///   - bytes: The whole file.
  ///   - maxHeaderLength: The largest header accepted, checked before parsing it.
  /// - Throws: A `KANDataError.safeTensors...` error saying what is wrong and where.
  public init(bytes: [UInt8], maxHeaderLength: Int = SafeTensorsFile.maxHeaderLength) throws {
    guard bytes.count >= 8 else { throw KANDataError.safeTensorsTooShort(size: bytes.count) }
    let length = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * $1) }
    guard length <= UInt64(min(maxHeaderLength, bytes.count - 8)) else {
      throw KANDataError.safeTensorsHeaderTooLarge(
        length: length, fileSize: bytes.count, limit: maxHeaderLength)
    }
    let header = Array(bytes[8..<(8 + Int(length))])
    guard isValidUTF8(header[...]) else { throw KANDataError.safeTensorsHeaderNotUTF8 }
    guard case .object(let members) = try JSONParser.parse(header) else {
      throw KANDataError.safeTensorsHeaderNotObject
    }
    dataStart = 8 + Int(length)
    let bufferSize = bytes.count - dataStart
    var metadata: [String: String]?
    var tensors: [Tensor] = []
    var names: Set<String> = []
    for (name, value) in members {
      guard names.insert(name).inserted else {
        throw KANDataError.safeTensorsDuplicateName(name: name)
      }
      if name == "__metadata__" {
        metadata = try SafeTensorsFile.metadata(value)
      } else {
        tensors.append(try SafeTensorsFile.tensor(name, value, bufferSize: bufferSize))
      }
    }
    tensors.sort {
      ($0.byteRange.lowerBound, $0.byteRange.upperBound) < (
        $1.byteRange.lowerBound, $1.byteRange.upperBound
      )
    }
    try SafeTensorsFile.checkTiling(tensors, bufferSize: bufferSize)
    self.bytes = bytes
    self.tensors = tensors
    self.metadata = metadata ?? [:]
  }

  /// The names of the tensors, in the order of their bytes.
  public var names: [String] { tensors.map(\.name) }

  /// Looks a tensor up by name.
  ///
  /// - Parameter name: The tensor's name in the header.
  /// - Returns: Its dtype, shape and byte range.
  /// - Throws: `KANDataError.safeTensorsTensorNotFound`, listing the names there are.
  public func tensor(named name: String) throws -> Tensor {
    guard let tensor = tensors.first(where: { $0.name == name }) else {
      throw KANDataError.safeTensorsTensorNotFound(name: name, available: names)
    }
    return tensor
  }

  /// The shape of a tensor.
  ///
  /// - Parameter name: The tensor's name in the header.
  /// - Returns: The size of each dimension, outermost first.
  /// - Throws: `KANDataError.safeTensorsTensorNotFound`.
  public func shape(named name: String) throws -> [Int] {
    try tensor(named: name).shape
  }

  /// The raw little-endian bytes of a tensor, of any dtype.
  ///
  /// - Parameter name: The tensor's name in the header.
  /// - Returns: `product(shape) x dtype.byteCount` bytes.
  /// - Throws: `KANDataError.safeTensorsTensorNotFound`.
  public func rawBytes(named name: String) throws -> ArraySlice<UInt8> {
    let range = try tensor(named: name).byteRange
    return bytes[(dataStart + range.lowerBound)..<(dataStart + range.upperBound)]
  }

  /// The elements of an F32 tensor, row-major.
  ///
  /// Other dtypes (F64, F16, ...) are not converted; they throw `safeTensorsWrongDType`.
  ///
  /// - Parameter name: The tensor's name in the header.
  /// - Returns: `product(shape)` floats; element (i, j) of shape (a, b) is at `i * b + j`.
  /// - Throws: `KANDataError.safeTensorsTensorNotFound` or `safeTensorsWrongDType`.
  public func floats(named name: String) throws -> [Float] {
    let tensor = try self.tensor(named: name)
    guard tensor.dtype == .float32 else {
      throw KANDataError.safeTensorsWrongDType(
        name: name, expected: "F32", found: tensor.dtype.rawValue)
    }
    let start = dataStart + tensor.byteRange.lowerBound
    return bytes.withUnsafeBytes { raw in
      (0..<(tensor.byteRange.count / 4)).map { i in
        Float(
          bitPattern: UInt32(
            littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * i, as: UInt32.self)))
      }
    }
  }
}
