extension NetworkDiagram {
  /// Draws the network as pykan does: rows of nodes (inputs at the bottom, named under them;
  /// outputs at the top, named above them) and every edge as a line from node to node through
  /// a framed thumbnail of its function, drawn with opacity = score.
  ///
  ///     one <g class="edge" id="edge-l-i-j" opacity="score"> per drawn edge
  ///     near-black: a spline edge; red: an edge fixed to a formula
  ///     a layer with more than maxThumbnails edges: only its strongest ones get a thumbnail,
  ///     the rest are straight lines from node to node
  ///
  /// - Parameters:
  ///   - title: A title above the network; empty for none.
  ///   - maxThumbnails: The most thumbnails drawn per layer.
  /// - Returns: The SVG document.
  /// - Throws: `PlotError` if the diagram is not valid (see `validate()`).
  public func svg(title: String = "", maxThumbnails: Int = 100) throws(PlotError) -> String {
    let (width, height, body) = try drawing(title: title, maxThumbnails: maxThumbnails)
    return svgDocument(width: width, height: height, body: body)
  }

  /// Validates the diagram, lays it out and returns its size and SVG elements.
  func drawing(title: String, maxThumbnails: Int) throws(PlotError) -> (
    width: Int, height: Int, body: [String]
  ) {
    try validate()
    let layout = DiagramLayout(
      self, maxThumbnails: maxThumbnails, titleBand: title.isEmpty ? 0 : 30)
    var body: [String] = []
    if !title.isEmpty {
      body.append(
        text(title, x: fixed(layout.width / 2), y: "24", size: "16", anchor: "middle", bold: true))
    }
    body += drawnEdges.flatMap { edgeElements($0, layout) }
    for (row, count) in widths.enumerated() {
      for index in 0..<count {
        let (x, y) = layout.node(row: row, index: index, of: widths)
        body.append(
          "<circle class=\"node\" cx=\"\(fixed(x))\" cy=\"\(fixed(y))\" "
            + "r=\"\(fixed(layout.nodeRadius))\" fill=\"black\"/>")
      }
    }
    let gap = layout.nodeRadius + 6
    for (row, names, dy) in [(0, inputNames, gap + 11), (widths.count - 1, outputNames, -gap)] {
      for (index, name) in names.enumerated() {
        let (x, y) = layout.node(row: row, index: index, of: widths)
        body.append(text(name, x: fixed(x), y: fixed(y + dy), size: "13", anchor: "middle"))
      }
    }
    body += legendElements(centerX: layout.width / 2, y: layout.height - 14)
    return (Int(layout.width.rounded(.up)), Int(layout.height.rounded(.up)), body)
  }

  /// One edge's group: the line from node to node through its thumbnail, and the thumbnail.
  private func edgeElements(_ edge: Edge, _ layout: DiagramLayout) -> [String] {
    let from = layout.node(row: edge.layer, index: edge.input, of: widths)
    let to = layout.node(row: edge.layer + 1, index: edge.output, of: widths)
    var out = [
      "<g class=\"edge\" id=\"\(edge.id)\" opacity=\"\(String(format: "%.3f", edge.score))\">",
      "<title>\(escaped(edge.title)) (score \(String(format: "%.2f", edge.score)))</title>",
    ]
    let stroke =
      "fill=\"none\" stroke=\"\(edge.color)\" stroke-width=\"\(fixed(layout.strokeWidth))\""
    guard let box = layout.thumbnail(of: edge) else {
      out.append("<path d=\"M\(point(from)) L\(point(to))\" \(stroke)/>")
      return out + ["</g>"]
    }
    let middle = box.left + box.width / 2
    out.append(
      "<path d=\"M\(point(from)) L\(point((middle, box.bottom))) "
        + "M\(point((middle, box.top))) L\(point(to))\" \(stroke)/>")
    out.append(
      "<rect class=\"thumbnail\" x=\"\(fixed(box.left))\" y=\"\(fixed(box.top))\" "
        + "width=\"\(fixed(box.width))\" height=\"\(fixed(box.height))\" fill=\"white\" "
        + "stroke=\"\(edge.color)\" stroke-width=\"1\"/>")
    out.append(
      "<polyline points=\"\(thumbnailPoints(edge, in: box.grown(by: -0.12 * box.width)))\" "
        + "\(stroke)/>")
    return out + ["</g>"]
  }

  /// The edge's curve scaled into `box` (a constant function is drawn across its middle).
  private func thumbnailPoints(_ edge: Edge, in box: Box) -> String {
    let (xs, ys) = edge.samples(atMost: 48)
    let (xLow, xHigh) = (xs.min() ?? 0, xs.max() ?? 0)
    let (yLow, yHigh) = (ys.min() ?? 0, ys.max() ?? 0)
    let flat = yHigh - yLow <= 1e-12 * max(1, abs(yHigh))
    return zip(xs, ys).map { x, y in
      let u = xHigh > xLow ? (x - xLow) / (xHigh - xLow) : 0.5
      let v = flat ? 0.5 : (y - yLow) / (yHigh - yLow)
      return point((box.left + u * box.width, box.bottom - v * box.height))
    }.joined(separator: " ")
  }
}

/// The key under the diagram: a swatch per edge colour, and what opacity means.
private func legendElements(centerX: Double, y: Double) -> [String] {
  let items = [
    ("#222222", "spline edge"), ("#d62728", "edge fixed to a formula"),
    (nil, "fainter = lower score"),
  ]
  let widths = items.map { ($0.0 == nil ? 0 : 26) + 6.2 * Double($0.1.count) + 24 }
  var x = centerX - widths.reduce(0, +) / 2
  var out: [String] = []
  for ((color, label), width) in zip(items, widths) {
    if let color {
      out.append(line(fixed(x), fixed(y - 4), fixed(x + 20), fixed(y - 4), color, width: "2"))
    }
    let textX = x + (color == nil ? 0 : 26)
    out.append(text(label, x: fixed(textX), y: fixed(y), size: "12", anchor: "start"))
    x += width
  }
  return out
}

/// A point as `x,y` with two decimals.
private func point(_ p: (x: Double, y: Double)) -> String {
  "\(fixed(p.x)),\(fixed(p.y))"
}
