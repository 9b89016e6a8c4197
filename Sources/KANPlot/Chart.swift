/// A chart: one or more series on shared axes, with ticks, axis labels, a legend and a title.
///
///     let chart = Chart(title: "fit", series: [Series("target", x: xs, y: ys, style: .scatter)])
///     let text = try chart.svg()          // a complete SVG document
public struct Chart: Sendable {
  /// The title above the plot.
  public var title: String
  /// The label under the x axis.
  public var xLabel: String
  /// The label beside the y axis.
  public var yLabel: String
  /// The series, drawn in order (later ones on top).
  public var series: [Series]
  /// Linear or logarithmic y axis.
  public var yScale: Axis.Scale
  /// Whether to draw the legend (where it covers no data; see `layout(in:)`).
  public var showsLegend: Bool
  /// x intervals shaded behind the data, each with a row in the legend.
  public var shadings: [Shading]

  /// Creates a chart.
  ///
  /// - Parameters:
  ///   - title: The title above the plot.
  ///   - xLabel: The label under the x axis.
  ///   - yLabel: The label beside the y axis.
  ///   - series: The series to draw.
  ///   - yScale: `.linear` (default) or `.log`.
  ///   - showsLegend: Whether to draw the legend.
  ///   - shadings: x intervals to shade behind the data.
  public init(
    title: String, xLabel: String = "x", yLabel: String = "y", series: [Series],
    yScale: Axis.Scale = .linear, showsLegend: Bool = true, shadings: [Shading] = []
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.series = series
    self.yScale = yScale
    self.showsLegend = showsLegend
    self.shadings = shadings
  }

  /// Renders the chart as a complete SVG document.
  ///
  /// - Parameters:
  ///   - width: The width in pixels; at least 120.
  ///   - height: The height in pixels; at least 100.
  /// - Returns: The SVG text.
  /// - Throws: `PlotError` for an empty chart, a bad series or a size too small to draw.
  public func svg(width: Int = 640, height: Int = 420) throws(PlotError) -> String {
    xmlDeclaration + (try svgElement(width: width, height: height))
  }

  /// Renders the chart as one `<svg>` element, to inline in an HTML page.
  func svgElement(width: Int, height: Int) throws(PlotError) -> String {
    let frame = try Frame(x: 0, y: 0, width: Double(width), height: Double(height), fontSize: 13)
    return KANPlot.svgElement(width: width, height: height, body: try elements(in: frame))
  }

  /// Returns the axes `svg(width:height:)` draws with, to map data to pixels outside the chart.
  ///
  /// - Parameters:
  ///   - width: The width in pixels, as passed to `svg`.
  ///   - height: The height in pixels, as passed to `svg`.
  /// - Returns: The x axis (left to right) and the y axis (bottom to top).
  /// - Throws: `PlotError` as `svg(width:height:)` does.
  public func axes(width: Int = 640, height: Int = 420) throws(PlotError) -> (x: Axis, y: Axis) {
    let frame = try Frame(x: 0, y: 0, width: Double(width), height: Double(height), fontSize: 13)
    let layout = try layout(in: frame)
    return (layout.x, layout.y)
  }

  /// Fits both axes to every series inside the plot area of `frame`.
  func fittedAxes(in frame: Frame) throws(PlotError) -> (x: Axis, y: Axis) {
    guard !series.isEmpty else {
      throw .invalidArgument(what: "chart \"\(title)\"", reason: "it has no series; add one")
    }
    for one in series { try one.validate(logY: yScale == .log) }
    for shading in shadings
    where !shading.range.lowerBound.isFinite || !shading.range.upperBound.isFinite {
      throw .invalidArgument(what: "shading \"\(shading.name)\"", reason: "give a finite range")
    }
    let area = frame.plotArea
    let x = try Axis.fitting(series.flatMap(\.x), start: area.left, end: area.right)
    let y = try Axis.fitting(
      series.flatMap(\.y), start: area.bottom, end: area.top, scale: yScale)
    return (x, y)
  }

  /// Draws the whole chart into `frame` and returns its SVG elements.
  func elements(in frame: Frame) throws(PlotError) -> [String] {
    let layout = try layout(in: frame)
    let (x, y, area) = (layout.x, layout.y, layout.frame.plotArea)
    var out = layout.frame.axesElements(x: x, y: y, xLabel: xLabel, yLabel: yLabel, title: title)
    for shading in shadings {
      let left = max(area.left, x.position(of: shading.range.lowerBound))
      let right = min(area.right, x.position(of: shading.range.upperBound))
      guard left < right else { continue }
      out.append(
        "<rect x=\"\(fixed(left))\" y=\"\(fixed(area.top))\" width=\"\(fixed(right - left))\" "
          + "height=\"\(fixed(area.height))\" \(shadingFill)/>")
    }
    for (index, one) in series.enumerated() {
      let color = one.color ?? palette[index % palette.count]
      let points = zip(one.x, one.y).map { (x.position(of: $0), y.position(of: $1)) }
      switch one.style {
      case .line:
        let list = points.map { "\(fixed($0)),\(fixed($1))" }.joined(separator: " ")
        out.append(
          "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\" points=\"\(list)\"/>")
      case .scatter:
        let radius = fixed(frame.fontSize / 4)
        out += points.map {
          "<circle cx=\"\(fixed($0))\" cy=\"\(fixed($1))\" r=\"\(radius)\" fill=\"\(color)\"/>"
        }
      }
    }
    if let box = layout.legend { out += legendElements(in: box, fontSize: frame.fontSize) }
    return out
  }
}
