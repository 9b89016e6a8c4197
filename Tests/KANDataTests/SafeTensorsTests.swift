// SafeTensorsTests: the writer's exact layout, reading it back, and each way a file can be wrong.

import Foundation
import Testing

@testable import KANData

/// A safetensors file from a header string (unpadded) and a data buffer.
private func file(_ header: String, _ data: [UInt8] = []) -> [UInt8] {
  let json = Array(header.utf8)
  return (0..<8).map { UInt8(truncatingIfNeeded: json.count >> (8 * $0)) } + json + data
}

/// A one-tensor header `{"<name>": <entry>}`.
private func single(_ entry: String, name: String = "w") -> String {
  "{\"\(name)\":\(entry)}"
}

@Suite("safetensors files")
struct SafeTensorsTests {
  @Test("the writer's bytes: length, compact ordered header padded to 8, little-endian F32")
  func writerLayout() throws {
    let bytes = try SafeTensorsWriter.encode(
      tensors: [("b", [2], [1, -2]), ("a", [], [0.5])], metadata: ["format": "pt"])
    let header =
      #"{"__metadata__":{"format":"pt"},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
      + #""a":{"dtype":"F32","shape":[],"data_offsets":[8,12]}}"#
    let padded = header + String(repeating: " ", count: (8 - header.utf8.count % 8) % 8)
    #expect(bytes[0..<8] == file(padded)[0..<8])
    #expect(String(decoding: bytes[8..<(8 + padded.utf8.count)], as: UTF8.self) == padded)
    #expect((8 + padded.utf8.count) % 8 == 0)
    #expect(Array(bytes.suffix(12)) == [0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0, 0, 0, 0, 0x3F])
  }

  @Test("what the writer writes, the reader reads: names, shapes, values, metadata")
  func roundTrip() throws {
    var rng = SplitMix64(state: 3)
    let w = (0..<24).map { _ in Float(Int(rng.next() % 2001) - 1000) / 7 }
    let bytes = try SafeTensorsWriter.encode(
      tensors: [("layers.0.w", [2, 3, 4], w), ("bias", [0], []), ("s", [], [3])],
      metadata: ["note": "quote \" backslash \\ newline \n é"])
    let read = try SafeTensorsFile(bytes: bytes)
    #expect(read.names == ["layers.0.w", "bias", "s"])
    #expect(try read.floats(named: "layers.0.w") == w)
    #expect(try read.shape(named: "layers.0.w") == [2, 3, 4])
    #expect(try read.floats(named: "bias") == [])
    #expect(try read.floats(named: "s") == [3])
    #expect(read.metadata == ["note": "quote \" backslash \\ newline \n é"])
    expectError(.safeTensorsTensorNotFound(name: "x", available: ["layers.0.w", "bias", "s"])) {
      _ = try read.floats(named: "x")
    }
  }

  @Test("the writer refuses mismatched shapes, duplicate names and the reserved name")
  func writerRefusals() {
    #expect(throws: KANDataError.self) {
      _ = try SafeTensorsWriter.encode(tensors: [("a", [2], [1])])
    }
    #expect(throws: KANDataError.self) {
      _ = try SafeTensorsWriter.encode(tensors: [("a", [-1], [])])
    }
    #expect(throws: KANDataError.self) {
      _ = try SafeTensorsWriter.encode(tensors: [("__metadata__", [], [1])])
    }
    expectError(.safeTensorsDuplicateName(name: "a")) {
      _ = try SafeTensorsWriter.encode(tensors: [("a", [], [1]), ("a", [], [2])])
    }
  }

  @Test("other dtypes are read as raw bytes, not converted by floats(named:)")
  func otherDTypes() throws {
    let read = try SafeTensorsFile(
      bytes: file(
        single(#"{"dtype":"F64","shape":[1],"data_offsets":[0,8]}"#),
        [0, 0, 0, 0, 0, 0, 0xF0, 0x3F]))
    #expect(try read.rawBytes(named: "w").count == 8)
    expectError(.safeTensorsWrongDType(name: "w", expected: "F32", found: "F64")) {
      _ = try read.floats(named: "w")
    }
  }

  @Test("file and header framing errors")
  func framingErrors() {
    expectError(.safeTensorsTooShort(size: 7)) {
      _ = try SafeTensorsFile(bytes: [2, 0, 0, 0, 0, 0, 0])
    }
    expectError(.safeTensorsHeaderTooLarge(length: 100, fileSize: 10, limit: 100_000_000)) {
      _ = try SafeTensorsFile(bytes: [100, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0x7D])
    }
    expectError(.safeTensorsHeaderTooLarge(length: UInt64.max, fileSize: 8, limit: 100_000_000)) {
      _ = try SafeTensorsFile(bytes: [UInt8](repeating: 0xFF, count: 8))
    }
    expectError(.safeTensorsHeaderNotUTF8) {
      _ = try SafeTensorsFile(bytes: [1, 0, 0, 0, 0, 0, 0, 0, 0xFF])
    }
    expectError(.safeTensorsHeaderNotObject) { _ = try SafeTensorsFile(bytes: file("[1, 2]")) }
    for bad in ["{", #"{"a":}"#, #"{"a":1,}"#, "{} x", #"{"a":01}"#, #"{"a":"\x"}"#, "", "nul"] {
      let error = caughtError { _ = try SafeTensorsFile(bytes: file(bad)) }
      guard case .safeTensorsHeaderNotJSON = error else {
        Issue.record("\(bad): got \(String(describing: error))")
        continue
      }
    }
    let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    #expect(throws: KANDataError.self) { _ = try SafeTensorsFile(bytes: file(deep)) }
  }

  @Test("entry errors: missing fields, wrong types, unknown dtype, bad shapes")
  func entryErrors() {
    let cases: [(String, KANDataError)] = [
      (
        #""F32""#,
        .safeTensorsMalformedEntry(
          name: "w", reason: "the entry is not an object with dtype, shape and data_offsets")
      ),
      (
        #"{"shape":[],"data_offsets":[0,4]}"#,
        .safeTensorsMalformedEntry(name: "w", reason: "missing field \"dtype\"")
      ),
      (
        #"{"dtype":1,"shape":[],"data_offsets":[0,4]}"#,
        .safeTensorsMalformedEntry(name: "w", reason: "\"dtype\" is not a string")
      ),
      (
        #"{"dtype":"F32","shape":[],"data_offsets":[0,4],"dtype":"F32"}"#,
        .safeTensorsMalformedEntry(name: "w", reason: "field \"dtype\" appears twice")
      ),
      (
        #"{"dtype":"F33","shape":[],"data_offsets":[0,4]}"#,
        .safeTensorsUnknownDType(name: "w", dtype: "F33")
      ),
      (
        #"{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}"#,
        .safeTensorsInvalidShape(name: "w", reason: "dimensions must be non-negative integers")
      ),
      (
        #"{"dtype":"F32","shape":[1.0],"data_offsets":[0,4]}"#,
        .safeTensorsInvalidShape(name: "w", reason: "dimensions must be non-negative integers")
      ),
      (
        #"{"dtype":"F32","shape":1,"data_offsets":[0,4]}"#,
        .safeTensorsMalformedEntry(name: "w", reason: "\"shape\" is not a list")
      ),
      (
        #"{"dtype":"F32","shape":[],"data_offsets":[0]}"#,
        .safeTensorsMalformedEntry(
          name: "w", reason: "\"data_offsets\" is not [begin, end] with non-negative integers")
      ),
      (
        #"{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}"#,
        .safeTensorsInvalidShape(name: "w", reason: "its byte size overflows")
      ),
    ]
    for (entry, expected) in cases {
      expectError(expected) { _ = try SafeTensorsFile(bytes: file(single(entry), [0, 0, 0, 0])) }
    }
  }

  @Test("offset errors: out of range, reversed, wrong size, overlapping, holes, unused tail")
  func offsetErrors() {
    let data = [UInt8](repeating: 0, count: 8)
    let entry = { (name: String, begin: Int, end: Int, count: Int) in
      "\"\(name)\":{\"dtype\":\"U8\",\"shape\":[\(count)],\"data_offsets\":[\(begin),\(end)]}"
    }
    let cases: [(String, KANDataError)] = [
      (
        "{" + entry("a", 0, 12, 12) + "}",
        .safeTensorsOffsetsOutOfRange(name: "a", begin: 0, end: 12, bufferSize: 8)
      ),
      ("{" + entry("a", 6, 2, 4) + "}", .safeTensorsOffsetsReversed(name: "a", begin: 6, end: 2)),
      (
        "{" + entry("a", 0, 8, 7) + "}",
        .safeTensorsByteCountMismatch(name: "a", expected: 7, actual: 8)
      ),
      (
        "{" + entry("a", 0, 6, 6) + "," + entry("b", 4, 8, 4) + "}",
        .safeTensorsOverlap(name: "b", other: "a")
      ),
      (
        "{" + entry("a", 0, 2, 2) + "," + entry("b", 4, 8, 4) + "}",
        .safeTensorsUnindexedBytes(begin: 2, end: 4)
      ),
      ("{" + entry("a", 0, 6, 6) + "}", .safeTensorsUnindexedBytes(begin: 6, end: 8)),
      (
        "{" + entry("a", 0, 8, 8) + "," + entry("a", 0, 0, 0) + "}",
        .safeTensorsDuplicateName(name: "a")
      ),
      (
        #"{"__metadata__":{"k":1},"# + entry("a", 0, 8, 8) + "}",
        .safeTensorsInvalidMetadata(reason: "the value of \"k\" is not a string")
      ),
    ]
    for (header, expected) in cases {
      expectError(expected) { _ = try SafeTensorsFile(bytes: file(header, data)) }
    }
  }

  @Test("the writer's file loads from disk; an existing file is not overwritten")
  func writesFile() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("model.safetensors")
    try SafeTensorsWriter.write(tensors: [("w", [1], [2])], to: url, overwrite: false)
    #expect(try SafeTensorsFile(contentsOf: url).floats(named: "w") == [2])
    expectError(.fileExists(path: url.path)) {
      try SafeTensorsWriter.write(tensors: [("w", [1], [3])], to: url, overwrite: false)
    }
    #expect(try SafeTensorsFile(contentsOf: url).floats(named: "w") == [2])
  }
}
