import KANData
import Testing

@testable import KAN

/// A CSV table parsed from text.
private func table(_ text: String) throws -> CSVTable {
  try CSVTable(parsing: Array(text.utf8))
}

@Suite("kan predict's CSV logic: one output row per input row; bad rows are refused")
struct ModelFilePredictionTests {
  @Test("a classifier writes its logits and their arg-max; they equal the network's outputs")
  func classifierRows() throws {
    let model = ModelFile(network: try tinyNetwork(), task: .classification)
    let input = "a,b,c\n0.5,-0.25,0.125\n-1,0,1\n"
    let text = String(decoding: try model.predictions(for: table(input)), as: UTF8.self)
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.first == "logit0,logit1,class")
    let x = try Tensor<Float>(shape: [2, 3], scalars: [0.5, -0.25, 0.125, -1, 0, 1])
    let y = try model.network(x)
    for b in 0..<2 {
      let cells = lines[b + 1].split(separator: ",").map(String.init)
      #expect(cells.count == 3)
      #expect(cells[0..<2].compactMap(Float.init) == Array(y.scalars[(2 * b)..<(2 * b + 2)]))
      #expect(Int(cells[2]) == (y[b, 1] > y[b, 0] ? 1 : 0))
    }
  }

  @Test("a regression model writes y0, y1, ...; a table with no rows gives only the header")
  func regressionRowsAndEmptyTable() throws {
    let model = ModelFile(network: try tinyNetwork(), task: .regression)
    let rows = String(decoding: try model.predictions(for: table("a,b,c\n1,2,3\n")), as: UTF8.self)
    #expect(rows.hasPrefix("y0,y1\n"))
    #expect(rows.split(separator: "\n").count == 2)
    let empty = try model.predictions(for: table("a,b,c\n"))
    #expect(String(decoding: empty, as: UTF8.self) == "y0,y1\n")
  }

  @Test("slices of a large table give the same rows as one batch")
  func batchingDoesNotChangeOutputs() throws {
    let model = ModelFile(network: try tinyNetwork(), task: .classification)
    let x = tinyInputs(rows: 11)
    let rows = (0..<11).map { b in (0..<3).map { Double(x[b, $0]) } }
    let csv = CSVTable(header: ["a", "b", "c"], rows: rows)
    #expect(try model.predictions(for: csv, batchSize: 3) == model.predictions(for: csv))
  }

  @Test("a CSV with the wrong number of columns names both counts")
  func wrongColumnCount() throws {
    let model = ModelFile(network: try tinyNetwork(), task: .regression)
    let message = errorMessage { _ = try model.predictions(for: table("a,b\n1,2\n")) }
    #expect(
      message == "input CSV = 2 columns is invalid: expected 3 columns, one per model input "
        + "(widths [3, 4, 2])")
    // A row shorter than the header is refused by the reader, with its line.
    #expect(throws: KANDataError.csvColumnCount(line: 3, expected: 3, found: 2)) {
      _ = try table("a,b,c\n1,2,3\n1,2\n")
    }
  }

  @Test("a non-numeric cell and a NaN are refused with their line and column")
  func nonNumericAndNaN() throws {
    #expect(throws: KANDataError.csvNotNumeric(line: 2, column: "b", cell: "seven")) {
      _ = try table("a,b,c\n1,seven,3\n")
    }
    #expect(throws: KANDataError.csvNotFinite(line: 3, column: "c", cell: "NaN")) {
      _ = try table("a,b,c\n1,2,3\n1,2,NaN\n")
    }
  }
}
