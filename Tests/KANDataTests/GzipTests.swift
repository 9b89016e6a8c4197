// GzipTests: gzip members (RFC 1952) against the system gzip, header flags, trailer checks.

import Foundation
import Testing

@testable import KANData

@Suite("gzip files (RFC 1952)")
struct GzipTests {
  @Test("CRC-32 of \"123456789\" is 0xCBF43926, and update continues a checksum")
  func crc32CheckValue() {
    let bytes = Array("123456789".utf8)
    #expect(CRC32.checksum(bytes) == 0xCBF4_3926)
    let split = bytes[..<4].withUnsafeBytes { CRC32.update(0, $0) }
    #expect(bytes[4...].withUnsafeBytes { CRC32.update(split, $0) } == 0xCBF4_3926)
    #expect(CRC32.checksum([]) == 0)
  }

  @Test(
    "decompresses what gzip -1, -6 and -9 compress",
    arguments: [("-1", 0), ("-6", 1), ("-9", 1000), ("-1", 70_000), ("-9", 300_000)])
  func matchesSystemGzip(level: String, count: Int) throws {
    let data = sampleBytes(count: count, seed: UInt64(count))
    let compressed = try runGzip(["-c", "-n", level], input: data)
    #expect(try Gzip.decompress(compressed) == data)
  }

  @Test("incompressible data (stored blocks from gzip) round-trips")
  func incompressibleData() throws {
    var rng = SplitMix64(state: 7)
    let data = (0..<100_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    let compressed = try runGzip(["-c", "-n"], input: data)
    #expect(try Gzip.decompress(compressed) == data)
  }

  @Test("concatenated members decode to the concatenation of their data")
  func concatenatedMembers() throws {
    let first = sampleBytes(count: 5000, seed: 1)
    let second = sampleBytes(count: 3000, seed: 2)
    let file = try runGzip(["-c", "-n"], input: first) + runGzip(["-c"], input: second)
    #expect(try Gzip.decompress(file) == first + second)
  }

  @Test("a back-reference may not reach into the previous member")
  func windowStartsAtEachMember() {
    let first = gzipMember(deflate: [0x01, 3, 0, 0xFC, 0xFF, 1, 2, 3], original: [1, 2, 3])
    var w = BitWriter()
    w.bits(1, 1)
    w.bits(1, 2)
    w.fixedLiteral(257)
    w.code(2, 5)  // distance 3
    w.fixedLiteral(256)
    let error = caughtError {
      _ = try Gzip.decompress(first + gzipMember(deflate: w.bytes, original: []))
    }
    guard case .deflateDistanceTooFar(_, 3, 0) = error else {
      Issue.record("got \(String(describing: error))")
      return
    }
  }

  @Test("FTEXT, FEXTRA, FNAME, FCOMMENT are skipped and FHCRC is checked")
  func optionalHeaderFields() throws {
    let data = Array("flags".utf8)
    let stored: [UInt8] = [0x01, 5, 0, 0xFA, 0xFF] + data
    var header: [UInt8] = [0x1F, 0x8B, 8, 0x1F, 0, 0, 0, 0, 0, 3]
    header += [3, 0, 0xAA, 0xBB, 0xCC]  // FEXTRA: XLEN 3
    header += Array("name.txt".utf8) + [0]
    header += Array("a comment".utf8) + [0]
    let headerCRC = UInt16(truncatingIfNeeded: CRC32.checksum(header))
    let trailer = littleEndian(CRC32.checksum(data)) + littleEndian(5)
    let good = header + [UInt8(headerCRC & 0xFF), UInt8(headerCRC >> 8)] + stored + trailer
    #expect(try Gzip.decompress(good) == data)
    var bad = good
    bad[header.count] ^= 0x01
    expectError(
      .gzipHeaderCRCMismatch(offset: header.count, stored: headerCRC ^ 1, computed: headerCRC)
    ) { _ = try Gzip.decompress(bad) }
  }

  @Test("a damaged CRC-32 or ISIZE in the trailer is reported")
  func trailerChecks() throws {
    let data = sampleBytes(count: 2000, seed: 3)
    let file = try runGzip(["-c", "-n"], input: data)
    let crc = CRC32.checksum(data)
    var badCRC = file
    badCRC[file.count - 8] ^= 0x40
    expectError(.gzipCRCMismatch(offset: file.count - 8, stored: crc ^ 0x40, computed: crc)) {
      _ = try Gzip.decompress(badCRC)
    }
    var badSize = file
    badSize[file.count - 4] ^= 0x01
    expectError(.gzipLengthMismatch(offset: file.count - 4, stored: 2000 ^ 1, computed: 2000)) {
      _ = try Gzip.decompress(badSize)
    }
  }

  @Test("bad magic, another method, reserved flags, trailing bytes")
  func headerErrors() throws {
    let file = try runGzip(["-c", "-n"], input: Array("header".utf8))
    var magic = file
    magic[1] = 0x8C
    expectError(.gzipBadMagic(offset: 0)) { _ = try Gzip.decompress(magic) }
    var method = file
    method[2] = 7
    expectError(.gzipUnsupportedMethod(offset: 2, method: 7)) { _ = try Gzip.decompress(method) }
    var flags = file
    flags[3] = 0x20
    expectError(.gzipReservedFlags(offset: 3, flags: 0x20)) { _ = try Gzip.decompress(flags) }
    expectError(.gzipTrailingGarbage(offset: file.count, count: 3)) {
      _ = try Gzip.decompress(file + [0, 0, 0])
    }
    expectError(.truncated(offset: 0, reading: "the gzip header")) { _ = try Gzip.decompress([]) }
  }

  @Test("every proper prefix of a gzip file is reported as truncated")
  func everyPrefixIsTruncated() throws {
    let file = try runGzip(["-c", "-n"], input: sampleBytes(count: 3000, seed: 4))
    for length in 0..<file.count {
      let error = caughtError { _ = try Gzip.decompress(Array(file[..<length])) }
      guard case .truncated = error else {
        Issue.record("prefix of \(length) bytes: \(String(describing: error))")
        return
      }
    }
  }

  @Test("inverting any byte after the header is detected")
  func everyCorruptionIsDetected() throws {
    let data = sampleBytes(count: 3000, seed: 5)
    let file = try runGzip(["-c", "-n"], input: data)
    for offset in 10..<file.count {
      var damaged = file
      damaged[offset] ^= 0xFF
      #expect(throws: KANDataError.self, "byte \(offset)") { _ = try Gzip.decompress(damaged) }
    }
  }
}
