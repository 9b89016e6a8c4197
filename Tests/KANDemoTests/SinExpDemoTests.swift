import Foundation
import KANDemo
import KANFromScratch
import KANPlot
import Testing

@Suite("sin·exp demo: trains, reports and writes fit.svg, loss.svg and edges.svg")
struct SinExpDemoTests {
  // The demo's default seed trains well (train MSE ~3.6e-4, test ~2.1e-4, as the blog's NumPy on
  // its good seeds); 1e-3, the top of the blog's train range, is the bar for both.
  @Test("the default run reaches train and test MSE < 1e-3 and writes three SVGs it names")
  func defaultRunFitsAndWritesFigures() throws {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var options = SinExpDemo.Options()
    options.output = folder + "/out"
    var lines: [String] = []
    let result = try SinExpDemo.run(options) { lines.append($0) }
    #expect(result.lossPerEpoch.count == 100)
    #expect(result.trainMSE < 1e-3 && result.testMSE < 1e-3, "\(result.trainMSE) \(result.testMSE)")
    #expect(result.files == ["fit", "loss", "edges"].map { folder + "/out/\($0).svg" })
    for file in result.files {
      let text = try String(contentsOfFile: file, encoding: .utf8)
      #expect(text.hasPrefix("<?xml") && text.hasSuffix("</svg>\n"), "\(file)")
      #expect(lines.contains("  \(file)"), "the output names \(file)")
    }
    #expect(lines.filter { $0.hasPrefix("epoch") }.count == 11, "epochs 1, 10, 20, ..., 100")
    #expect(lines.contains { $0.hasPrefix("train MSE (20 points):") })
    #expect(lines.contains { $0.hasPrefix("test MSE (200 points):") })
    #expect(lines.contains { $0.contains("⣿ prediction   o target") }, "the terminal plot")
    #expect(lines.first?.hasSuffix(" points from Data/sin-exp/train.csv") == true, "\(lines[0])")
  }

  @Test("paths are shown relative to the current folder inside it, unchanged outside it")
  func displayPathIsRelativeInsideTheFolder() {
    #expect(Samples.displayPath("/a/b/Data/x.csv", from: "/a/b") == "Data/x.csv")
    #expect(Samples.displayPath("/a/b/./c/../x.csv", from: "/a/b/") == "x.csv")
    #expect(Samples.displayPath("/a/bc/x.csv", from: "/a/b") == "/a/bc/x.csv")
    #expect(Samples.displayPath("/elsewhere/x.csv", from: "/a/b") == "/elsewhere/x.csv")
  }

  @Test("the edge grid has one panel per edge: 1x2 + 2x2 + 2x1 = 8, titled layer l, edge i->j")
  func edgeGridHasOnePanelPerEdge() throws {
    let data = try Samples.read(csv: try Samples.locateTrainingCSV())
    let network = try Network(seed: 0)
    let grid = try SinExpDemo.edgeGrid(network, data: data)
    #expect(grid.panels.count == 8)
    #expect(grid.panels.map(\.title).contains("layer 1, edge 1->0"))
  }

  @Test("same seed, same losses; --no-plot skips only the terminal plot")
  func deterministicAndNoPlot() throws {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var options = SinExpDemo.Options()
    options.epochs = 3
    options.output = folder
    options.terminalPlot = false
    var lines: [String] = []
    let first = try SinExpDemo.run(options) { lines.append($0) }
    let second = try SinExpDemo.run(options) { _ in }
    #expect(first.lossPerEpoch == second.lossPerEpoch)
    #expect(!lines.contains { $0.contains("⣿") } && first.files.count == 3)
  }

  @Test("epochs < 1 and an output path that is a file throw with clear messages")
  func badOptionsThrow() throws {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var options = SinExpDemo.Options()
    options.epochs = 0
    #expect(throws: DemoError.self) { try SinExpDemo.run(options) { _ in } }
    try "mine".write(toFile: folder + "/file", atomically: true, encoding: .utf8)
    options.epochs = 1
    options.output = folder + "/file"
    #expect(throws: PlotError.self) { try SinExpDemo.run(options) { _ in } }
    #expect(try String(contentsOfFile: folder + "/file", encoding: .utf8) == "mine")
  }
}
