extension NetworkDiagram {
  /// One self-contained HTML page: the network diagram, and beside it a panel that shows the
  /// function of the edge clicked.
  ///
  /// No external scripts, styles or fonts. Clicking an edge or its thumbnail, or Enter on a
  /// focused edge, shows its function large with its formula if fixed, else "spline"; Escape or
  /// the close button clears the panel; a URL ending in `#edge-l-i-j` opens that edge on load.
  ///
  ///     page = diagram SVG + hidden <figure id="chart-edge-l-i-j"> per drawn edge + script
  ///     the panel sits beside the diagram if both fit the window at full size, else below it
  ///
  /// - Parameters:
  ///   - title: The page's title and heading.
  ///   - maxThumbnails: The most thumbnails drawn per layer, as in `svg`.
  /// - Returns: The page, also well-formed XML (the script sits in a CDATA section).
  /// - Throws: `PlotError` if the diagram is not valid (see `validate()`).
  public func html(title: String, maxThumbnails: Int = 100) throws(PlotError) -> String {
    let (width, height, body) = try drawing(title: "", maxThumbnails: maxThumbnails)
    var figures: [String] = []
    for edge in drawnEdges {
      let chart = try chart(of: edge, maxPoints: 400).svgElement(width: 460, height: 340)
      figures.append(
        "<figure id=\"chart-\(edge.id)\" data-title=\"\(escaped(edge.title))\" "
          + "data-formula=\"\(escaped(edge.formula ?? ""))\" "
          + "data-from=\"\(escaped(nodeName(row: edge.layer, index: edge.input)))\" "
          + "data-to=\"\(escaped(nodeName(row: edge.layer + 1, index: edge.output)))\" "
          + "data-score=\"\(String(format: "%.2f", edge.score))\">\n\(chart)</figure>")
    }
    let page = [
      "<!DOCTYPE html>",
      "<html lang=\"en\">",
      "<head>",
      "<meta charset=\"utf-8\"/>",
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>",
      "<title>\(escaped(title))</title>",
      "<link rel=\"icon\" href=\"data:,\"/>",
      "<style>\n\(networkPageStyle)</style>",
      "</head>",
      "<body>",
      "<h1>\(escaped(title))</h1>",
      "<main>",
      "<section id=\"network\" style=\"flex-basis: \(width)px\">",
      svgElement(width: width, height: height, body: body) + "</section>",
      "<aside id=\"panel\">",
      "<p id=\"placeholder\">Click an edge or its thumbnail to see its function "
        + "(Tab and Enter work too; Escape closes).</p>",
      "<div id=\"detail\" hidden=\"hidden\">",
      "<button type=\"button\" id=\"close\" aria-label=\"close\">close</button>",
      "<h2 id=\"detail-title\"></h2>",
      "<p id=\"detail-formula\"></p>",
      "<p id=\"detail-info\"></p>",
      "<div id=\"detail-chart\"></div>",
      "</div>",
      "</aside>",
      "</main>",
      "<div id=\"charts\" hidden=\"hidden\">",
    ]
    return
      (page + figures + [
        "</div>",
        "<script>//<![CDATA[\n\(networkPageScript)//]]></script>",
        "</body>",
        "</html>",
      ]).joined(separator: "\n") + "\n"
  }

  /// A node's name in the page: the input or output name on the outer rows, else `node i of row r`.
  private func nodeName(row: Int, index: Int) -> String {
    if row == 0 { return inputNames[index] }
    if row == widths.count - 1 { return outputNames[index] }
    return "node \(index) of row \(row)"
  }
}
