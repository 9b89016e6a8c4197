import KANFromScratch
import Testing

@testable import KAN

/// A small Double layer with every branch on and non-trivial scales.
private func probeLayer(basis: BasisKind = .bSpline, seed: UInt64 = 3) throws -> KANLinear<Double> {
  var layer = try KANLinear<Double>(
    inFeatures: 3, outFeatures: 4,
    configuration: KANConfiguration(gridSize: 4, splineOrder: 3, basis: basis, scaleNoise: 0.5),
    seed: seed)
  // Spline weights of order one, so the spline branch matters as much as the base branch.
  layer.splineWeight.scalars = seededValues(layer.splineWeight.count, in: -1...1, seed: seed + 1)
  return layer
}

@Suite("KANLinear backward (efficient-kan form): every gradient against central differences")
struct KANLinearDerivationTests {
  /// The two ways through the layer.
  static let paths: [KANLinear<Double>.Evaluation] = [.fused, .product]
  /// Inputs inside the grid, on its extension, and beyond the last knot.
  let x = seededTensor(6, 3, in: -2.8...2.8, seed: 21)
  let r = seededTensor(6, 4, seed: 22)

  /// Compares one parameter's gradient from `backward` with central differences of the probe
  /// loss, moving that parameter one entry at a time.
  private func parameterGradientReport(
    _ parameter: WritableKeyPath<KANLinear<Double>, Tensor<Double>>,
    gradient: KeyPath<KANLinear<Double>, Tensor<Double>>, path: KANLinear<Double>.Evaluation
  ) throws -> GradientCheckReport {
    var layer = try probeLayer()
    layer.evaluation = path
    _ = try layer.forward(x)
    try layer.backward(r)
    return try gradientCheck(analytic: layer[keyPath: gradient].scalars) { q, delta in
      var moved = layer
      moved[keyPath: parameter].scalars[q] += delta
      return probeLoss(try moved(x), r)
    }
  }

  @Test("dL/dw_b[j,i] = sum_b dY[b,j] b(x[b,i]), fused and product paths", arguments: paths)
  func baseWeightGradient(path: KANLinear<Double>.Evaluation) throws {
    let report = try parameterGradientReport(
      \.baseWeight, gradient: \.baseWeightGradient, path: path)
    #expect(report.passed, "\(report)")
  }

  @Test(
    "dL/dw_s[j,i,m] = s[j,i] sum_b dY[b,j] B_m(x[b,i]), fused and product paths", arguments: paths)
  func splineWeightGradient(path: KANLinear<Double>.Evaluation) throws {
    let report = try parameterGradientReport(
      \.splineWeight, gradient: \.splineWeightGradient, path: path)
    #expect(report.passed, "\(report)")
  }

  @Test(
    "dL/ds[j,i] = sum_b dY[b,j] sum_m w_s[j,i,m] B_m(x[b,i]), fused and product paths",
    arguments: paths)
  func splineScalerGradient(path: KANLinear<Double>.Evaluation) throws {
    let report = try parameterGradientReport(
      \.splineScaler, gradient: \.splineScalerGradient, path: path)
    #expect(report.passed, "\(report)")
  }

  @Test(
    "dL/dx[b,i] = sum_j dY[b,j] (w_b b'(x) + s sum_m w_s B'_m(x)), wide (GEMM) and narrow paths",
    arguments: [2, 12])
  func inputGradient(outputs: Int) throws {
    var layer = try KANLinear<Double>(
      inFeatures: 3, outFeatures: outputs, configuration: KANConfiguration(scaleNoise: 0.5), seed: 8
    )
    layer.splineWeight.scalars = seededValues(layer.splineWeight.count, in: -1...1, seed: 9)
    let r = seededTensor(6, outputs, seed: 23)
    _ = try layer.forward(x)
    let dX = try #require(try layer.backward(r))
    let report = try gradientCheck(analytic: dX.scalars) { q, delta in
      var moved = x
      moved.scalars[q] += delta
      return probeLoss(try layer(moved), r)
    }
    #expect(report.passed, "\(report)")
  }

  @Test("backward accumulates: two calls give twice the gradient; zeroGradients clears it")
  func gradientsAccumulate() throws {
    var layer = try probeLayer()
    _ = try layer.forward(x)
    try layer.backward(r)
    let once = layer.splineWeightGradient.scalars
    try layer.backward(r)
    for (twice, single) in zip(layer.splineWeightGradient.scalars, once) {
      #expect(abs(twice - 2 * single) <= 1e-12 * max(1, abs(single)))
    }
    layer.zeroGradients()
    #expect(layer.splineWeightGradient.scalars.allSatisfy { $0 == 0 })
  }
}
