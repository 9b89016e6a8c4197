import KANPlot

/// A [2, 3, 1] network to draw: edge (0, 1, 2) is pruned, edge (0, 0, 2) is left out, edge
/// (1, 0, 0) is fixed to a formula holding XML's reserved characters, and the names hold them
/// too; edge n (in the order listed) has score 0.1 * (n + 1) and samples y = (n + 1) x^2 on
/// `points` values of x in [-1, 1], listed in descending order.
func fixtureDiagram(points: Int = 9) -> NetworkDiagram {
  let x = (0..<points).map { 1 - 2 * Double($0) / Double(points - 1) }
  let places = [
    (0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1), (0, 1, 2), (1, 0, 0), (1, 1, 0), (1, 2, 0),
  ]
  let edges = places.enumerated().map { n, place in
    NetworkDiagram.Edge(
      layer: place.0, input: place.1, output: place.2, x: x,
      y: x.map { Double(n + 1) * $0 * $0 }, score: 0.1 * Double(n + 1),
      formula: place == (1, 0, 0) ? "x < 1 & \"q\" 'r'" : nil, isPruned: place == (0, 1, 2))
  }
  return NetworkDiagram(
    widths: [2, 3, 1], inputNames: ["a<b", "c&d"], outputNames: ["\"f\""], edges: edges)
}

/// The ids of the fixture's drawn edges, in layer, input, output order.
let fixtureDrawnIds = [
  "edge-0-0-0", "edge-0-0-1", "edge-0-1-0", "edge-0-1-1", "edge-1-0-0", "edge-1-1-0", "edge-1-2-0",
]
