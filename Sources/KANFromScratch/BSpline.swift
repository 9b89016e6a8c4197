/// A B-spline basis of degree `p` with `n` elements over a knot vector `t` (blog §B-Splines).
///
/// The blog's grid puts `n + p + 1` evenly spaced knots on `[-1 - p*step, 1 + p*step]` with
/// `step = 2 / (n - p)`, so knot `t_p` is -1 and knot `t_n` is 1:
///
///     p = 3, n = 7:  step = 0.5
///     t = -2.5 -2 -1.5 -1 -0.5 0 0.5 1 1.5 2 2.5      (11 knots)
///
/// Inside `[-1, 1]` the `n` bases are non-negative and sum to one. Between the outer knots and
/// the domain (`[t_0, -1)` and `(1, t_{n+p}]`) they fade out and sum to less than one; beyond the
/// outer knots every basis is exactly zero, so a spline evaluated there is zero. For `p >= 1`,
/// `x == 1` is still covered even though the degree-0 intervals are half-open `[t_i, t_{i+1})`:
/// the grid extends `p` knots beyond 1, so the bases that straddle 1 are defined there. (With
/// `p == 0` nothing extends beyond 1 and `x == 1` falls outside every basis.)
public struct BSpline: Equatable, Sendable {
  /// The degree (3 gives cubic splines).
  public let p: Int
  /// The number of basis elements, `B_0 ... B_{n-1}`.
  public let n: Int
  /// The knot vector; `t` is (n + p + 1).
  public let t: [Double]

  /// Creates the blog's uniform basis: `n + p + 1` knots evenly spread over
  /// `[-1 - p*step, 1 + p*step]` with `step = 2 / (n - p)`.
  ///
  /// - Parameters:
  ///   - p: The degree; at least 0.
  ///   - n: The number of basis elements; greater than `p`.
  /// - Throws: `FromScratchError.invalidArgument` when `p < 0` or `n <= p`.
  public init(p: Int = 3, n: Int = 7) throws(FromScratchError) {
    guard p >= 0, n > p else {
      throw .invalidArgument(
        what: "BSpline(p: \(p), n: \(n))",
        reason: "the blog's grid needs p >= 0 and n > p (step = 2 / (n - p)); try p: 3, n: 7")
    }
    let step = 2 / Double(n - p)
    let start = -1 - Double(p) * step
    let stop = 1 + Double(p) * step
    let count = n + p + 1
    // Same arithmetic as np.linspace, so the knots match the blog's bit for bit.
    let delta = (stop - start) / Double(count - 1)
    var t = (0..<count).map { start + Double($0) * delta }
    t[count - 1] = stop
    self.p = p
    self.n = n
    self.t = t
  }

  /// Creates a basis of degree `p` on a given knot vector, uniform or not.
  ///
  /// The number of elements is `n = knots.count - p - 1`. Repeated knots are allowed; a term
  /// whose denominator `t_{i+p} - t_i` is zero is taken as zero, the usual 0/0 = 0 convention.
  ///
  /// - Parameters:
  ///   - knots: Finite, non-decreasing knots; at least `p + 2` of them.
  ///   - p: The degree; at least 0.
  /// - Throws: `FromScratchError.invalidArgument` for a negative degree, too few knots, or knots
  ///   that are not finite and non-decreasing.
  public init(knots: [Double], p: Int) throws(FromScratchError) {
    let what = "BSpline(knots:p: \(p))"
    guard p >= 0, knots.count >= p + 2 else {
      throw .invalidArgument(
        what: what, reason: "need p >= 0 and at least p + 2 = \(p + 2) knots, got \(knots.count)")
    }
    for index in knots.indices {
      guard knots[index].isFinite, index == 0 || knots[index - 1] <= knots[index] else {
        throw .invalidArgument(
          what: what, reason: "knot \(index) (\(knots[index])) is not finite and non-decreasing")
      }
    }
    self.p = p
    self.n = knots.count - p - 1
    self.t = knots
  }
}
