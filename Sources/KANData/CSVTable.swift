// CSVTable: reading a CSV file of numbers, a header row then one sample per row.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A table of numbers read from CSV: a header row naming the columns, then one row per sample.
///
///     x1,x2,"x 3"          line 1: the header; names may be quoted ("a ""b""" is a "b")
///     0.5,-1,2e-3          line 2: sample 0
///     1.25,0,7             line 3: sample 1
///
/// Rules: cells are separated by commas; spaces and tabs around a cell are ignored; lines end
/// in LF or CRLF; a UTF-8 byte-order mark is skipped; blank lines at the end are ignored, but
/// a blank line followed by more rows is an error. Every row has as many cells as the header,
/// and every cell is a finite number as Swift's `Double(_:)` reads it (`1`, `-2.5`, `3e-4`);
/// NaN, infinities and NUL bytes are rejected. A file with a header and no rows is a table with
/// zero rows (not an error); an empty file is an error. Quoted cells may not span lines. Row `r`
/// (from 0) is always on line `r + 2`, which errors name.
public struct CSVTable: Equatable {
  /// The column names, from the first line.
  public var header: [String]
  /// One array per sample, each with `header.count` values; rows is (samples, columns).
  public var rows: [[Double]]

  /// Makes a table from column names and rows.
  ///
  /// - Parameters:
  ///   - header: The column names.
  ///   - rows: The samples, each with `header.count` values.
  public init(header: [String], rows: [[Double]]) {
    self.header = header
    self.rows = rows
  }

  /// Reads the CSV file at `url`; errors carry its path.
  ///
  /// - Parameter url: A regular file of at most `FileSizeLimit.csv`.
  /// - Throws: `KANDataError.cannotRead` or `.fileTooLarge`, or a `csv...` error wrapped in
  ///   `KANDataError.inFile`.
  public init(contentsOf url: URL) throws {
    let bytes = try readBytes(at: url, limit: .csv)
    self = try inFile(url) { try CSVTable(parsing: bytes) }
  }

  /// Reads a CSV table from standard input, to its end; errors name "standard input".
  ///
  /// - Throws: `KANDataError.cannotRead`, `.fileTooLarge` past `FileSizeLimit.csv`, or a `csv...`
  ///   error wrapped in `KANDataError.inFile`.
  public static func readStandardInput() throws -> CSVTable {
    let bytes = try KANData.readStandardInput(limit: .csv)
    return try inFile(path: standardInputName) { try CSVTable(parsing: bytes) }
  }

  /// Parses CSV text held in memory.
  ///
  /// - Parameter text: The file's bytes, UTF-8.
  /// - Throws: A `KANDataError.csv...` error naming the line (1-based) and column.
  public init(parsing text: [UInt8]) throws {
    var lines = CSVTable.lines(text)
    while let last = lines.last, CSVTable.isBlank(text[last]) { lines.removeLast() }
    guard let first = lines.first else { throw KANDataError.csvEmpty }
    header = try CSVTable.cells(text[first], line: 1).map { String(decoding: $0, as: UTF8.self) }
    rows = []
    rows.reserveCapacity(lines.count - 1)
    for (index, range) in lines.enumerated().dropFirst() {
      let line = index + 1
      if CSVTable.isBlank(text[range]) { throw KANDataError.csvBlankLine(line: line) }
      let cells = try CSVTable.cells(text[range], line: line)
      guard cells.count == header.count else {
        throw KANDataError.csvColumnCount(line: line, expected: header.count, found: cells.count)
      }
      rows.append(
        try zip(cells, header.indices).map { cell, column in
          try number(cell, line: line, column: column)
        })
    }
  }

  /// The values as Float, row-major: value (sample, column) is at `sample * header.count +
  /// column`.
  ///
  ///     |x| <= Float.greatestFiniteMagnitude (3.4e38), else an error: Float(x) would be inf
  ///
  /// - Returns: (rows.count, header.count) floats.
  /// - Throws: `KANDataError.csvOutOfRange` naming the line and column of the first value that
  ///   overflows Float.
  public func flattenedFloats() throws -> [Float] {
    var floats: [Float] = []
    floats.reserveCapacity(rows.count * header.count)
    for (sample, row) in rows.enumerated() {
      for (column, value) in row.enumerated() {
        let float = Float(value)
        guard float.isFinite else {
          throw KANDataError.csvOutOfRange(
            line: sample + 2, column: columnName(column), value: value, type: "Float")
        }
        floats.append(float)
      }
    }
    return floats
  }

  /// The name of a column for messages: its header, or `#` and its number (from 1) if empty.
  private func columnName(_ column: Int) -> String {
    header[column].isEmpty ? "#\(column + 1)" : header[column]
  }

  /// Reads one cell as a finite number.
  private func number(_ cell: [UInt8], line: Int, column: Int) throws -> Double {
    let text = String(decoding: cell, as: UTF8.self)
    let name = columnName(column)
    guard let value = Double(text) else {
      throw KANDataError.csvNotNumeric(line: line, column: name, cell: text)
    }
    guard value.isFinite else {
      throw KANDataError.csvNotFinite(line: line, column: name, cell: text)
    }
    return value
  }

  /// The byte ranges of the lines, without their LF or CRLF, after a UTF-8 byte-order mark.
  private static func lines(_ text: [UInt8]) -> [Range<Int>] {
    var start = text.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var lines: [Range<Int>] = []
    while start < text.count {
      let newline = text[start...].firstIndex(of: UInt8(ascii: "\n")) ?? text.count
      let end = newline > start && text[newline - 1] == UInt8(ascii: "\r") ? newline - 1 : newline
      lines.append(start..<end)
      start = newline + 1
    }
    return lines
  }

  /// Whether a line holds nothing but spaces and tabs.
  private static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
    line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
  }

  /// Splits a line into cells: comma-separated, trimmed of spaces and tabs, unquoted; a NUL
  /// byte is an error (C's `strtod`, under `Double(_:)`, would stop there and read a prefix).
  private static func cells(_ line: ArraySlice<UInt8>, line number: Int) throws -> [[UInt8]] {
    guard isValidUTF8(line) else { throw KANDataError.csvNotUTF8(line: number) }
    let quote = UInt8(ascii: "\"")
    var cells: [[UInt8]] = []
    var cell: [UInt8] = []
    var i = line.startIndex
    while true {
      while i < line.endIndex, line[i] == UInt8(ascii: " ") || line[i] == UInt8(ascii: "\t") {
        i += 1
      }
      cell.removeAll(keepingCapacity: true)
      let isQuoted = i < line.endIndex && line[i] == quote
      if isQuoted {
        i += 1
        while true {
          guard i < line.endIndex else { throw KANDataError.csvUnterminatedQuote(line: number) }
          if line[i] == quote {
            if i + 1 < line.endIndex, line[i + 1] == quote {
              cell.append(quote)
              i += 2
              continue
            }
            i += 1
            break
          }
          cell.append(line[i])
          i += 1
        }
        while i < line.endIndex, line[i] == UInt8(ascii: " ") || line[i] == UInt8(ascii: "\t") {
          i += 1
        }
      }
      while i < line.endIndex, line[i] != UInt8(ascii: ",") {
        cell.append(line[i])
        i += 1
      }
      while !isQuoted, let last = cell.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t")
      {
        cell.removeLast()
      }
      guard !cell.contains(0) else {
        throw KANDataError.csvNULByte(line: number, column: cells.count + 1)
      }
      cells.append(cell)
      guard i < line.endIndex else { return cells }
      i += 1
    }
  }
}
