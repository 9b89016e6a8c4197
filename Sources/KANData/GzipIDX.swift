// GzipIDX: inflating a gzipped IDX file no further than its header says it is long.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Gzip {
  /// Decompresses the gzipped IDX file at `url`, stopping at the size its header declares.
  ///
  /// - Parameter url: A regular gzip file of at most `FileSizeLimit.gzip`.
  /// - Returns: The uncompressed IDX file.
  /// - Throws: `KANDataError.cannotRead` or `.fileTooLarge`, or, in `KANDataError.inFile`, a
  ///   gzip error, an IDX header error or `inflatedTooLarge`.
  public static func decompressIDX(contentsOf url: URL) throws -> [UInt8] {
    let bytes = try readBytes(at: url, limit: .gzip)
    return try inFile(url) { try decompressIDX(bytes) }
  }

  /// Decompresses a gzipped IDX file held in memory, stopping at the size its header declares.
  ///
  ///     1. inflate the first 4 + 4 * 255 bytes at most: enough for any IDX header
  ///     2. expected = 4 + 4 d + product(dimensions)   (overflow-checked), at most `limit`
  ///     3. inflate again, stopping as soon as the output would pass `expected`
  ///
  /// So a 1 MB file that inflates to 1 GiB stops after the bytes its header accounts for; a
  /// header that declares more than `limit` stops after step 1. gzip's ISIZE is checked at the
  /// end of each member and sizes the first allocation (never beyond `expected`).
  ///
  /// - Parameters:
  ///   - bytes: One or more gzip members holding an IDX file.
  ///   - limit: The most bytes accepted whatever the header says.
  /// - Returns: The uncompressed IDX file.
  /// - Throws: A gzip or deflate error, `idxBadHeader`, `idxUnsupportedDataType`,
  ///   `idxSizeMismatch` (dimensions that overflow) or `inflatedTooLarge`.
  public static func decompressIDX(
    _ bytes: [UInt8], limit: FileSizeLimit = .inflated
  ) throws -> [UInt8] {
    let prefix = try inflate(
      bytes, maximum: IDXArray.maxHeaderSize, reason: "an IDX header", prefixOnly: true)
    let header = try IDXArray.header(of: prefix)
    guard let dataSize = header.dataSize,
      case (let expected, false) = header.size.addingReportingOverflow(dataSize)
    else {
      throw KANDataError.idxSizeMismatch(
        dimensions: header.dimensions, expected: nil, actual: prefix.count - header.size)
    }
    let dimensions = header.dimensions.map(String.init).joined(separator: " x ")
    guard expected <= limit.bytes else {
      throw KANDataError.inflatedTooLarge(
        limit: limit.bytes,
        reason: "its IDX header declares dimensions \(dimensions), \(expected) bytes, over "
          + "swift-kan's \(limit.text) cap on a \(limit.kind)")
    }
    return try inflate(
      bytes, maximum: expected,
      reason: "the size its IDX header declares, dimensions \(dimensions)")
  }
}
