extension NetworkDiagram {
  /// Every drawn edge's function over its input range, one panel per edge, ordered by layer,
  /// input and output, titled `layer l: x_i -> y_j` (with ` = formula` when fixed).
  ///
  ///     panel width = clamp(7 px * longest title + 24, 280, 480); longer titles end in "..."
  ///
  /// - Parameters:
  ///   - columns: Panels per row; at least 1.
  ///   - title: The title above the grid.
  /// - Returns: The SVG document.
  /// - Throws: `PlotError` if the diagram is not valid (see `validate()`) or `columns` < 1.
  public func edgeFunctionsSVG(
    columns: Int = 5, title: String = "every edge's function phi_lji(x) over its input range"
  ) throws(PlotError) -> String {
    try validate()
    var panels = drawnEdges.map { chart(of: $0, maxPoints: 200) }
    let longest = panels.map(\.title.count).max() ?? 0
    let width = min(480, max(280, 7 * longest + 24))
    let fitting = (width - 24) / 7
    for index in panels.indices where panels[index].title.count > fitting {
      panels[index].title = panels[index].title.prefix(fitting - 3) + "..."
    }
    return try PanelGrid(title: title, panels: panels, columns: columns)
      .svg(panelWidth: width, panelHeight: 200)
  }

  /// One edge's function as a chart, in its colour, thinned to at most `maxPoints` samples.
  func chart(of edge: Edge, maxPoints: Int) -> Chart {
    let (x, y) = edge.samples(atMost: maxPoints)
    return Chart(
      title: edge.title,
      xLabel: edge.layer == 0 && inputNames[edge.input] != "x_\(edge.input)"
        ? "x_\(edge.input) = \(inputNames[edge.input])" : "x_\(edge.input)",
      yLabel: "phi(x)",
      series: [Series(edge.formula ?? "spline", x: x, y: y, color: edge.color)],
      showsLegend: false)
  }
}
