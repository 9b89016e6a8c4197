import KANFromScratch
import Testing

@testable import KAN

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Chebyshev bases `T_m(tanh x)`, `m < n`, and their derivatives in `x`.
private func chebyshev(_ x: Double, n: Int) -> (values: [Double], derivatives: [Double]) {
  var values = [Double](repeating: .nan, count: n)
  var derivatives = [Double](repeating: .nan, count: n)
  values.withUnsafeMutableBufferPointer { v in
    derivatives.withUnsafeMutableBufferPointer { d in
      chebyshevBases(
        x, count: n, values: v.baseAddress.unsafelyUnwrapped,
        derivatives: d.baseAddress.unsafelyUnwrapped)
    }
  }
  return (values, derivatives)
}

@Suite("Chebyshev basis: B_m(x) = T_m(tanh x) by the three-term recurrence")
struct ChebyshevBasisTests {
  @Test("T_m(t) = cos(m acos t) away from t = +-1")
  func matchesTheTrigonometricForm() {
    for x in seededValues(40, in: -2...2, seed: 50) {
      let values = chebyshev(x, n: 9).values
      for m in 0..<9 {
        let expected = cos(Double(m) * acos(tanh(x)))
        #expect(abs(values[m] - expected) < 1e-12, "T_\(m)(tanh \(x))")
      }
    }
  }

  @Test("d T_m(tanh x)/dx = T'_m(t)(1 - t^2) matches central differences")
  func derivativeMatchesCentralDifference() {
    for x in seededValues(40, in: -3...3, seed: 51) {
      let report = gradientCheck(analytic: chebyshev(x, n: 9).derivatives) { m, delta in
        chebyshev(x + delta, n: 9).values[m]
      }
      #expect(report.passed, "x = \(x): \(report)")
    }
  }

  @Test("finite where cos(m acos t) is not: at tanh x = +-1 values are (+-1)^m, slopes 0")
  func finiteAtTheEnds() {
    for x in [-40.0, 40] {
      let (values, derivatives) = chebyshev(x, n: 9)
      for m in 0..<9 {
        #expect(values[m] == (x < 0 && m % 2 == 1 ? -1 : 1))
        #expect(derivatives[m] == 0)
      }
    }
  }

  @Test(
    "layer: every gradient (w_b, w_s, s, x) matches central differences; degree count n = G + k")
  func layerGradients() throws {
    var layer = try KANLinear<Double>(
      inFeatures: 3, outFeatures: 4,
      configuration: KANConfiguration(gridSize: 4, basis: .chebyshev), seed: 52)
    #expect(layer.basisCount == 7)
    layer.splineWeight.scalars = seededValues(layer.splineWeight.count, in: -1...1, seed: 53)
    let x = seededTensor(6, 3, in: -2.5...2.5, seed: 54)
    let r = seededTensor(6, 4, seed: 55)
    for report in try layerGradientReports(layer, x, r) { #expect(report.passed, "\(report)") }
    var unchanged = layer
    #expect(try unchanged.updateGrid(from: x).isEmpty)
    #expect(unchanged.splineWeight == layer.splineWeight)
  }
}
