// KANPlot: a small, dependency-free plotting library. It writes SVG charts (line and scatter
// series, axes, ticks, labels, legend, title), grids of small panels, and Unicode braille plots for
// the terminal, so a training run shows its fit without opening a file.

/// An error thrown when a plot cannot be drawn or written as asked.
///
/// Every message names the series or file involved and says what to do.
public enum PlotError: Error, Equatable, CustomStringConvertible {
  /// A series holds NaN or an infinity, which has no place on an axis.
  case nonFiniteValue(series: String, axis: String, index: Int)
  /// A series has no points.
  case emptySeries(String)
  /// A series has different numbers of x and y values.
  case lengthMismatch(series: String, xCount: Int, yCount: Int)
  /// A value is zero or negative on a logarithmic axis.
  case nonPositiveOnLogScale(series: String, index: Int, value: Double)
  /// A size, count or option is out of range.
  case invalidArgument(what: String, reason: String)
  /// A file or folder could not be written.
  case writeFailed(path: String, reason: String)

  /// A message that says what was wrong and what to do.
  public var description: String {
    switch self {
    case .nonFiniteValue(let series, let axis, let index):
      return "series \"\(series)\" has a non-finite \(axis) value (NaN or infinity) at index "
        + "\(index); remove it or fix the computation that produced it before plotting."
    case .emptySeries(let series):
      return "series \"\(series)\" has no points; pass at least one (x, y) pair."
    case .lengthMismatch(let series, let xCount, let yCount):
      return "series \"\(series)\" has \(xCount) x values but \(yCount) y values; "
        + "pass one y per x."
    case .nonPositiveOnLogScale(let series, let index, let value):
      return "series \"\(series)\" has y = \(value) at index \(index), which a log axis cannot "
        + "show; use a linear axis or plot only positive values."
    case .invalidArgument(let what, let reason):
      return "invalid \(what): \(reason)."
    case .writeFailed(let path, let reason):
      return "could not write \(path): \(reason)."
    }
  }
}
