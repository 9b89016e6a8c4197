// IDX: the big-endian array format of the MNIST files (unsigned bytes).

/// An array of unsigned bytes read from an IDX file.
///
///     offset     bytes     field
///     0          2         0x00 0x00
///     2          1         data type: 0x08 unsigned byte (0x09 i8, 0x0B i16, 0x0C i32,
///                          0x0D f32 and 0x0E f64 exist but are not supported)
///     3          1         number of dimensions d
///     4          4 d       the dimensions, each a big-endian UInt32
///     4 + 4 d    product   the elements, row-major (last index fastest)
///
/// The first four bytes read as a big-endian UInt32 are the "magic number", `0x0803` for
/// MNIST images (unsigned bytes, 3 dimensions) and `0x0801` for labels. The header must
/// account for every byte: `product(dimensions) x 1` equals the bytes after the header.
public struct IDXArray: Equatable {
  /// The size of each dimension, outermost first.
  public let dimensions: [Int]
  /// The elements, row-major: for dimensions (a, b, c), element [i, j, k] is at
  /// `(i * b + j) * c + k`.
  public let bytes: [UInt8]

  /// Parses an IDX file held in memory.
  ///
  /// - Parameter file: The whole (uncompressed) file.
  /// - Throws: `KANDataError.idxBadHeader`, `idxUnsupportedDataType` or `idxSizeMismatch`.
  public init(parsing file: [UInt8]) throws {
    let header = try IDXArray.header(of: file)
    let dataSize = file.count - header.size
    guard let product = header.dataSize, product == dataSize else {
      throw KANDataError.idxSizeMismatch(
        dimensions: header.dimensions, expected: header.dataSize, actual: dataSize)
    }
    dimensions = header.dimensions
    bytes = Array(file[header.size...])
  }

  /// Reads the header at the start of `file`: the dimensions, the header's size `4 + 4 d` and
  /// the data size they declare, `product(dimensions)` (nil if it overflows).
  ///
  /// - Parameter file: The file, or at least its first `4 + 4 d` bytes.
  /// - Returns: The dimensions, the header size and the declared data size.
  /// - Throws: `KANDataError.idxBadHeader` or `idxUnsupportedDataType`.
  static func header(of file: [UInt8]) throws -> (dimensions: [Int], size: Int, dataSize: Int?) {
    guard file.count >= 4 else {
      throw KANDataError.idxBadHeader(reason: "\(file.count) bytes, shorter than the 4-byte magic")
    }
    guard file[0] == 0, file[1] == 0 else {
      throw KANDataError.idxBadHeader(reason: "the first two bytes are not zero")
    }
    guard file[2] == 0x08 else { throw KANDataError.idxUnsupportedDataType(code: file[2]) }
    let dimensionCount = Int(file[3])
    let headerSize = 4 + 4 * dimensionCount
    guard file.count >= headerSize else {
      throw KANDataError.idxBadHeader(
        reason: "\(dimensionCount) dimensions need a \(headerSize)-byte header, the file has "
          + "\(file.count) bytes")
    }
    var dimensions: [Int] = []
    var product: Int? = 1
    for d in 0..<dimensionCount {
      let dimension = Int(IDXArray.bigEndian32(file, at: 4 + 4 * d))
      dimensions.append(dimension)
      if let size = product {
        let (next, overflow) = size.multipliedReportingOverflow(by: dimension)
        product = overflow ? nil : next
      }
    }
    return (dimensions, headerSize, product)
  }

  /// The largest IDX header: 4 bytes, then 255 dimensions of 4 bytes.
  static let maxHeaderSize = 4 + 4 * 255

  /// Reads the big-endian UInt32 at `offset`: `b0 << 24 | b1 << 16 | b2 << 8 | b3`.
  ///
  /// - Parameters:
  ///   - bytes: The file; `offset + 4 <= bytes.count`.
  ///   - offset: Where the number starts.
  /// - Returns: The number.
  static func bigEndian32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    (0..<4).reduce(0) { $0 << 8 | UInt32(bytes[offset + $1]) }
  }
}
