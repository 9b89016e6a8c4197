// InflateTests: DEFLATE blocks built bit by bit (RFC 1951), each kind and each way to be wrong.

import Testing

@testable import KANData

/// Decompresses a raw DEFLATE stream by wrapping it in a gzip member that fits `original`.
private func inflate(_ deflate: [UInt8], original: [UInt8] = []) throws -> [UInt8] {
  try Gzip.decompress(gzipMember(deflate: deflate, original: original))
}

/// The lengths of a literal/length code over 257 symbols: `lengths` for the given symbols, 0
/// for the rest.
private func literalLengths(_ lengths: [Int: Int]) -> [Int] {
  (0..<257).map { lengths[$0] ?? 0 }
}

@Suite("DEFLATE blocks (RFC 1951 section 3.2)")
struct InflateTests {
  @Test("a stored block is its LEN bytes")
  func storedBlockIsItsBytes() throws {
    let data = Array("hello".utf8)
    let stream: [UInt8] = [0x01, 5, 0, 0xFA, 0xFF] + data
    #expect(try inflate(stream, original: data) == data)
  }

  @Test("a fixed block: literals, then a back-reference that overlaps itself")
  func fixedBlockWithOverlappingMatch() throws {
    var w = BitWriter()
    w.bits(1, 1)
    w.bits(1, 2)
    for byte in "abc".utf8 { w.fixedLiteral(Int(byte)) }
    w.fixedLiteral(261)  // length 7
    w.code(2, 5)  // distance 3
    w.fixedLiteral(256)
    let expected = Array("abcabcabca".utf8)
    #expect(try inflate(w.bytes, original: expected) == expected)
  }

  @Test("a dynamic block with a single one-bit distance code (the one incomplete code allowed)")
  func dynamicBlockWithSingleDistanceCode() throws {
    var w = BitWriter()
    w.bits(1, 1)
    w.bits(2, 2)
    // Codes: 257 -> 0, 'a' -> 10, 256 -> 11; one distance code, 0 (distance 1) -> 0.
    var lengths = literalLengths([97: 2, 256: 2])
    lengths.append(1)
    w.dynamicHeader(literalLengths: lengths, distanceLengths: [1])
    w.code(0b10, 2)
    w.code(0, 1)  // length 3
    w.code(0, 1)  // distance 1
    w.code(0b11, 2)
    let expected = Array("aaaa".utf8)
    #expect(try inflate(w.bytes, original: expected) == expected)
  }

  @Test("block type 3 is reserved")
  func reservedBlockType() {
    expectError(.deflateReservedBlockType(offset: 10)) { _ = try inflate([0x07, 0, 0, 0]) }
  }

  @Test("a stored block whose NLEN is not ~LEN")
  func storedLengthMismatch() {
    expectError(.deflateStoredLengthMismatch(offset: 11, length: 5, complement: 0)) {
      _ = try inflate([0x01, 5, 0, 0, 0, 1, 2, 3, 4, 5])
    }
  }

  @Test("a back-reference before the start of the output")
  func distanceTooFar() {
    var w = BitWriter()
    w.bits(1, 1)
    w.bits(1, 2)
    w.fixedLiteral(97)
    w.fixedLiteral(257)  // length 3
    w.code(1, 5)  // distance 2, one byte written so far
    w.fixedLiteral(256)
    let error = caughtError { _ = try inflate(w.bytes) }
    guard case .deflateDistanceTooFar(_, let distance, let available) = error else {
      Issue.record("got \(String(describing: error))")
      return
    }
    #expect(distance == 2 && available == 1)
  }

  @Test("literal/length symbol 286 and distance symbol 30 never occur")
  func invalidFixedSymbols() {
    var literal = BitWriter()
    literal.bits(1, 1)
    literal.bits(1, 2)
    literal.fixedLiteral(286)
    literal.bits(0, 16)
    var distance = BitWriter()
    distance.bits(1, 1)
    distance.bits(1, 2)
    distance.fixedLiteral(97)
    distance.fixedLiteral(257)
    distance.code(30, 5)
    distance.bits(0, 16)
    for stream in [literal.bytes, distance.bytes] {
      let error = caughtError { _ = try inflate(stream) }
      guard case .deflateInvalidSymbol = error else {
        Issue.record("got \(String(describing: error))")
        continue
      }
    }
  }

  @Test(
    "invalid dynamic code lengths are refused",
    arguments: [
      ("over-subscribed literal code", literalLengths([97: 1, 98: 1, 256: 1]), [1]),
      ("incomplete literal code", literalLengths([97: 2, 256: 2]), [1]),
      ("no end-of-block code", literalLengths([97: 1, 98: 1]), [1]),
      ("incomplete distance code", literalLengths([97: 1, 256: 1]), [2, 2]),
      ("over-subscribed distance code", literalLengths([97: 1, 256: 1]), [1, 1, 1]),
    ])
  func invalidCodeLengths(_ name: String, literals: [Int], distances: [Int]) {
    var w = BitWriter()
    w.bits(1, 1)
    w.bits(2, 2)
    w.dynamicHeader(literalLengths: literals, distanceLengths: distances)
    w.bits(0, 32)
    let error = caughtError { _ = try inflate(w.bytes) }
    guard case .deflateInvalidCodeLengths = error else {
      Issue.record("\(name): got \(String(describing: error))")
      return
    }
  }

  @Test("a bad code-length code or header counts are refused")
  func invalidCodeLengthHeaders() {
    var tooMany = BitWriter()
    tooMany.bits(1, 1)
    tooMany.bits(2, 2)
    tooMany.bits(30, 5)  // HLIT 287
    tooMany.bits(0, 40)
    var incomplete = BitWriter()
    incomplete.bits(1, 1)
    incomplete.bits(2, 2)
    incomplete.bits(0, 5)
    incomplete.bits(0, 5)
    incomplete.bits(0, 4)  // 4 code-length codes: 16 17 18 0
    for length in [0, 0, 0, 2] { incomplete.bits(length, 3) }
    incomplete.bits(0, 40)
    var repeatFirst = BitWriter()
    repeatFirst.bits(1, 1)
    repeatFirst.bits(2, 2)
    repeatFirst.bits(0, 5)
    repeatFirst.bits(0, 5)
    repeatFirst.bits(0, 4)
    for length in [1, 0, 0, 1] { repeatFirst.bits(length, 3) }  // 0 -> code 0, 16 -> code 1
    repeatFirst.code(1, 1)
    repeatFirst.bits(0, 40)
    for stream in [tooMany.bytes, incomplete.bytes, repeatFirst.bytes] {
      let error = caughtError { _ = try inflate(stream) }
      guard case .deflateInvalidCodeLengths = error else {
        Issue.record("got \(String(describing: error))")
        continue
      }
    }
  }
}
