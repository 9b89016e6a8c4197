// CRC32: the CRC-32 of gzip (RFC 1952 section 8), table-driven, eight bytes per step.

/// The CRC-32 checksum used by gzip, zlib and PNG (reflected polynomial 0xEDB88320).
///
///     crc = 0xFFFFFFFF
///     for each byte b:  crc = (crc >> 8) ^ T[(crc ^ b) & 0xFF]
///     checksum = crc ^ 0xFFFFFFFF
///
/// where `T[n]` is `n` run through eight steps of `c = c & 1 ? 0xEDB88320 ^ (c >> 1) : c >> 1`.
/// The implementation is "slicing by 8": eight derived tables fold eight bytes per step,
/// `T_k[n] = (T_{k-1}[n] >> 8) ^ T_0[T_{k-1}[n] & 0xFF]`. `CRC32.checksum("123456789")` is
/// 0xCBF43926.
public enum CRC32 {
  /// The eight 256-entry tables, `tables[k * 256 + n] = T_k[n]`.
  static let tables: [UInt32] = {
    var tables = [UInt32](repeating: 0, count: 8 * 256)
    for n in 0..<256 {
      var c = UInt32(n)
      for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
      tables[n] = c
    }
    for k in 1..<8 {
      for n in 0..<256 {
        let previous = tables[(k - 1) * 256 + n]
        tables[k * 256 + n] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
      }
    }
    return tables
  }()

  /// Returns the CRC-32 of `bytes`.
  ///
  /// - Parameter bytes: The data to check.
  /// - Returns: The checksum, as stored little-endian in a gzip trailer.
  public static func checksum(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBytes { update(0, $0) }
  }

  /// Continues a CRC-32 over more bytes: `update(update(0, a), b) == checksum(a + b)`.
  ///
  /// - Parameters:
  ///   - crc: The checksum of the bytes so far (0 for none).
  ///   - bytes: The next bytes.
  /// - Returns: The checksum of the bytes so far followed by `bytes`.
  public static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
    guard let base = bytes.baseAddress else { return crc }
    return tables.withUnsafeBufferPointer { tablePointer -> UInt32 in
      guard let t = tablePointer.baseAddress else { return crc }
      var c = ~crc
      var p = 0
      let count = bytes.count
      while p + 8 <= count {
        let low = c ^ UInt32(littleEndian: base.loadUnaligned(fromByteOffset: p, as: UInt32.self))
        let high = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: p + 4, as: UInt32.self))
        c =
          t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
          ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
          ^ t[3 * 256 + Int(high & 0xFF)] ^ t[2 * 256 + Int((high >> 8) & 0xFF)]
          ^ t[1 * 256 + Int((high >> 16) & 0xFF)] ^ t[Int(high >> 24)]
        p += 8
      }
      while p < count {
        c = (c >> 8) ^ t[Int((c ^ UInt32(base.load(fromByteOffset: p, as: UInt8.self))) & 0xFF)]
        p += 1
      }
      return ~c
    }
  }
}
