import Foundation
import KANFromScratch

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
func checkBasisDerivative(
  _ spline: BSpline, at points: [Double], step: Double = gradientCheckStep,
  derivative: (BSpline, Double, Int) -> Double = { $0.derivative($1, index: $2) }
) -> GradientCheckReport {
  let count = points.count
  let analytic = (0..<spline.n).flatMap { k in points.map { derivative(spline, $0, k) } }
  return gradientCheck(analytic: analytic, step: step) { entry, delta in
    spline.basis(points[entry % count] + delta, degree: spline.p, index: entry / count)
  }
}

/// Flattens a (in, out, n) weight tensor in `w[i][j][k]` order.
func flatten(_ w: [[[Double]]]) -> [Double] {
  w.flatMap { $0.flatMap { $0 } }
}

/// The blog's training data: 20 points of `0.5 sin(4x) exp(-x - 1)` evenly spaced on `[-1, 1]`.
func sinExpData(count: Int = 20) -> (inputs: [[Double]], targets: [[Double]]) {
  let xs = (0..<count).map { -1 + 2 * Double($0) / Double(count - 1) }
  return (xs.map { [$0] }, xs.map { [0.5 * sin(4 * $0) * exp(-$0 - 1)] })
}
