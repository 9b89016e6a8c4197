// CSVWriter: writing a header and rows of numbers as CSV that CSVTable reads back exactly.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Writes tables of numbers as CSV, in the format that `CSVTable` reads.
///
///     x1,x2,"name, with comma"     header; a name other than non-empty printable ASCII
///     0.1,-2.5,3e-05               without spaces, commas and quotes is quoted, quotes doubled
///
/// Lines end in LF. Each number is Swift's `description`, the shortest decimal that reads back
/// as the same value, so `Float` and `Double` round-trip exactly. NaN and infinities are
/// written as `nan`, `inf` and `-inf`, which `CSVTable` rejects as input.
public enum CSVWriter {
  /// Renders a header and rows as CSV text.
  ///
  /// - Parameters:
  ///   - header: The column names; none may contain a line break.
  ///   - rows: The samples, each with `header.count` values; rows is (samples, columns).
  /// - Returns: The UTF-8 bytes of the file.
  /// - Throws: `KANDataError.csvCannotWrite` for a name with a line break or a row of the
  ///   wrong width.
  public static func encode<T: BinaryFloatingPoint & LosslessStringConvertible>(
    header: [String], rows: [[T]]
  ) throws -> [UInt8] {
    var text = try header.map(quoted).joined(separator: ",") + "\n"
    for (index, row) in rows.enumerated() {
      guard row.count == header.count else {
        throw KANDataError.csvCannotWrite(
          reason: "row \(index) has \(row.count) values but the header names \(header.count) "
            + "columns")
      }
      text += row.map(\.description).joined(separator: ",") + "\n"
    }
    return Array(text.utf8)
  }

  /// Writes a header and rows as a CSV file, atomically (see `AtomicFile`).
  ///
  /// - Parameters:
  ///   - header: The column names; none may contain a line break.
  ///   - rows: The samples, each with `header.count` values.
  ///   - url: The destination.
  ///   - overwrite: Replace an existing file; when false an existing file is an error.
  /// - Throws: `KANDataError.csvCannotWrite`, `fileExists` or `cannotWrite`.
  public static func write<T: BinaryFloatingPoint & LosslessStringConvertible>(
    header: [String], rows: [[T]], to url: URL, overwrite: Bool
  ) throws {
    try AtomicFile.write(encode(header: header, rows: rows), to: url, overwrite: overwrite)
  }

  /// Quotes a header name unless it is non-empty printable ASCII without spaces, commas or
  /// quotes, so that every name the reader can return is written back unchanged.
  private static func quoted(_ name: String) throws -> String {
    guard !name.unicodeScalars.contains("\n") else {
      throw KANDataError.csvCannotWrite(reason: "column name \"\(name)\" contains a line break")
    }
    let isPlain =
      !name.isEmpty
      && name.unicodeScalars.allSatisfy {
        (0x21...0x7E).contains($0.value) && $0 != "," && $0 != "\""
      }
    guard !isPlain else { return name }
    var result = String.UnicodeScalarView()
    for scalar in name.unicodeScalars {
      result.append(scalar)
      if scalar == "\"" { result.append(scalar) }
    }
    return "\"" + String(result) + "\""
  }
}
