/// The family of univariate functions each edge's learnable part is built from.
///
/// Every family uses `n = G + k` functions per input, so at the same `gridSize` and `order` a
/// layer has the same parameter count whatever its basis (`out * in * (n + 2)` with the base
/// weight and the standalone scale), and `--basis` compares like with like. Every family keeps the
/// same grid row of `G + 2k + 1` knots per input; the grid range is `[t_k, t_{G+k}]`.
public enum BasisKind: String, Sendable, CaseIterable {
  /// Degree-`k` B-splines on a per-input knot grid (the paper, efficient-kan).
  case bSpline = "b-spline"
  /// Gaussian radial basis functions on `n` uniform centres over the grid range (fast-kan),
  /// applied to each input on its own, so the layer stays a sum of univariate functions.
  ///
  ///     c_m = t_k + m h,   h = (t_{G+k} - t_k) / (n - 1),   B_m(x) = exp(-((x - c_m) / h)^2)
  case gaussianRBF = "rbf"
  /// Chebyshev polynomials of the squashed input, degrees `0 ... n - 1` (the grid is unused).
  ///
  ///     B_m(x) = T_m(tanh x)
  case chebyshev = "chebyshev"

  /// The number of basis functions per input for a grid of `gridSize` intervals and `order`.
  ///
  ///     every basis: n = G + k
  public func count(gridSize: Int, order: Int) -> Int {
    gridSize + order
  }

  /// The number of grid points stored per input.
  ///
  ///     every basis: G + 2k + 1 knots
  public func gridPointCount(gridSize: Int, order: Int) -> Int {
    gridSize + 2 * order + 1
  }

  /// Whether the basis lives on the grid range, so that grid updates, the out-of-grid policy and
  /// the out-of-grid fraction apply (false for Chebyshev, defined on the whole line).
  public var usesGrid: Bool {
    switch self {
    case .bSpline, .gaussianRBF: return true
    case .chebyshev: return false
    }
  }
}
