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
/// Where the knots around `x` are uniform with step `h = t_1 - t_0` (always, until a grid update
/// bends them), the span is found in O(1) and the triangle runs without divisions, in the local
/// coordinate `u = (x - t_s) / h`:
///
///     B_{s-d+r,d} = ((u + d - r) B_{s-d+r,d-1} + (r + 1 - u) B_{s-d+r+1,d-1}) / d
///     B'_{m,k}    = (B_{m,k-1} - B_{m+1,k-1}) / h
///
/// - Parameters:
///   - x: the input value.
///   - t: the knots (label `knots`), `knotCount` non-decreasing values.
///   - knotCount: the number of knots.
///   - k: the degree (label `order`).
///   - values: receives `n` basis values (zeros outside the support).
///   - derivatives: receives `n` derivatives when not nil.
///   - level: room for `k + 1` scalars (label `scratch`).
///   - inverseStep: `uniformInverseSteps` of this knot row when the caller has it (`1/h` for a
///     uniform row, 0 for any other); nil checks the knots around `x` on every call.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
@inline(__always)
func bSplineBases<Scalar: KANScalar>(
  _ x: Scalar, knots t: UnsafePointer<Scalar>, knotCount: Int, order k: Int,
  values: UnsafeMutablePointer<Scalar>, derivatives: UnsafeMutablePointer<Scalar>?,
  scratch level: UnsafeMutablePointer<Scalar>, inverseStep: Scalar? = nil
) {
  let basisCount = knotCount &- k &- 1
  for m in 0..<basisCount { values[m] = 0 }
  if let derivatives { for m in 0..<basisCount { derivatives[m] = 0 } }
  guard x >= t[0] && x < t[knotCount - 1] else { return }
  if inverseStep != 0
    && uniformBases(
      x, knots: t, knotCount: knotCount, order: k, values: values, derivatives: derivatives,
      scratch: level, inverseStep: inverseStep)
  {
    return
  }
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

/// The uniform-grid branch of `bSplineBases`: O(1) span, division-free triangle.
///
/// Returns false, writing nothing, when the knots around `x` are not uniform.
///
/// For the cubic (`k = 3`) the triangle is written out as the four uniform cubic pieces:
///
///     B_{s-3} = (1-u)^3 / 6           B_{s-2} = (3u^3 - 6u^2 + 4) / 6
///     B_{s-1} = (-3u^3 + 3u^2 + 3u + 1) / 6                B_s = u^3 / 6
@inline(__always)
private func uniformBases<Scalar: KANScalar>(
  _ x: Scalar, knots t: UnsafePointer<Scalar>, knotCount: Int, order k: Int,
  values: UnsafeMutablePointer<Scalar>, derivatives: UnsafeMutablePointer<Scalar>?,
  scratch level: UnsafeMutablePointer<Scalar>, inverseStep known: Scalar?
) -> Bool {
  let basisCount = knotCount &- k &- 1
  let step = t[1] - t[0]
  guard step > 0 else { return false }
  let inverseStep = known ?? 1 / step
  var span = min(max(((x - t[0]) * inverseStep).truncatedInt, 0), knotCount &- 2)
  // Rounding can put x one span off; step to the span that holds it.
  if x < t[span] && span > 0 {
    span &-= 1
  } else if x >= t[span &+ 1] && span < knotCount &- 2 {
    span &+= 1
  }
  guard x >= t[span] && x < t[span &+ 1] else { return false }
  // The closed form needs every knot the triangle reads to sit on the uniform lattice; a known
  // inverse step says the whole row does.
  if known == nil {
    let tolerance = 64 * Scalar.ulpOfOne * max(abs(t[0]), abs(t[knotCount &- 1]))
    let first = max(span &- k, 0)
    var lattice = t[first]
    for m in first...min(span &+ k &+ 1, knotCount &- 1) {
      if abs(t[m] - lattice) > tolerance { return false }
      lattice += step
    }
  }
  let u = (x - t[span]) * inverseStep
  if k == 3 {
    let (v, u2) = (1 - u, u * u)
    let u3 = u2 * u
    let sixth: Scalar = 1 / 6
    level[0] = v * v * v * sixth
    level[1] = (3 * u3 - 6 * u2 + 4) * sixth
    level[2] = (-3 * u3 + 3 * u2 + 3 * u + 1) * sixth
    level[3] = u3 * sixth
    if let derivatives {
      let half = inverseStep / 2
      let slopes = (-v * v * half, (3 * u2 - 4 * u) * half, (-3 * u2 + 2 * u + 1) * half, u2 * half)
      let m = span &- 3
      if m >= 0 && m < basisCount { derivatives[m] = slopes.0 }
      if m &+ 1 >= 0 && m &+ 1 < basisCount { derivatives[m &+ 1] = slopes.1 }
      if m &+ 2 >= 0 && m &+ 2 < basisCount { derivatives[m &+ 2] = slopes.2 }
      if m &+ 3 >= 0 && m &+ 3 < basisCount { derivatives[m &+ 3] = slopes.3 }
    }
  } else {
    uniformTriangle(
      u, span: span, knotCount: knotCount, order: k, inverseStep: inverseStep,
      derivatives: derivatives, level: level)
  }
  for r in 0...k {
    let m = span &- k &+ r
    if m >= 0 && m < basisCount { values[m] = level[r] }
  }
  return true
}

/// The uniform triangle for any degree, in the local coordinate `u` (see `bSplineBases`);
/// leaves `B_{s-k+r,k}` in `level[r]` and writes the derivatives when asked.
@inline(__always)
private func uniformTriangle<Scalar: KANScalar>(
  _ u: Scalar, span: Int, knotCount: Int, order k: Int, inverseStep: Scalar,
  derivatives: UnsafeMutablePointer<Scalar>?, level: UnsafeMutablePointer<Scalar>
) {
  let basisCount = knotCount &- k &- 1
  level[0] = 1
  var degreeValue: Scalar = 0
  for degree in stride(from: 1, through: k, by: 1) {
    degreeValue += 1
    if degree == k, let derivatives {
      for r in 0...k {
        let m = span &- k &+ r
        guard m >= 0 && m < basisCount else { continue }
        let left = r >= 1 ? level[r &- 1] : 0
        let right = r <= k &- 1 ? level[r] : 0
        derivatives[m] = (left - right) * inverseStep
      }
    }
    let inverseDegree = 1 / degreeValue
    // rising = u + degree - r and falling = r + 1 - u, stepped as r falls from degree to 0.
    var rising = u
    var falling = degreeValue + 1 - u
    for r in stride(from: degree, through: 0, by: -1) {
      let m = span &- degree &+ r
      var sum: Scalar = 0
      if m >= 0 && m &+ degree &+ 1 < knotCount {
        if r >= 1 { sum += rising * level[r &- 1] }
        if r <= degree &- 1 { sum += falling * level[r] }
      }
      level[r] = sum * inverseDegree
      rising += 1
      falling -= 1
    }
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
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
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
