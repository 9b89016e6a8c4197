import Foundation
import KANPlot
import Testing

/// The numbers of a `points` attribute, as (x, y) pairs.
private func points(_ text: String?) -> [(x: Double, y: Double)] {
  (text ?? "").split(separator: " ").compactMap { pair in
    let xy = pair.split(separator: ",").compactMap { Double($0) }
    return xy.count == 2 ? (xy[0], xy[1]) : nil
  }
}

@Suite("Network diagram (pykan's plot): one edge group per drawn edge, opacity = score")
struct NetworkDiagramTests {
  @Test("one <g class=\"edge\"> per drawn edge, opacity = score; pruned and missing edges absent")
  func oneGroupPerDrawnEdge() throws {
    let diagram = fixtureDiagram()
    let groups = parsedElements(of: try diagram.svg()).filter { $0.attributes["class"] == "edge" }
    #expect(groups.map { $0.attributes["id"] ?? "" } == fixtureDrawnIds)
    let scores = Dictionary(
      uniqueKeysWithValues: diagram.edges.map {
        ("edge-\($0.layer)-\($0.input)-\($0.output)", $0.score)
      })
    for group in groups {
      let opacity = try #require(group.attributes["opacity"].flatMap { Double($0) })
      let score = try #require(scores[group.attributes["id"] ?? ""])
      #expect(abs(opacity - score) < 1e-9, "\(group.attributes)")
    }
  }

  @Test("one node per width; input names under the bottom row, output names above the top")
  func nodesAndNames() throws {
    let elements = parsedElements(of: try fixtureDiagram().svg(title: "t"))
    let nodeYs = elements.filter { $0.attributes["class"] == "node" }
      .compactMap { $0.attributes["cy"].flatMap { Double($0) } }
    #expect(nodeYs.count == 2 + 3 + 1)
    func y(ofText content: String) throws -> Double {
      let label = try #require(elements.first { $0.name == "text" && $0.text == content })
      return try #require(label.attributes["y"].flatMap { Double($0) })
    }
    let (bottom, top) = (nodeYs.max() ?? 0, nodeYs.min() ?? 0)
    #expect(try y(ofText: "a<b") > bottom && y(ofText: "c&d") > bottom)
    #expect(try y(ofText: "\"f\"") < top)
  }

  @Test("names and formulas are escaped: the raw text reads back from the parsed XML")
  func namesAndFormulasAreEscaped() throws {
    let svg = try fixtureDiagram().svg(title: "<&>")
    #expect(svg.contains("a&lt;b") && svg.contains("c&amp;d") && svg.contains("&quot;f&quot;"))
    let titles = parsedElements(of: svg).filter { $0.name == "title" }.map(\.text)
    #expect(titles.contains("layer 1: x_0 -> y_0 = x < 1 & \"q\" 'r' (score 0.60)"), "\(titles)")
  }

  @Test("a thumbnail's curve: the samples sorted by x, inside its box, larger y drawn higher")
  func thumbnailCurveIsScaledIntoItsBox() throws {
    let elements = parsedElements(of: try fixtureDiagram().svg())
    let start = try #require(elements.firstIndex { $0.attributes["id"] == "edge-0-1-0" })
    let box = try #require(elements[start...].first { $0.attributes["class"] == "thumbnail" })
    let curve = points(elements[start...].first { $0.name == "polyline" }?.attributes["points"])
    let value = { (name: String) in Double(box.attributes[name] ?? "") ?? .nan }
    let (left, top, width, height) = (value("x"), value("y"), value("width"), value("height"))
    #expect(curve.count == 9)
    #expect(zip(curve, curve.dropFirst()).allSatisfy { $0.x < $1.x }, "x ascending")
    #expect(
      curve.allSatisfy { $0.x > left && $0.x < left + width && $0.y > top && $0.y < top + height })
    // y = 3 x^2 on [-1, 1]: the ends (y = 3) are the highest points, the middle (y = 0) lowest.
    #expect(curve[0].y == curve[8].y && curve[0].y < curve[4].y)
    #expect(curve.map(\.y).max() == curve[4].y && curve.map(\.y).min() == curve[0].y)
  }

  @Test("maxThumbnails: only the strongest edges of a layer get a thumbnail, the rest a line")
  func thumbnailsForTheStrongestEdges() throws {
    let elements = parsedElements(of: try fixtureDiagram().svg(maxThumbnails: 1))
    var owner = ""
    var withThumbnail: [String] = []
    for element in elements {
      if element.attributes["class"] == "edge" { owner = element.attributes["id"] ?? "" }
      if element.attributes["class"] == "thumbnail" { withThumbnail.append(owner) }
    }
    // Scores rise along the fixture's list: the last drawn edge of each layer is the strongest.
    #expect(withThumbnail == ["edge-0-1-1", "edge-1-2-0"])
    #expect(elements.filter { $0.attributes["class"] == "edge" }.count == 7)
  }

  @Test("NaN samples and mismatched sizes throw the Series errors, naming the edge")
  func badSamplesThrow() {
    var diagram = fixtureDiagram()
    diagram.edges[2].y[3] = .nan
    let title = diagram.edges[2].title
    #expect(throws: PlotError.nonFiniteValue(series: title, axis: "y", index: 3)) {
      try diagram.svg()
    }
    #expect(throws: PlotError.nonFiniteValue(series: title, axis: "y", index: 3)) {
      try diagram.html(title: "t")
    }
    #expect(throws: PlotError.nonFiniteValue(series: title, axis: "y", index: 3)) {
      try diagram.edgeFunctionsSVG()
    }
    diagram = fixtureDiagram()
    diagram.edges[0].x.removeLast()
    #expect(throws: PlotError.lengthMismatch(series: diagram.edges[0].title, xCount: 8, yCount: 9))
    {
      try diagram.svg()
    }
    diagram = fixtureDiagram()
    diagram.edges[4].y = []  // edge 4 is pruned: its samples are never drawn or checked
    #expect(throws: Never.self) { try diagram.svg() }
  }

  @Test(
    "a bad network throws invalidArgument saying what to pass",
    arguments: [
      ("empty network", "empty network"), ("one row", "empty network"),
      ("input names", "one name per input"), ("edge out of range", "outside the network"),
      ("duplicate edge", "listed twice"), ("score above 1", "opacity in [0, 1]"),
      ("NaN score", "opacity in [0, 1]"), ("every edge pruned", "nothing is drawn"),
    ])
  func badNetworksThrow(case name: String, message: String) {
    var diagram = fixtureDiagram()
    switch name {
    case "empty network": diagram = NetworkDiagram(widths: [], edges: [])
    case "one row": diagram.widths = [2]
    case "input names": diagram.inputNames = ["only one"]
    case "edge out of range": diagram.edges[0].input = 2
    case "duplicate edge": diagram.edges[1].output = 0
    case "score above 1": diagram.edges[0].score = 1.5
    case "NaN score": diagram.edges[0].score = .nan
    default: for index in diagram.edges.indices { diagram.edges[index].isPruned = true }
    }
    do {
      _ = try diagram.svg()
      Issue.record("\(name) did not throw")
    } catch {
      guard case .invalidArgument = error else {
        Issue.record("\(name): expected invalidArgument, got \(error)")
        return
      }
      #expect(error.description.contains(message), "\(error)")
    }
  }
}
