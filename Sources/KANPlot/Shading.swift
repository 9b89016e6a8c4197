/// An x interval shaded behind a chart's data, such as the support of one basis element.
public struct Shading: Sendable {
  /// The shaded interval, in data units.
  public var range: ClosedRange<Double>
  /// The name shown in the legend.
  public var name: String

  /// Creates a shaded interval.
  ///
  /// - Parameters:
  ///   - name: The name shown in the legend.
  ///   - range: The interval of x to shade; finite.
  public init(_ name: String, range: ClosedRange<Double>) {
    self.name = name
    self.range = range
  }
}

/// The fill every shading uses: light grey, translucent, so grid lines show through.
let shadingFill = "fill=\"#bbbbbb\" fill-opacity=\"0.35\""
