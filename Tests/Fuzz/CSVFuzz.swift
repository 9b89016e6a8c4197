// CSVFuzz: libFuzzer entry point for the CSV reader and writer (built by run.sh).

import KANData

/// Parses the input as CSV and checks that a table that parses survives a round trip.
///
/// Writing the table and reading it back must give the same table. Thrown errors are
/// expected; crashes and failed round trips are bugs.
///
/// - Parameters:
///   - data: The fuzzer's input.
///   - size: The input's length in bytes.
/// - Returns: 0, as libFuzzer requires.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  guard let table = try? CSVTable(parsing: bytes) else { return 0 }
  precondition(
    table.rows.allSatisfy { $0.count == table.header.count && $0.allSatisfy(\.isFinite) })
  do {
    let written = try CSVWriter.encode(header: table.header, rows: table.rows)
    let reread = try CSVTable(parsing: written)
    precondition(reread == table, "round trip changed the table")
  } catch {
    preconditionFailure("a parsed table failed to round-trip: \(error)")
  }
  return 0
}
