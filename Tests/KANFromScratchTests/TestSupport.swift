import Foundation
import KANFromScratch
import Testing

/// Points spread over `[-1, 1]` (both ends included) that stay more than `margin` away from every
/// knot, so a central-difference stencil of half-width `h < margin` never straddles a knot.
func pointsAwayFromKnots(_ spline: BSpline, count: Int = 101, margin: Double = 1e-3) -> [Double] {
  let spacing = 2 / Double(count - 1)
  var points: [Double] = []
  for q in 0..<count {
    let x: Double = -1 + spacing * (Double(q) + 0.37)  // shifted off the evenly spaced grid
    if x <= 1 && spline.t.allSatisfy({ abs($0 - x) > margin }) { points.append(x) }
  }
  return points
}

/// Points at distance 1e-3 and 1e-4 on both sides of every knot in `[-1, 1]`.
func pointsNearKnots(_ spline: BSpline) -> [Double] {
  spline.t.filter { -1 <= $0 && $0 <= 1 }
    .flatMap { t in [t - 1e-3, t - 1e-4, t + 1e-4, t + 1e-3] }
}

/// A reproducible vector of `count` values in `[-scale, scale)`.
func randomVector(_ count: Int, seed: UInt64, scale: Double = 1) -> [Double] {
  var generator = SplitMix64(seed: seed)
  return (0..<count).map { _ in scale * (2 * generator.uniform() - 1) }
}

/// Checks `B'_k(x)` against central differences of `B_k` at every point and every `k`.
///
///     analytic[k * points + q] = derivative(x_q)_k,   f(entry, delta) = B_k(x_q + delta)
///
/// A failure names its worst entries as `B'_4 at x = 0.3137`.
func checkBasisDerivative(
  _ spline: BSpline, at points: [Double], step: Double = gradientCheckStep,
  derivative: (BSpline, Double, Int) -> Double = { $0.derivative($1, index: $2) }
) -> GradientCheckReport {
  let count = points.count
  let analytic = (0..<spline.n).flatMap { k in points.map { derivative(spline, $0, k) } }
  return gradientCheck(analytic: analytic, step: step) { entry, delta in
    spline.basis(points[entry % count] + delta, degree: spline.p, index: entry / count)
  }.naming { "B'_\($0 / count) at x = \(short(points[$0 % count]))" }
}

/// Flattens a (in, out, n) weight tensor in `w[i][j][k]` order.
func flatten(_ w: [[[Double]]]) -> [Double] {
  w.flatMap { $0.flatMap { $0 } }
}

/// The indices `(i, j, k)` of entry `q` of a (in, out, n) tensor flattened by `flatten`.
func weightIndex(_ q: Int, out: Int, n: Int) -> (i: Int, j: Int, k: Int) {
  (q / (out * n), (q / n) % out, q % n)
}

/// The name of one weight in failure messages: `w[0][1][3]`.
func weightName(_ index: (i: Int, j: Int, k: Int)) -> String {
  "w[\(index.i)][\(index.j)][\(index.k)]"
}

/// A number with four significant digits, for failure messages: `0.3137`, `-2.5e-05`.
func short(_ value: Double) -> String {
  String(format: "%.4g", value)
}

/// Expects a gradient check to pass; a failure prints the report once, with its few worst
/// entries by name (`B'_4 at x = 0.3137: analytic ..., central difference ...`).
func expectPasses(_ report: GradientCheckReport, sourceLocation: SourceLocation = #_sourceLocation)
{
  if !report.passed {
    Issue.record(Comment(rawValue: report.description), sourceLocation: sourceLocation)
  }
}

/// Expects `error(item) <= tolerance` for every item, and on failure records one issue: how many
/// items failed and the `shown` worst (largest error first), instead of one issue per item.
///
/// - Parameters:
///   - items: The cases, such as the points a partition of unity is checked at.
///   - property: What must hold, such as `"sum_k B_k(x) = 1"`.
///   - tolerance: The largest error that passes; 0 for exact properties.
///   - shown: How many failing items to describe.
///   - sourceLocation: Where the issue is reported; the caller's line by default.
///   - error: The error of one item; NaN counts as a failure.
///   - describe: One line about one item, naming where it is and what it is.
func expectEach<Item>(
  _ items: [Item], _ property: String, tolerance: Double = 0, shown: Int = 3,
  sourceLocation: SourceLocation = #_sourceLocation,
  error: (Item) -> Double, describe: (Item) -> String
) {
  #expect(!items.isEmpty, "no cases for \(property)", sourceLocation: sourceLocation)
  let failures = items.map { (item: $0, error: error($0)) }
    .filter { !($0.error <= tolerance) }
    .sorted { ($0.error.isNaN ? .infinity : $0.error) > ($1.error.isNaN ? .infinity : $1.error) }
  guard !failures.isEmpty else { return }
  let lines = failures.prefix(shown).map { "\n  " + describe($0.item) }.joined()
  Issue.record(
    Comment(
      rawValue: "\(property): \(failures.count) of \(items.count) cases fail (tolerance "
        + "\(tolerance)); worst:\(lines)"),
    sourceLocation: sourceLocation)
}

/// The blog's training data: 20 points of `0.5 sin(4x) exp(-x - 1)` evenly spaced on `[-1, 1]`.
func sinExpData(count: Int = 20) -> (inputs: [[Double]], targets: [[Double]]) {
  let xs = (0..<count).map { -1 + 2 * Double($0) / Double(count - 1) }
  return (xs.map { [$0] }, xs.map { [0.5 * sin(4 * $0) * exp(-$0 - 1)] })
}
