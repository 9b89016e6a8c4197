import KANPlot
import Testing

@Suite("Edge functions: one panel per drawn edge, titled layer l: x_i -> y_j")
struct EdgeFunctionChartsTests {
  @Test("panel titles follow layer, input, output; a fixed edge's title holds its formula")
  func onePanelPerDrawnEdge() throws {
    let elements = parsedElements(of: try fixtureDiagram().edgeFunctionsSVG(columns: 3))
    #expect(elements.filter { $0.attributes["class"] == "panel" }.count == 7)
    let titles = elements.filter { $0.attributes["font-weight"] == "bold" }.map(\.text).dropFirst()
    #expect(
      Array(titles) == [
        "layer 0: x_0 -> y_0", "layer 0: x_0 -> y_1", "layer 0: x_1 -> y_0", "layer 0: x_1 -> y_1",
        "layer 1: x_0 -> y_0 = x < 1 & \"q\" 'r'", "layer 1: x_1 -> y_0", "layer 1: x_2 -> y_0",
      ])
    #expect(elements.filter { $0.name == "polyline" }.count == 7)
  }

  @Test("a title too long for the widest panel is cut with ...; zero columns throws")
  func longTitlesAndBadColumns() throws {
    var diagram = fixtureDiagram()
    diagram.edges[5].formula = String(repeating: "x + ", count: 40) + "x"
    let titles = parsedElements(of: try diagram.edgeFunctionsSVG()).map(\.text)
    #expect(titles.contains { $0.hasPrefix("layer 1: x_0 -> y_0 = x + x") && $0.hasSuffix("...") })
    #expect(throws: PlotError.self) { try diagram.edgeFunctionsSVG(columns: 0) }
  }
}
