/// A grid of small charts under one title, such as one panel per edge of a network.
///
///     panel order: row by row, `columns` panels per row
///     document size: columns * panelWidth  by  rows * panelHeight + title band
public struct PanelGrid: Sendable {
  /// The title above the grid.
  public var title: String
  /// The panels, in reading order.
  public var panels: [Chart]
  /// The number of panels per row.
  public var columns: Int

  /// Creates a grid.
  ///
  /// - Parameters:
  ///   - title: The title above the grid.
  ///   - panels: The charts, in reading order; at least one.
  ///   - columns: Panels per row; at least 1.
  public init(title: String, panels: [Chart], columns: Int) {
    self.title = title
    self.panels = panels
    self.columns = columns
  }

  /// Renders the grid as one SVG document; each panel is a `<g class="panel">` group.
  ///
  /// - Parameters:
  ///   - panelWidth: The width of each panel in pixels; at least 150.
  ///   - panelHeight: The height of each panel in pixels; at least 120.
  /// - Returns: The SVG text.
  /// - Throws: `PlotError` for no panels, a bad column count or a bad series in any panel.
  public func svg(panelWidth: Int = 260, panelHeight: Int = 200) throws(PlotError) -> String {
    guard !panels.isEmpty, columns >= 1 else {
      throw .invalidArgument(
        what: "panel grid \"\(title)\"", reason: "need at least one panel and one column")
    }
    let rows = (panels.count + columns - 1) / columns
    let band = 36
    let width = min(columns, panels.count) * panelWidth
    let height = band + rows * panelHeight
    var body = [
      text(title, x: fixed(Double(width) / 2), y: "24", size: "16", anchor: "middle", bold: true)
    ]
    for (index, panel) in panels.enumerated() {
      let frame = try Frame(
        x: Double((index % columns) * panelWidth),
        y: Double(band + (index / columns) * panelHeight),
        width: Double(panelWidth), height: Double(panelHeight), fontSize: 10)
      body.append("<g class=\"panel\">")
      body += try panel.elements(in: frame)
      body.append("</g>")
    }
    return svgDocument(width: width, height: height, body: body)
  }
}
