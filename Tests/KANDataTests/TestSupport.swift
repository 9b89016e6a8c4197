// TestSupport: fixtures made in code: a seeded RNG, gzip via the system tool, a DEFLATE bit writer.

import Foundation
import Testing

@testable import KANData

/// A seeded generator (SplitMix64), so fixtures are the same on every run.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Bytes that compress somewhat: runs and repeats drawn from a small alphabet, plus noise.
func sampleBytes(count: Int, seed: UInt64) -> [UInt8] {
  var rng = SplitMix64(state: seed)
  var bytes: [UInt8] = []
  bytes.reserveCapacity(count)
  while bytes.count < count {
    switch rng.next() % 4 {
    case 0: bytes.append(UInt8(truncatingIfNeeded: rng.next()))
    case 1: bytes += [UInt8](repeating: UInt8(rng.next() % 8), count: Int(rng.next() % 40))
    case 2 where bytes.count > 300:
      let start = bytes.count - 1 - Int(rng.next() % 300)
      for i in 0..<Int(rng.next() % 60) { bytes.append(bytes[start + i % (bytes.count - start)]) }
    default: bytes += Array("the quick brown fox ".utf8)
    }
  }
  return Array(bytes.prefix(count))
}

/// A fresh empty directory under the system's temporary directory.
func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("KANDataTests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// Runs `gzip` with `arguments` on `input` (written to a temporary file) and returns stdout.
func runGzip(_ arguments: [String], input: [UInt8]) throws -> [UInt8] {
  let directory = try temporaryDirectory()
  defer { try? FileManager.default.removeItem(at: directory) }
  let file = directory.appendingPathComponent("input")
  try Data(input).write(to: file)
  return try runGzip(arguments + [file.path])
}

/// Runs `gzip` with `arguments` and returns what it writes to stdout.
func runGzip(_ arguments: [String]) throws -> [UInt8] {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["gzip"] + arguments
  let pipe = Pipe()
  process.standardOutput = pipe
  try process.run()
  let output = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  #expect(process.terminationStatus == 0, "gzip \(arguments) failed")
  return [UInt8](output)
}

/// Wraps a raw DEFLATE stream in a minimal gzip member with the right CRC-32 and ISIZE.
func gzipMember(deflate: [UInt8], original: [UInt8], flags: UInt8 = 0) -> [UInt8] {
  var member: [UInt8] = [0x1F, 0x8B, 8, flags, 0, 0, 0, 0, 0, 3]
  member += deflate
  member += littleEndian(CRC32.checksum(original))
  member += littleEndian(UInt32(truncatingIfNeeded: original.count))
  return member
}

/// The four little-endian bytes of `value`.
func littleEndian(_ value: UInt32) -> [UInt8] {
  (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
}

/// Writes a DEFLATE bit stream: fields least significant bit first, Huffman codes most
/// significant bit first (RFC 1951 section 3.1.1).
struct BitWriter {
  private(set) var bytes: [UInt8] = []
  private var bitCount = 0

  /// Appends the low `count` bits of `value`, least significant first (header fields, extras).
  mutating func bits(_ value: Int, _ count: Int) {
    for i in 0..<count {
      if bitCount % 8 == 0 { bytes.append(0) }
      bytes[bytes.count - 1] |= UInt8((value >> i) & 1) << (bitCount % 8)
      bitCount += 1
    }
  }

  /// Appends a Huffman code of `length` bits, most significant first.
  mutating func code(_ code: Int, _ length: Int) {
    for i in stride(from: length - 1, through: 0, by: -1) { bits((code >> i) & 1, 1) }
  }

  /// Appends a symbol of the fixed literal/length code (RFC 1951 section 3.2.6).
  mutating func fixedLiteral(_ symbol: Int) {
    switch symbol {
    case 0...143: code(0x30 + symbol, 8)
    case 144...255: code(0x190 + symbol - 144, 9)
    case 256...279: code(symbol - 256, 7)
    default: code(0xC0 + symbol - 280, 8)
    }
  }

  /// Appends a dynamic block header whose code-length code gives symbols 0-15 four bits each
  /// (so length `n` is sent as the 4-bit code `n`), then the given code lengths.
  mutating func dynamicHeader(literalLengths: [Int], distanceLengths: [Int]) {
    bits(literalLengths.count - 257, 5)
    bits(distanceLengths.count - 1, 5)
    bits(15, 4)
    let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
    for symbol in order { bits(symbol >= 16 ? 0 : 4, 3) }
    for length in literalLengths + distanceLengths { code(length, 4) }
  }
}

/// Asserts that `body` throws exactly `expected`.
func expectError(
  _ expected: KANDataError, sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () throws -> Void
) {
  do {
    try body()
    Issue.record("expected \(expected), nothing was thrown", sourceLocation: sourceLocation)
  } catch let error as KANDataError {
    #expect(error == expected, sourceLocation: sourceLocation)
  } catch {
    Issue.record("expected \(expected), got \(error)", sourceLocation: sourceLocation)
  }
}

/// Returns the `KANDataError` that `body` throws, recording an issue if it throws none.
func caughtError(
  sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> KANDataError? {
  do {
    try body()
  } catch let error as KANDataError {
    return error
  } catch {
    Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    return nil
  }
  Issue.record("nothing was thrown", sourceLocation: sourceLocation)
  return nil
}
