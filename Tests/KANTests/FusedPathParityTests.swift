import Testing

@testable import KAN

/// One forward and backward of `layer` on `x` with output gradient `r`, through `path`.
private func pass<Scalar: KANScalar>(
  _ layer: KANLinear<Scalar>, _ x: Tensor<Scalar>, _ r: Tensor<Scalar>,
  path: KANLinear<Scalar>.Evaluation
) throws -> (y: [Scalar], dX: [Scalar], gradients: [Scalar]) {
  var layer = layer
  layer.evaluation = path
  let y = try layer.forward(x)
  let dX = try layer.backward(r)
  return (y.scalars, dX?.scalars ?? [], layer.flatGradients())
}

/// `max |a - b| / max(1, max |b|)`: the difference relative to the size of the values.
private func relativeDifference<Scalar: KANScalar>(_ a: [Scalar], _ b: [Scalar]) -> Double {
  let scale = b.reduce(1) { max($0, abs(Double($1))) }
  return zip(a, b).reduce(0) { max($0, abs(Double($1.0) - Double($1.1))) } / scale
}

/// A layer with every branch on, spline weights of order one, and optionally its grid bent by a
/// grid update (so the fused path's non-uniform branch runs).
private func probe<Scalar: KANScalar>(
  _ inputs: Int, _ outputs: Int, configuration: KANConfiguration, bent: Bool, seed: UInt64
) throws -> KANLinear<Scalar> {
  var layer = try KANLinear<Scalar>(
    inFeatures: inputs, outFeatures: outputs, configuration: configuration, seed: seed)
  let weights = seededValues(layer.splineWeight.count, in: -1...1, seed: seed + 1)
  layer.splineWeight.scalars = weights.map { Scalar($0) }
  if bent {
    let samples = seededTensor(64, inputs, in: -1.2...0.9, seed: seed + 2)
    try layer.updateGrid(from: samples.converted(to: Scalar.self))
  }
  return layer
}

@Suite("The fused narrow path equals the product path y = A . W_c^T, forward and backward")
struct FusedPathParityTests {
  /// Shapes of the issue (1000 -> 1 with a small batch, 64 -> 10, 7 -> 3) and the settings
  /// that take different branches of the feature evaluation.
  static let cases: [(inputs: Int, outputs: Int, configuration: KANConfiguration, bent: Bool)] = [
    (1000, 1, KANConfiguration(), false),
    (64, 10, KANConfiguration(gridSize: 3), false),
    (7, 3, KANConfiguration(), false),
    (7, 3, KANConfiguration(), true),
    (7, 3, KANConfiguration(outOfGridPolicy: .linearExtrapolation), false),
    (7, 3, KANConfiguration(outOfGridPolicy: .clamp), true),
    (7, 3, KANConfiguration(gridSize: 4, splineOrder: 2), false),
    (7, 3, KANConfiguration(basis: .gaussianRBF), false),
    (7, 3, KANConfiguration(basis: .chebyshev), false),
  ]

  @Test("Double: y, dL/dx and every parameter gradient agree to 1e-12", arguments: 0..<9)
  func doubleAgrees(index: Int) throws {
    let (inputs, outputs, configuration, bent) = Self.cases[index]
    let layer: KANLinear<Double> = try probe(
      inputs, outputs, configuration: configuration, bent: bent, seed: 80)
    // Inputs inside the grid, on its extension and beyond the last knot.
    let x = seededTensor(5, inputs, in: -2.8...2.8, seed: 81)
    let r = seededTensor(5, outputs, seed: 82)
    let fused = try pass(layer, x, r, path: .fused)
    let product = try pass(layer, x, r, path: .product)
    #expect(relativeDifference(fused.y, product.y) < 1e-12, "y \(configuration)")
    #expect(relativeDifference(fused.dX, product.dX) < 1e-12, "dL/dx \(configuration)")
    #expect(
      relativeDifference(fused.gradients, product.gradients) < 1e-12, "dL/dw \(configuration)")
  }

  @Test("Float: y, dL/dx and every parameter gradient agree to 1e-6", arguments: 0..<9)
  func floatAgrees(index: Int) throws {
    let (inputs, outputs, configuration, bent) = Self.cases[index]
    let layer: KANLinear<Float> = try probe(
      inputs, outputs, configuration: configuration, bent: bent, seed: 83)
    let x = seededTensor(5, inputs, in: -2.8...2.8, seed: 84).converted(to: Float.self)
    let r = seededTensor(5, outputs, seed: 85).converted(to: Float.self)
    let fused = try pass(layer, x, r, path: .fused)
    let product = try pass(layer, x, r, path: .product)
    #expect(relativeDifference(fused.y, product.y) < 1e-6, "y \(configuration)")
    #expect(relativeDifference(fused.dX, product.dX) < 1e-6, "dL/dx \(configuration)")
    #expect(
      relativeDifference(fused.gradients, product.gradients) < 1e-6, "dL/dw \(configuration)")
  }

  @Test("negative control: a perturbed fused weight is caught at 1e-12")
  func perturbationIsCaught() throws {
    var layer: KANLinear<Double> = try probe(
      7, 3, configuration: KANConfiguration(), bent: false, seed: 86)
    let x = seededTensor(5, 7, in: -1...1, seed: 87)
    let r = seededTensor(5, 3, seed: 88)
    let product = try pass(layer, x, r, path: .product)
    layer.splineWeight.scalars[5] += 1e-9
    let fused = try pass(layer, x, r, path: .fused)
    #expect(relativeDifference(fused.y, product.y) > 1e-12)
  }
}
