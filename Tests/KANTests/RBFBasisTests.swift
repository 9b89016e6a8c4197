import KANFromScratch
import Testing

@testable import KAN

/// The Gaussian bases at one point on [lo, hi] with `n` centres.
private func rbf(_ x: Double, n: Int) -> (values: [Double], derivatives: [Double]) {
  var values = [Double](repeating: .nan, count: n)
  var derivatives = [Double](repeating: .nan, count: n)
  values.withUnsafeMutableBufferPointer { v in
    derivatives.withUnsafeMutableBufferPointer { d in
      gaussianRBFBases(
        x, lower: -1.5, upper: 2, count: n, values: v.baseAddress.unsafelyUnwrapped,
        derivatives: d.baseAddress.unsafelyUnwrapped)
    }
  }
  return (values, derivatives)
}

@Suite("Gaussian RBF basis (fast-kan): B_m(x) = exp(-((x - c_m)/h)^2), per input")
struct RBFBasisTests {
  @Test("centres c_m = lo + m h with h = (hi - lo)/(n - 1); B_m(c_m) = 1, B_m(c_m +- h) = e^-1")
  func valuesOnTheCentres() {
    let h = 3.5 / 7
    for m in 0..<8 {
      let centre = -1.5 + Double(m) * h
      #expect(abs(rbf(centre, n: 8).values[m] - 1) < 1e-15)
      #expect(abs(rbf(centre + h, n: 8).values[m] - 1 / 2.718281828459045) < 1e-12)
    }
  }

  @Test("B'_m = -2 u_m B_m / h matches central differences")
  func derivativeMatchesCentralDifference() {
    for x in seededValues(50, in: -3...4, seed: 40) {
      let report = gradientCheck(analytic: rbf(x, n: 8).derivatives) { m, delta in
        rbf(x + delta, n: 8).values[m]
      }
      #expect(report.passed, "x = \(x): \(report)")
    }
  }

  @Test("layer: every gradient (w_b, w_s, s, x) matches central differences")
  func layerGradients() throws {
    var layer = try KANLinear<Double>(
      inFeatures: 3, outFeatures: 4,
      configuration: KANConfiguration(gridSize: 4, basis: .gaussianRBF), seed: 41)
    layer.splineWeight.scalars = seededValues(layer.splineWeight.count, in: -1...1, seed: 42)
    let x = seededTensor(6, 3, in: -2.5...2.5, seed: 43)
    let r = seededTensor(6, 4, seed: 44)
    for report in try layerGradientReports(layer, x, r) { #expect(report.passed, "\(report)") }
  }

  @Test(
    "same parameter count as the B-spline layer at the same G and k; a grid update moves the centres"
  )
  func parameterCountAndGridUpdate() throws {
    let spline = try KANLinear<Float>(
      inFeatures: 5, outFeatures: 7, configuration: KANConfiguration(basis: .bSpline))
    var layer = try KANLinear<Double>(
      inFeatures: 2, outFeatures: 2, configuration: KANConfiguration(basis: .gaussianRBF), seed: 45)
    #expect(
      try KANLinear<Float>(
        inFeatures: 5, outFeatures: 7, configuration: KANConfiguration(basis: .gaussianRBF)
      ).parameterCount
        == spline.parameterCount)
    let samples = seededTensor(40, 2, in: 0...3, seed: 46)
    try layer.updateGrid(from: samples)
    let range = try layer.gridRange(input: 0)
    let column = (0..<40).map { samples[$0, 0] }
    #expect(abs(range.lowerBound - ((column.min() ?? 0) - 0.01)) < 1e-12)
    #expect(abs(range.upperBound - ((column.max() ?? 0) + 0.01)) < 1e-12)
  }
}
