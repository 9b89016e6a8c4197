// CSVTests: reading tables of numbers, every rejected input named by line and column, writing.

import Foundation
import Testing

@testable import KANData

/// Parses CSV text.
private func parse(_ text: String) throws -> CSVTable {
  try CSVTable(parsing: Array(text.utf8))
}

@Suite("CSV tables")
struct CSVTests {
  @Test("header and rows, with CRLF, spaces, quoted names, a BOM and trailing blank lines")
  func parsesTable() throws {
    let table = try parse(
      "\u{FEFF}x1, \"x 2\",\"say \"\"hi\"\"\"\r\n1, -2.5 ,3e-3\r\n0,0,1\r\n\r\n\n")
    #expect(table.header == ["x1", "x 2", "say \"hi\""])
    #expect(table.rows == [[1, -2.5, 0.003], [0, 0, 1]])
    #expect(try table.flattenedFloats() == [1, -2.5, 0.003, 0, 0, 1])
  }

  @Test("a header without rows is a table of zero rows; an empty file is an error")
  func headerOnlyAndEmpty() throws {
    #expect(try parse("a,b\n") == CSVTable(header: ["a", "b"], rows: []))
    #expect(try parse("a,b") == CSVTable(header: ["a", "b"], rows: []))
    expectError(.csvEmpty) { _ = try parse("") }
    expectError(.csvEmpty) { _ = try parse("\n  \n") }
  }

  @Test("a row with the wrong number of cells names its line")
  func wrongColumnCount() {
    expectError(.csvColumnCount(line: 3, expected: 2, found: 3)) {
      _ = try parse("a,b\n1,2\n1,2,3\n")
    }
    expectError(.csvColumnCount(line: 2, expected: 2, found: 1)) { _ = try parse("a,b\n1\n") }
  }

  @Test("a non-numeric or empty cell names its line and column")
  func nonNumericCell() {
    expectError(.csvNotNumeric(line: 2, column: "b", cell: "x")) { _ = try parse("a,b\n1,x\n") }
    expectError(.csvNotNumeric(line: 2, column: "a", cell: "")) { _ = try parse("a,b\n,1\n") }
    expectError(.csvNotNumeric(line: 2, column: "#1", cell: "1.2.3")) {
      _ = try parse(",b\n1.2.3,1\n")
    }
  }

  @Test("a NUL byte in a cell is an error naming its line and cell, not the number before it")
  func nulByte() {
    expectError(.csvNULByte(line: 3, column: 2)) { _ = try parse("a,b\n1,2\n3,4\u{0}5\n") }
    expectError(.csvNULByte(line: 1, column: 1)) { _ = try parse("a\u{0},b\n1,2\n") }
  }

  @Test("a value beyond Float's range is refused by flattenedFloats with its line and column")
  func floatOverflow() throws {
    let table = try parse("x,y\n1,2\n3,-1e39\n")
    expectError(.csvOutOfRange(line: 3, column: "y", value: -1e39, type: "Float")) {
      _ = try table.flattenedFloats()
    }
    #expect(try parse("x\n3.4e38\n").flattenedFloats() == [3.4e38])
  }

  @Test("NaN and infinities are rejected with the documented message")
  func nonFiniteCells() {
    let text = "x1,x2\n" + String(repeating: "1,2\n", count: 5) + "3,NaN\n"
    let error = caughtError { _ = try parse(text) }
    #expect(error == .csvNotFinite(line: 7, column: "x2", cell: "NaN"))
    #expect(error?.description.hasPrefix("line 7, column \"x2\": NaN is not a valid input") == true)
    expectError(.csvNotFinite(line: 2, column: "x1", cell: "-inf")) { _ = try parse("x1\n-inf\n") }
    expectError(.csvNotFinite(line: 2, column: "x1", cell: "1e999")) {
      _ = try parse("x1\n1e999\n")
    }
  }

  @Test("a blank line before more rows, an open quote and invalid UTF-8 are errors")
  func malformedLines() {
    expectError(.csvBlankLine(line: 3)) { _ = try parse("a\n1\n\n2\n") }
    expectError(.csvUnterminatedQuote(line: 1)) { _ = try parse("\"a,b\n1,2\n") }
    expectError(.csvNotUTF8(line: 2)) { _ = try CSVTable(parsing: Array("a\n".utf8) + [0xFF]) }
  }

  @Test("written Floats read back exactly; names with commas and quotes are quoted")
  func writerRoundTrip() throws {
    var rng = SplitMix64(state: 11)
    let rows = (0..<20).map { _ in
      (0..<3).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()) & 0xBF7F_FFFF) }
    }
    let header = ["x", "a,b", "say \"hi\""]
    let bytes = try CSVWriter.encode(header: header, rows: rows)
    let table = try CSVTable(parsing: bytes)
    #expect(table.header == header)
    #expect(table.rows.map { $0.map(Float.init) } == rows)
    #expect(try CSVWriter.encode(header: ["y"], rows: [[Float(0.1)]]) == Array("y\n0.1\n".utf8))
  }

  @Test("the writer refuses line breaks in names and rows of the wrong width")
  func writerRefusals() {
    #expect(throws: KANDataError.self) { _ = try CSVWriter.encode(header: ["a\nb"], rows: [[1.0]]) }
    #expect(throws: KANDataError.self) {
      _ = try CSVWriter.encode(header: ["a"], rows: [[1.0, 2]])
    }
  }

  @Test("write(to:) goes through AtomicFile and refuses to overwrite")
  func writesFile() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("predictions.csv")
    try CSVWriter.write(header: ["y"], rows: [[Float(1.5)]], to: url, overwrite: false)
    #expect(try CSVTable(contentsOf: url).rows == [[1.5]])
    expectError(.fileExists(path: url.path)) {
      try CSVWriter.write(header: ["y"], rows: [[Float(2)]], to: url, overwrite: false)
    }
    #expect(try CSVTable(contentsOf: url).rows == [[1.5]])
  }
}
