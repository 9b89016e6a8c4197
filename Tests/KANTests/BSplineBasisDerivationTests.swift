import KANFromScratch
import Testing

@testable import KAN

/// Evaluates the efficient track's bases (values and derivatives) at one point.
private func efficientBases(
  _ x: Double, knots: [Double], order: Int
) -> (values: [Double], derivatives: [Double]) {
  let n = knots.count - order - 1
  var values = [Double](repeating: .nan, count: n)
  var derivatives = [Double](repeating: .nan, count: n)
  bSplineBases(
    x, knots: knots, knotCount: knots.count, order: order, values: &values,
    derivatives: &derivatives)
  return (values, derivatives)
}

/// Knots bent away from uniform, as after a grid update.
private let bentKnots: [Double] = [-2.6, -1.9, -1.5, -1, -0.55, -0.3, 0.05, 0.2, 0.9, 1, 1.6, 2.4]

@Suite("Batched B-spline bases (tutorials 01-02: iterative Cox-de Boor on the local support)")
struct BSplineBasisDerivationTests {
  @Test(
    "partition of unity: sum_m B_m(x) = 1 on [t_k, t_{n}] for every degree",
    arguments: [0, 1, 2, 3, 4])
  func partitionOfUnity(order: Int) {
    let knots: [Double] = uniformKnots(gridSize: 5, order: order, range: -1...1)
    for x in stride(from: -1.0, to: 1.0, by: 0.013) {
      let (values, _) = efficientBases(x, knots: knots, order: order)
      let sum = values.reduce(0, +)
      #expect(abs(sum - 1) < 1e-12, "x = \(x): sum = \(sum)")
      #expect(values.allSatisfy { $0 >= 0 }, "negative basis at x = \(x): \(values)")
      #expect(values.filter { $0 != 0 }.count <= order + 1, "support wider than k+1 at \(x)")
    }
  }

  @Test(
    "equals the recursive KANFromScratch.BSpline (values and B'): uniform fast path and general path",
    arguments: [true, false])
  func matchesRecursiveDefinition(uniform: Bool) throws {
    let order = 3
    let knots: [Double] = uniform ? uniformKnots(gridSize: 5, order: 3, range: -1...1) : bentKnots
    let reference = try BSpline(knots: knots, p: order)
    let points = seededValues(200, in: -2.7...2.5, seed: 11)
    for x in points {
      let (values, derivatives) = efficientBases(x, knots: knots, order: order)
      for m in values.indices {
        let value = reference.basis(x, degree: order, index: m)
        let slope = reference.derivative(x, index: m)
        #expect(abs(values[m] - value) < 1e-12, "B_\(m)(\(x)): \(values[m]) vs \(value)")
        #expect(abs(derivatives[m] - slope) < 1e-10, "B'_\(m)(\(x)): \(derivatives[m]) vs \(slope)")
      }
    }
  }

  @Test(
    "B'_{m,k} = k (B_{m,k-1}/(t_{m+k}-t_m) - B_{m+1,k-1}/(t_{m+k+1}-t_{m+1})) matches central differences",
    arguments: [1, 2, 3])
  func derivativeMatchesCentralDifference(order: Int) {
    let knots = Array(bentKnots.prefix(order + 9))
    // Points strictly inside spans, at least 1e-3 from every knot: B' of degree 1 jumps at knots.
    let points = seededValues(150, in: knots[0]...knots[knots.count - 1], seed: 5).filter { x in
      knots.allSatisfy { abs($0 - x) > 1e-3 }
    }
    for x in points {
      let analytic = efficientBases(x, knots: knots, order: order).derivatives
      let report = gradientCheck(analytic: analytic) { m, delta in
        efficientBases(x + delta, knots: knots, order: order).values[m]
      }
      #expect(report.passed, "x = \(x): \(report)")
    }
  }

  @Test("outside [t_0, t_last) every basis and derivative is zero")
  func zeroOutsideTheKnots() {
    let knots: [Double] = uniformKnots(gridSize: 5, order: 3, range: -1...1)
    for x in [-10, knots[0] - 1e-9, knots[knots.count - 1], 7.5] {
      let (values, derivatives) = efficientBases(x, knots: knots, order: 3)
      #expect(values.allSatisfy { $0 == 0 } && derivatives.allSatisfy { $0 == 0 }, "x = \(x)")
    }
  }
}
