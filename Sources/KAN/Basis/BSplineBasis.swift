/// Uniform knots for one input feature, as efficient-kan lays them out.
///
///     h   = (hi - lo) / G
///     t_m = lo + (m - k) h,     m = 0 ... G + 2k
///
/// `G + 2k + 1` knots: `G` intervals over `[lo, hi]` plus `k` more on each side, so the
/// `G + k` degree-`k` bases sum to one on all of `[lo, hi]`.
///
/// - Parameters:
///   - gridSize: `G`, the number of intervals inside the range.
///   - order: `k`, the spline degree.
///   - range: `[lo, hi]`.
/// - Returns: `G + 2k + 1` increasing knots.
public func uniformKnots<Scalar: KANScalar>(
  gridSize: Int, order: Int, range: ClosedRange<Scalar>
) -> [Scalar] {
  let step = (range.upperBound - range.lowerBound) / Scalar(gridSize)
  return (0...(gridSize + 2 * order)).map { range.lowerBound + Scalar($0 - order) * step }
}

/// The `n = knotCount - k - 1` B-spline bases of degree `k` at `x`, and optionally their
/// derivatives, by the iterative Cox-de Boor recursion on the local support.
///
///     B_{m,0}(x) = 1 if t_m <= x < t_{m+1}, else 0
///     B_{m,d}(x) = (x - t_m) / (t_{m+d} - t_m) B_{m,d-1}(x)
///                + (t_{m+d+1} - x) / (t_{m+d+1} - t_{m+1}) B_{m+1,d-1}(x)
///     B'_{m,k}(x) = k (B_{m,k-1}(x) / (t_{m+k} - t_m) - B_{m+1,k-1}(x) / (t_{m+k+1} - t_{m+1}))
///
/// Only the `k + 1` bases `m = s-k ... s` of the span `t_s <= x < t_{s+1}` can be non-zero, so
/// the recursion runs on that triangle alone (`O(k^2)` instead of `O(n k)`); `0/0` terms of
/// repeated knots count as zero. Outside `[t_0, t_last)` every basis is zero, as in
/// efficient-kan. This is the same recursion as `KANFromScratch.BSpline`, evaluated without
/// recursion or allocation.
///
/// - Parameters:
///   - x: the input value.
///   - knots: `knotCount` non-decreasing knots.
///   - order: `k`.
///   - values: receives `n` basis values (zeros outside the support).
///   - derivatives: receives `n` derivatives when not nil.
///   - scratch: room for `k + 1` scalars.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
@inline(__always)
func bSplineBases<Scalar: KANScalar>(
  _ x: Scalar, knots t: UnsafePointer<Scalar>, knotCount: Int, order k: Int,
  values: UnsafeMutablePointer<Scalar>, derivatives: UnsafeMutablePointer<Scalar>?,
  scratch level: UnsafeMutablePointer<Scalar>
) {
  let basisCount = knotCount - k - 1
  values.update(repeating: 0, count: basisCount)
  derivatives?.update(repeating: 0, count: basisCount)
  guard x >= t[0] && x < t[knotCount - 1] else { return }
  // The span s with t_s <= x < t_{s+1}, by bisection.
  var low = 0
  var high = knotCount - 1
  while high - low > 1 {
    let middle = (low + high) / 2
    if x >= t[middle] { low = middle } else { high = middle }
  }
  let span = low
  // level[r] holds B_{s-d+r, d}(x) for r = 0 ... d; degree 0 is the indicator of the span.
  level[0] = 1
  for degree in stride(from: 1, through: k, by: 1) {
    if degree == k, let derivatives {
      for r in 0...k {
        let m = span - k + r
        guard m >= 0 && m < basisCount else { continue }
        let left = r >= 1 ? ratio(level[r - 1], t[m + k] - t[m]) : 0
        let right = r <= k - 1 ? ratio(level[r], t[m + k + 1] - t[m + 1]) : 0
        derivatives[m] = Scalar(k) * (left - right)
      }
    }
    // Downward in r, so level[r - 1] and level[r] are still degree - 1 when read.
    for r in stride(from: degree, through: 0, by: -1) {
      let m = span - degree + r
      let validKnots = m >= 0 && m + degree + 1 < knotCount
      var sum: Scalar = 0
      if validKnots && r >= 1 {
        sum += ratio((x - t[m]) * level[r - 1], t[m + degree] - t[m])
      }
      if validKnots && r <= degree - 1 {
        sum += ratio((t[m + degree + 1] - x) * level[r], t[m + degree + 1] - t[m + 1])
      }
      level[r] = sum
    }
  }
  for r in 0...k {
    let m = span - k + r
    if m >= 0 && m < basisCount { values[m] = level[r] }
  }
}

/// `a / b`, or zero when `b == 0` (the Cox-de Boor convention for repeated knots).
@inline(__always)
private func ratio<Scalar: KANScalar>(_ a: Scalar, _ b: Scalar) -> Scalar {
  b == 0 ? 0 : a / b
}
