import Foundation
import KANPlot
import Testing

@Suite("Terminal plot: braille cells of 2 x 4 dots, fixed dimensions, clear errors")
struct TerminalPlotTests {
  @Test("title + height rows + axis + labels + legend, every plot row the same width")
  func dimensions() throws {
    let xs = (0..<50).map { Double($0) / 49 }
    let plot = TerminalPlot(
      title: "sin", series: [Series("sin", x: xs, y: xs.map { sin(6 * $0) })], width: 40,
      height: 8)
    let lines = try plot.render().split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 1 + 8 + 3, "\(lines.count) lines")
    let rows = lines[1...8]
    #expect(Set(rows.map(\.count)).count == 1, "rows differ in width")
    #expect(rows.allSatisfy { $0.count >= 42 })
    #expect(lines[9].hasSuffix(String(repeating: "─", count: 40)))
  }

  @Test("the line y = x lights the bottom-left and top-right cells only at its ends")
  func diagonalGoesCornerToCorner() throws {
    let plot = TerminalPlot(series: [Series("y=x", x: [0, 1], y: [0, 1])], width: 10, height: 5)
    let rows = try plot.render().split(separator: "\n").prefix(5).map { Array($0.suffix(10)) }
    let blank: Character = "\u{2800}"
    #expect(rows[0][9] != blank && rows[0][0] == blank, "top row: \(String(rows[0]))")
    #expect(rows[4][0] != blank && rows[4][9] == blank, "bottom row: \(String(rows[4]))")
  }

  @Test("a second series is drawn as 'o' markers and named in the legend")
  func secondSeriesMarkers() throws {
    let plot = TerminalPlot(
      series: [
        Series("prediction", x: [0, 1], y: [0, 1]),
        Series("target", x: [0.5], y: [0.5], style: .scatter),
      ], width: 20, height: 6)
    let text = try plot.render()
    #expect(text.filter { $0 == "o" }.count == 2 + 1, "one marker, the legend's 'o', 'prediction'")
    #expect(text.hasSuffix("⣿ prediction   o target"))
  }

  @Test("NaN, three series or a tiny size throw")
  func badInputThrows() {
    #expect(throws: PlotError.nonFiniteValue(series: "s", axis: "y", index: 0)) {
      try TerminalPlot(series: [Series("s", x: [0], y: [.nan])]).render()
    }
    let one = Series("s", x: [0, 1], y: [0, 1])
    #expect(throws: PlotError.self) { try TerminalPlot(series: [one, one, one]).render() }
    #expect(throws: PlotError.self) { try TerminalPlot(series: [one], width: 5).render() }
  }
}

@Suite("Atomic file writes: temporary file, then rename")
struct FileOutputTests {
  @Test("writes, overwrites its own file, and leaves no temporary file behind")
  func writesAndReplaces() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kanplot-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try createFolder(folder + "/nested")
    let path = folder + "/nested/a.svg"
    try writeAtomically("first", to: path)
    try writeAtomically("second", to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/nested") == ["a.svg"])
  }

  @Test("a symbolic link at the target is refused and its target left as it was")
  func linkIsNotFollowed() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kanplot-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try createFolder(folder)
    try "precious".write(toFile: folder + "/victim", atomically: false, encoding: .utf8)
    try FileManager.default.createSymbolicLink(
      atPath: folder + "/fit.svg", withDestinationPath: folder + "/victim")
    #expect(throws: PlotError.self) { try writeAtomically("<svg/>", to: folder + "/fit.svg") }
    #expect(try String(contentsOfFile: folder + "/victim", encoding: .utf8) == "precious")
  }

  @Test("a missing folder, a folder as the target, or a file as --out throw writeFailed")
  func badPathsThrow() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kanplot-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(throws: PlotError.self) { try writeAtomically("x", to: folder + "/missing/a.svg") }
    try createFolder(folder)
    #expect(throws: PlotError.self) { try writeAtomically("x", to: folder) }
    try writeAtomically("x", to: folder + "/file")
    #expect(throws: PlotError.self) { try createFolder(folder + "/file") }
  }
}
