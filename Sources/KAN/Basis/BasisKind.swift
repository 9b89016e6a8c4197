/// The family of univariate functions each edge's learnable part is built from.
public enum BasisKind: String, Sendable, CaseIterable {
  /// Degree-`k` B-splines on a per-input knot grid (the paper, efficient-kan).
  case bSpline = "b-spline"

  /// The number of basis functions per input for a grid of `gridSize` intervals and `order`.
  ///
  ///     B-spline: G + k
  public func count(gridSize: Int, order: Int) -> Int {
    switch self {
    case .bSpline: return gridSize + order
    }
  }

  /// The number of grid points stored per input.
  ///
  ///     B-spline: G + 2k + 1 knots
  public func gridPointCount(gridSize: Int, order: Int) -> Int {
    switch self {
    case .bSpline: return gridSize + 2 * order + 1
    }
  }
}
