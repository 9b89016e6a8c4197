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

/// The `k + 1` B-splines of degree `k` that can be non-zero at `x`, and optionally their
/// derivatives, by the iterative Cox-de Boor recursion on the knot span of `x`.
///
///     B_{m,0}(x) = 1 if t_m <= x < t_{m+1}, else 0
///     B_{m,d}(x) = (x - t_m) / (t_{m+d} - t_m) B_{m,d-1}(x)
///                + (t_{m+d+1} - x) / (t_{m+d+1} - t_{m+1}) B_{m+1,d-1}(x)
///     B'_{m,k}(x) = k (B_{m,k-1}(x) / (t_{m+k} - t_m) - B_{m+1,k-1}(x) / (t_{m+k+1} - t_{m+1}))
///
/// Only the bases `m = s-k ... s` of the span `t_s <= x < t_{s+1}` can be non-zero, so the
/// recursion runs on that triangle alone (`O(k^2)` instead of `O(n k)`), and
/// `values[r] = B_{s-k+r}(x)`. `0/0` terms of repeated knots count as zero, and a basis whose
/// knots leave the row (`m < 0` or `m + k + 1 >= knotCount`) is zero. This is the recursion of
/// `KANFromScratch.BSpline`, without recursion or allocation.
///
/// - Parameters:
///   - x: the input value.
///   - t: the knots (label `knots`), `knotCount` non-decreasing values.
///   - knotCount: the number of knots.
///   - k: the degree (label `order`).
///   - level: receives `k + 1` values (label `values`).
///   - derivatives: receives `k + 1` derivatives when not nil.
/// - Returns: the span `s`, or nil (writing nothing) when `x` is outside `[t_0, t_last)`, where
///   every basis is zero.
@inline(__always)
func bSplineWindow<Scalar: KANScalar>(
  _ x: Scalar, knots t: UnsafePointer<Scalar>, knotCount: Int, order k: Int,
  values level: UnsafeMutablePointer<Scalar>, derivatives: UnsafeMutablePointer<Scalar>?
) -> Int? {
  guard x >= t[0] && x < t[knotCount - 1] else { return nil }
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
  for degree in 1..<(k + 1) {
    if degree == k, let derivatives {
      for r in 0...k {
        let m = span - k + r
        let inside = m >= 0 && m + k + 1 < knotCount
        let left = inside && r >= 1 ? ratio(level[r - 1], t[m + k] - t[m]) : 0
        let right = inside && r <= k - 1 ? ratio(level[r], t[m + k + 1] - t[m + 1]) : 0
        derivatives[r] = Scalar(k) * (left - right)
      }
    }
    // Downward in r, so level[r - 1] and level[r] are still degree - 1 when read.
    for r in (0...degree).reversed() {
      let m = span - degree + r
      let inside = m >= 0 && m + degree + 1 < knotCount
      var sum: Scalar = 0
      if inside && r >= 1 { sum += ratio((x - t[m]) * level[r - 1], t[m + degree] - t[m]) }
      if inside && r <= degree - 1 {
        sum += ratio((t[m + degree + 1] - x) * level[r], t[m + degree + 1] - t[m + 1])
      }
      level[r] = sum
    }
  }
  if k == 0, let derivatives { derivatives[0] = 0 }
  return span
}

/// All `n = knotCount - k - 1` B-splines of degree `k` at `x`, and optionally their
/// derivatives: `bSplineWindow` spread over the full index range (zeros elsewhere).
///
///     values[m] = B_{m,k}(x),   m = 0 ..< n
///
/// - Parameters:
///   - x: the input value.
///   - t: the knots (label `knots`).
///   - knotCount: the number of knots.
///   - k: the degree (label `order`).
///   - values: receives `n` values.
///   - derivatives: receives `n` derivatives when not nil.
func bSplineBases<Scalar: KANScalar>(
  _ x: Scalar, knots t: UnsafePointer<Scalar>, knotCount: Int, order k: Int,
  values: UnsafeMutablePointer<Scalar>, derivatives: UnsafeMutablePointer<Scalar>?
) {
  let n = knotCount - k - 1
  values.update(repeating: 0, count: n)
  derivatives?.update(repeating: 0, count: n)
  var window = [Scalar](repeating: 0, count: k + 1)
  var slopes = [Scalar](repeating: 0, count: k + 1)
  guard
    let span = bSplineWindow(
      x, knots: t, knotCount: knotCount, order: k, values: &window, derivatives: &slopes)
  else { return }
  for r in 0...k where (0..<n).contains(span - k + r) {
    values[span - k + r] = window[r]
    derivatives?[span - k + r] = slopes[r]
  }
}

/// `1/h` for each knot row that is uniform with step `h = t_1 - t_0` (to within rounding), else 0.
///
///     uniform  <=>  |t_m - (t_0 + m h)| <= 64 eps max(|t_0|, |t_last|)   for every m
///
/// - Parameters:
///   - grid: the knot rows, flat.
///   - rows: the number of rows.
///   - count: the knots per row.
/// - Returns: one inverse step per row.
func uniformInverseSteps<Scalar: KANScalar>(
  _ grid: [Scalar], rows: Int, count: Int
) -> [Scalar] {
  (0..<rows).map { row in
    let t = grid[(row * count)..<((row + 1) * count)]
    let (first, last) = (t[t.startIndex], t[t.endIndex - 1])
    let step = t[t.startIndex + 1] - first
    guard step > 0 else { return 0 }
    let tolerance = 64 * Scalar.ulpOfOne * max(abs(first), abs(last))
    var lattice = first
    for knot in t {
      if abs(knot - lattice) > tolerance { return 0 }
      lattice += step
    }
    return 1 / step
  }
}

/// `a / b`, or zero when `b == 0` (the Cox-de Boor convention for repeated knots).
@inline(__always)
private func ratio<Scalar: KANScalar>(_ a: Scalar, _ b: Scalar) -> Scalar {
  b == 0 ? 0 : a / b
}
