// Gzip: gzip members (RFC 1952): header, DEFLATE body, then the CRC-32 and ISIZE trailer.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decompresses gzip files (RFC 1952), including several members concatenated.
///
/// A member is laid out as
///
///     offset  bytes
///     0       2      ID1 ID2 = 1f 8b
///     2       1      CM = 8 (deflate)
///     3       1      FLG: bit 0 FTEXT, 1 FHCRC, 2 FEXTRA, 3 FNAME, 4 FCOMMENT, 5-7 reserved = 0
///     4       4      MTIME
///     8       1      XFL
///     9       1      OS
///     if FEXTRA:   XLEN (2 bytes, little-endian), then XLEN bytes
///     if FNAME:    a name ending in a zero byte
///     if FCOMMENT: a comment ending in a zero byte
///     if FHCRC:    the low 16 bits of the CRC-32 of the header bytes before it (2 bytes, LE)
///     the DEFLATE stream (RFC 1951)
///     CRC32  4 bytes, LE: CRC-32 of the member's uncompressed data
///     ISIZE  4 bytes, LE: the member's uncompressed length modulo 2^32
///
/// The result is the members' data concatenated. Bytes after the last member that do not start
/// a new member are an error (`gzip -d` warns and ignores them; we refuse). Inflation stops as
/// soon as the output would pass a limit (`FileSizeLimit.inflated`, or the size an IDX header
/// declares, see `decompressIDX`), so a small file that inflates to gigabytes fails quickly in
/// bounded memory.
public enum Gzip {
  /// Decompresses the gzip file at `url`; errors carry its path.
  ///
  /// - Parameters:
  ///   - url: A regular gzip file of at most `FileSizeLimit.gzip`.
  ///   - limit: The most bytes it may inflate to.
  /// - Returns: The uncompressed bytes.
  /// - Throws: `KANDataError.cannotRead` or `.fileTooLarge`, or a gzip error (including
  ///   `inflatedTooLarge`) wrapped in `KANDataError.inFile`.
  public static func decompress(
    contentsOf url: URL, limit: FileSizeLimit = .inflated
  ) throws -> [UInt8] {
    let bytes = try readBytes(at: url, limit: .gzip)
    return try inFile(url) { try decompress(bytes, limit: limit) }
  }

  /// Decompresses a gzip file held in memory.
  ///
  /// - Parameters:
  ///   - bytes: One or more gzip members.
  ///   - limit: The most bytes it may inflate to; inflation stops as soon as it would pass it.
  /// - Returns: The uncompressed bytes.
  /// - Throws: `KANDataError.truncated`, a `gzip...` or a `deflate...` error, or
  ///   `inflatedTooLarge`.
  public static func decompress(
    _ bytes: [UInt8], limit: FileSizeLimit = .inflated
  ) throws -> [UInt8] {
    try inflate(
      bytes, maximum: limit.bytes, reason: "swift-kan's \(limit.text) cap on a \(limit.kind)")
  }

  /// Decompresses at most `maximum` bytes, holding at most `maximum + Inflater.margin` in
  /// memory.
  ///
  /// - Parameters:
  ///   - bytes: One or more gzip members.
  ///   - maximum: The most bytes the members may inflate to.
  ///   - reason: Where `maximum` comes from, for the error.
  ///   - prefixOnly: Return the first `maximum` bytes when there are more, instead of throwing
  ///     (the trailers of the members not inflated to their end are not checked then).
  /// - Returns: The uncompressed bytes, or their first `maximum` bytes.
  /// - Throws: As `decompress(_:limit:)`.
  static func inflate(
    _ bytes: [UInt8], maximum: Int, reason: String, prefixOnly: Bool = false
  ) throws -> [UInt8] {
    try bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress, buffer.count > 0 else {
        throw KANDataError.truncated(offset: 0, reading: "the gzip header")
      }
      let output = ByteBuffer(
        capacity: min(sizeHint(buffer), maximum) + Inflater.margin,
        limit: maximum + Inflater.margin)
      var inflater = Inflater(base: base, end: buffer.count, output: output)
      var position = 0
      do {
        repeat {
          position = try inflateMember(buffer, at: position, into: &inflater)
          guard output.count <= maximum else { throw ByteBuffer.Full() }
        } while position < buffer.count
      } catch is ByteBuffer.Full {
        guard prefixOnly else {
          throw KANDataError.inflatedTooLarge(limit: maximum, reason: reason)
        }
        return Array(UnsafeBufferPointer(start: output.pointer, count: min(output.count, maximum)))
      }
      return output.bytes()
    }
  }

  /// Inflates the member at `position` and checks its trailer.
  ///
  /// - Returns: The offset after the member.
  /// - Throws: A gzip or deflate error, `ByteBuffer.Full`.
  private static func inflateMember(
    _ buffer: UnsafeBufferPointer<UInt8>, at position: Int, into inflater: inout Inflater
  ) throws -> Int {
    let output = inflater.output
    let memberStart = output.count
    let dataStart = try skipHeader(buffer, at: position)
    let trailer = try inflater.inflate(from: dataStart, windowStart: memberStart)
    guard trailer + 8 <= buffer.count else {
      throw KANDataError.truncated(offset: buffer.count, reading: "the gzip trailer")
    }
    let member = UnsafeRawBufferPointer(
      start: output.pointer + memberStart, count: output.count - memberStart)
    let crc = CRC32.update(0, member)
    let storedCRC = littleEndian32(buffer, at: trailer)
    guard crc == storedCRC else {
      throw KANDataError.gzipCRCMismatch(offset: trailer, stored: storedCRC, computed: crc)
    }
    let size = UInt32(truncatingIfNeeded: member.count)
    let storedSize = littleEndian32(buffer, at: trailer + 4)
    guard size == storedSize else {
      throw KANDataError.gzipLengthMismatch(offset: trailer + 4, stored: storedSize, computed: size)
    }
    let next = trailer + 8
    if next < buffer.count && !startsMember(buffer, at: next) {
      throw KANDataError.gzipTrailingGarbage(offset: next, count: buffer.count - next)
    }
    return next
  }

  /// Reads a member header at `start` and returns the offset of its DEFLATE stream.
  static func skipHeader(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) throws -> Int {
    func need(_ count: Int, at offset: Int, _ what: String) throws {
      guard offset + count <= bytes.count else {
        throw KANDataError.truncated(offset: bytes.count, reading: what)
      }
    }
    try need(10, at: start, "the gzip header")
    guard startsMember(bytes, at: start) else { throw KANDataError.gzipBadMagic(offset: start) }
    guard bytes[start + 2] == 8 else {
      throw KANDataError.gzipUnsupportedMethod(offset: start + 2, method: bytes[start + 2])
    }
    let flags = bytes[start + 3]
    guard flags & 0xE0 == 0 else {
      throw KANDataError.gzipReservedFlags(offset: start + 3, flags: flags)
    }
    var p = start + 10
    if flags & 0x04 != 0 {
      try need(2, at: p, "the gzip extra field length")
      let extraLength = Int(bytes[p]) | Int(bytes[p + 1]) << 8
      try need(2 + extraLength, at: p, "the gzip extra field")
      p += 2 + extraLength
    }
    for (flag, what) in [(UInt8(0x08), "the gzip file name"), (0x10, "the gzip comment")]
    where flags & flag != 0 {
      while true {
        try need(1, at: p, what)
        p += 1
        if bytes[p - 1] == 0 { break }
      }
    }
    if flags & 0x02 != 0 {
      try need(2, at: p, "the gzip header CRC16")
      let header = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<p]))
      let computed = UInt16(truncatingIfNeeded: CRC32.update(0, header))
      let stored = UInt16(bytes[p]) | UInt16(bytes[p + 1]) << 8
      guard computed == stored else {
        throw KANDataError.gzipHeaderCRCMismatch(offset: p, stored: stored, computed: computed)
      }
      p += 2
    }
    return p
  }

  /// Whether the bytes at `offset` are the gzip magic 1f 8b.
  private static func startsMember(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
    offset + 2 <= bytes.count && bytes[offset] == 0x1F && bytes[offset + 1] == 0x8B
  }

  /// Reads a little-endian UInt32 at `offset` (the caller checked the bounds).
  private static func littleEndian32(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt32
  {
    (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
  }

  /// The output capacity to start with: the last ISIZE, which is exact for a single member,
  /// capped at 1032 times the input (DEFLATE's largest ratio) and at 256 MB (and by the caller
  /// at its limit), so a damaged trailer cannot reserve gigabytes; past the hint the output
  /// grows by doubling.
  private static func sizeHint(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    guard bytes.count >= 18 else { return 0 }
    let size = Int(littleEndian32(bytes, at: bytes.count - 4))
    return min(size, bytes.count * 1032, 1 << 28)
  }
}
