import KANPlot
import Testing

@Suite("Network page: one self-contained, well-formed HTML file with a chart per drawn edge")
struct NetworkPageTests {
  @Test("the page parses as XML and loads nothing from outside")
  func pageIsSelfContained() throws {
    let page = try fixtureDiagram().html(title: "net <1> & \"2\"")
    let elements = parsedElements(of: page)
    #expect(elements.first?.name == "html")
    #expect(elements.filter { $0.name == "script" }.count == 1)
    #expect(elements.allSatisfy { $0.attributes["src"] == nil })
    #expect(elements.filter { $0.name == "link" }.map { $0.attributes["href"] } == ["data:,"])
    let addresses = page.components(separatedBy: "http").dropFirst()
    #expect(addresses.allSatisfy { $0.hasPrefix("://www.w3.org/2000/svg\"") })
    #expect(elements.first { $0.name == "title" }?.text == "net <1> & \"2\"")
  }

  @Test("one edge group and one hidden chart figure per drawn edge, with its title and formula")
  func oneFigurePerDrawnEdge() throws {
    let diagram = fixtureDiagram(points: 1000)
    let elements = parsedElements(of: try diagram.html(title: "t"))
    let groups = elements.filter { $0.attributes["class"] == "edge" }
    #expect(groups.map { $0.attributes["id"] ?? "" } == fixtureDrawnIds)
    let figures = elements.enumerated().filter { $0.element.name == "figure" }
    #expect(
      figures.map { $0.element.attributes["id"] ?? "" } == fixtureDrawnIds.map { "chart-" + $0 })
    let fixed = try #require(figures.first { $0.element.attributes["id"] == "chart-edge-1-0-0" })
    #expect(fixed.element.attributes["data-title"] == "layer 1: x_0 -> y_0 = x < 1 & \"q\" 'r'")
    #expect(fixed.element.attributes["data-formula"] == "x < 1 & \"q\" 'r'")
    #expect(fixed.element.attributes["data-from"] == "node 0 of row 1")
    #expect(fixed.element.attributes["data-to"] == "\"f\"")
    #expect(figures[0].element.attributes["data-from"] == "a<b")
    for (offset, figure) in figures {
      let curve = try #require(elements[offset...].first { $0.name == "polyline" })
      let count = curve.attributes["points"]?.split(separator: " ").count
      #expect(count == 400, "\(figure.attributes["id"] ?? ""): 1000 samples thinned to 400")
    }
  }
}
