extension NetworkDiagram {
  /// Checks that the diagram can be drawn: at least two rows of nodes, one name per input and
  /// output, every edge inside the network and listed once, and every drawn edge with finite,
  /// equally many x and y samples and a score in [0, 1].
  ///
  /// - Throws: `PlotError` naming the row, name list or edge that is wrong and what to pass.
  public func validate() throws(PlotError) {
    guard widths.count >= 2, widths.allSatisfy({ $0 >= 1 }) else {
      throw .invalidArgument(
        what: "network widths \(widths)",
        reason: "an empty network has nothing to draw; pass at least an input row and an output "
          + "row of at least one node each, such as [2, 5, 1]")
    }
    for (names, count, row) in [
      (inputNames, widths[0], "input"), (outputNames, widths.last ?? 0, "output"),
    ]
    where names.count != count {
      throw .invalidArgument(
        what: "\(row) names \(names)", reason: "pass one name per \(row) node (\(count))")
    }
    var seen = Set<[Int]>()
    for edge in edges {
      let key = [edge.layer, edge.input, edge.output]
      guard (0..<widths.count - 1).contains(edge.layer),
        (0..<widths[edge.layer]).contains(edge.input),
        (0..<widths[edge.layer + 1]).contains(edge.output)
      else {
        throw .invalidArgument(
          what: "edge (layer \(edge.layer), \(edge.input) -> \(edge.output))",
          reason: "it is outside the network \(widths); layer l runs from 0 to "
            + "\(widths.count - 2) and joins node i < widths[l] to node j < widths[l + 1]")
      }
      guard seen.insert(key).inserted else {
        throw .invalidArgument(
          what: "edge \(edge.title)", reason: "it is listed twice; pass each edge once")
      }
      guard !edge.isPruned else { continue }
      try Series(edge.title, x: edge.x, y: edge.y).validate()
      guard (0...1).contains(edge.score) else {
        throw .invalidArgument(
          what: "score \(edge.score) of edge \(edge.title)",
          reason: "a score is an opacity in [0, 1]; rescale it (pykan draws tanh(3 a))")
      }
    }
    guard edges.contains(where: { !$0.isPruned }) else {
      throw .invalidArgument(
        what: "network \(widths)",
        reason: "every edge is pruned or missing, so nothing is drawn; pass at least one edge")
    }
  }
}
