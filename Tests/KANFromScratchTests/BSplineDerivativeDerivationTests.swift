import KANFromScratch
import Testing

// Where the derivative is checked, and why:
// - Away from knots the basis is one polynomial on the whole stencil [x - h, x + h], so the central
//   difference is accurate to h^2 |B'''| / 6 ~ 1e-10 for every degree.
// - Near knots (1e-3 and 1e-4 away, both > h = 1e-5) the stencil still stays inside one piece; these
//   points catch a formula that picks the wrong neighbouring basis or knot difference.
// - Exactly on a knot the indicator's half-open convention decides which piece is used. For a cubic
//   B' and B'' are continuous there, so the central difference stays O(h^2) and the test is fair;
//   for p <= 2 it is not (B'' or B' jumps), so those degrees are not checked on knots.
@Suite(
  "B-spline derivative (tutorial 02): B'_{i,k} = k (B_{i,k-1}/(t_{i+k} - t_i) - B_{i+1,k-1}/(t_{i+k+1} - t_{i+1}))"
)
struct BSplineDerivativeDerivationTests {
  @Test("B' equals the central difference of B away from knots", arguments: [1, 2, 3, 4])
  func derivativeMatchesCentralDifference(degree p: Int) throws {
    let spline = try BSpline(p: p, n: p + 4)
    let report = checkBasisDerivative(spline, at: pointsAwayFromKnots(spline))
    expectPasses(report)
  }

  @Test("B' equals the central difference 1e-3 and 1e-4 from every knot", arguments: [1, 2, 3])
  func derivativeMatchesCentralDifferenceNearKnots(degree p: Int) throws {
    let spline = try BSpline(p: p, n: p + 4)
    let report = checkBasisDerivative(spline, at: pointsNearKnots(spline))
    expectPasses(report)
  }

  @Test("cubic: B' equals the central difference on the knots too (B', B'' continuous there)")
  func cubicDerivativeMatchesOnKnots() throws {
    let spline = try BSpline(p: 3, n: 7)
    let knots = spline.t.filter { -1 <= $0 && $0 <= 1 }
    let report = checkBasisDerivative(spline, at: knots)
    expectPasses(report)
  }

  // The span [-0.6, -0.55] is 10 times narrower than the uniform grid's, so B''' is ~1000 times
  // larger and the h^2 truncation error with it: at h = 1e-5 it reaches 1.3e-8, above the 1e-8
  // the check allows below its floor. h = 1e-6 cuts it 100-fold, and the rounding error,
  // eps / h ~ 2e-10, stays far below the allowance.
  @Test("B' on non-uniform knots (one span 0.05 wide) equals the central difference, h = 1e-6")
  func derivativeOnNonUniformKnots() throws {
    let knots = [-2.2, -1.9, -1.3, -1, -0.6, -0.55, 0.1, 0.7, 1, 1.4, 1.5, 2.6]
    let spline = try BSpline(knots: knots, p: 3)
    let report = checkBasisDerivative(spline, at: pointsAwayFromKnots(spline), step: 1e-6)
    expectPasses(report)
  }

  @Test("sum_k B'_k(x) = 0 on [-1, 1]: the derivative of the partition of unity")
  func derivativesSumToZero() throws {
    let spline = try BSpline(p: 3, n: 7)
    let xs = pointsAwayFromKnots(spline)
    let basisPrime = try spline.derivative(xs)  // basisPrime is (n, m)
    let sum = { (m: Int) in (0..<spline.n).reduce(0) { $0 + basisPrime[$1][m] } }
    expectEach(Array(xs.indices), "sum_k B'_k(x) = 0", tolerance: 1e-13) {
      abs(sum($0))
    } describe: {
      "x = \(short(xs[$0])): sum_k B'_k(x) = \(sum($0))"
    }
  }

  @Test("degree 0: B' = 0, the bases are piecewise constant")
  func degreeZeroDerivativeIsZero() throws {
    let spline = try BSpline(p: 0, n: 4)
    let basisPrime = try spline.derivative([-0.9, -0.2, 0.3, 0.99])
    #expect(basisPrime.allSatisfy { $0.allSatisfy { $0 == 0 } })
  }
}
