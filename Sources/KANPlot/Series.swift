/// One named set of points, drawn as a line or as markers.
public struct Series: Sendable {
  /// How a series is drawn.
  public enum Style: Sendable {
    /// Points joined in order by straight segments.
    case line
    /// One marker per point.
    case scatter
  }

  /// The name shown in the legend.
  public var name: String
  /// The x values; x is (points).
  public var x: [Double]
  /// The y values; y is (points).
  public var y: [Double]
  /// Line or markers.
  public var style: Style
  /// A CSS colour such as `"#1f77b4"`, or `nil` for the next colour of the palette.
  public var color: String?

  /// Creates a series.
  ///
  /// - Parameters:
  ///   - name: The name shown in the legend.
  ///   - x: The x values.
  ///   - y: The y values, one per x.
  ///   - style: `.line` (default) or `.scatter`.
  ///   - color: A CSS colour, or `nil` for the palette.
  public init(
    _ name: String, x: [Double], y: [Double], style: Style = .line, color: String? = nil
  ) {
    self.name = name
    self.x = x
    self.y = y
    self.style = style
    self.color = color
  }

  /// Checks that the series has points, equal lengths and finite values (positive y on a log
  /// axis).
  ///
  /// - Parameter logY: Whether the y axis is logarithmic.
  /// - Throws: `PlotError` naming the series and the first bad index.
  public func validate(logY: Bool = false) throws(PlotError) {
    guard !x.isEmpty else { throw .emptySeries(name) }
    guard x.count == y.count else {
      throw .lengthMismatch(series: name, xCount: x.count, yCount: y.count)
    }
    for index in x.indices {
      guard x[index].isFinite else { throw .nonFiniteValue(series: name, axis: "x", index: index) }
      guard y[index].isFinite else { throw .nonFiniteValue(series: name, axis: "y", index: index) }
      if logY && y[index] <= 0 {
        throw .nonPositiveOnLogScale(series: name, index: index, value: y[index])
      }
    }
  }
}

/// The default colours, one per series in order (the "tab10" colours most plotting tools use).
let palette = [
  "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
  "#17becf",
]
