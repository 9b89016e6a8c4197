import Testing

@testable import KAN

/// Samples of `columns` inputs, skewed towards the lower end of `range` so the quantile grid is
/// far from uniform.
private func skewedSamples(
  _ rows: Int, _ columns: Int, in range: ClosedRange<Double>, seed: UInt64
) -> Tensor<Double> {
  var x = seededTensor(rows, columns, in: 0...1, seed: seed)
  let width = range.upperBound - range.lowerBound
  x.scalars = x.scalars.map { range.lowerBound + width * $0 * $0 }
  return x
}

@Suite("Grid update (efficient-kan update_grid, refit so every edge keeps its function)")
struct GridUpdateTests {
  /// A layer whose edges are cubics on [-1, 1] and whose scales are far from 1, so a refit that
  /// scales the spline twice changes the output by O(1).
  private func cubicLayer(policy: OutOfGridPolicy = .zero) throws -> KANLinear<Double> {
    var layer = try KANLinear<Double>(
      inFeatures: 2, outFeatures: 3,
      configuration: KANConfiguration(gridSize: 5, splineOrder: 3, outOfGridPolicy: policy), seed: 4
    )
    try setCubicEdges(&layer, seed: 5)
    layer.splineScaler.scalars = seededValues(6, in: 1.5...3, seed: 6)
    return layer
  }

  // Tolerance 1e-8 on outputs of size ~3: a cubic lies in both spline spaces, so the refit is
  // exact but for the ridge (1e-12 of the Gram matrix's mean diagonal, which moves the
  // coefficients by 1e-12 times the Gram matrix's condition, ~1e3 on this skewed quantile grid:
  // measured 1.3e-9) and round-off (~1e-14). A double-scaled refit is off by (s - 1) * spline
  // with s in [1.5, 3], seven orders more.
  @Test("cubic edges: y(x) before == y(x) after on the samples, to 1e-8; the s-twice refit fails")
  func outputUnchangedOnSamples() throws {
    var layer = try cubicLayer()
    let samples = skewedSamples(200, 2, in: -0.9...0.8, seed: 7)
    let before = try layer(samples)
    let kept = try layer.updateGrid(from: samples)
    let after = try layer(samples)
    #expect(kept.isEmpty)
    let error = maxDifference(before, after)
    #expect(error < 1e-8, "max |y_before - y_after| = \(error)")
    // The knots moved to the samples: t_k is near the smallest sample, not -1.
    #expect(abs(try layer.gridRange(input: 0).lowerBound + 0.9) < 0.01)
    // Negative control: efficient-kan stores the refit of w_s * s in w_s, scaling it twice.
    var doubleScaled = layer
    for j in 0..<3 {
      for i in 0..<2 {
        for m in 0..<layer.basisCount {
          doubleScaled.splineWeight[j, i, m] *= layer.splineScaler[j, i]
        }
      }
    }
    let wrong = maxDifference(before, try doubleScaled(samples))
    #expect(wrong > 1e-2, "the double-scaled refit should be detected: \(wrong)")
  }

  @Test(
    "gridEps = 1, margin 0 and samples spanning exactly [-1, 1] give back the same grid and weights"
  )
  func uniformSamplesKeepTheGrid() throws {
    var layer = try KANLinear<Double>(
      inFeatures: 2, outFeatures: 2, configuration: KANConfiguration(scaleNoise: 1), seed: 9)
    layer.splineWeight.scalars = seededValues(layer.splineWeight.count, in: -1...1, seed: 10)
    var samples = seededTensor(50, 2, in: -1...1, seed: 11)
    samples.scalars[0] = -1
    samples.scalars[1] = 1
    samples.scalars[2] = 1
    samples.scalars[3] = -1
    let grid = layer.grid
    let weights = layer.splineWeight
    try layer.updateGrid(from: samples, margin: 0, gridEps: 1)
    #expect(maxDifference(layer.grid, grid) < 1e-14)
    #expect(maxDifference(layer.splineWeight, weights) < 1e-8)
  }

  @Test("degenerate batches throw a typed error and leave the layer untouched")
  func degenerateBatches() throws {
    let layer = try cubicLayer()
    var constant = Tensor<Double>(shape: [20, 2], repeating: 0.3)
    constant.scalars[1] = -0.2
    var twoValues = Tensor<Double>(shape: [20, 2])
    for b in 0..<20 {
      twoValues[b, 0] = b.isMultiple(of: 2) ? 0.1 : 0.7
      twoValues[b, 1] = Double(b) / 20
    }
    var withNaN = seededTensor(20, 2, seed: 12)
    withNaN.scalars[7] = .nan
    let cases: [(Tensor<Double>, KANError)] = [
      (constant, .tooFewDistinctSamples(feature: 0, distinct: 1, needed: 8)),
      (twoValues, .tooFewDistinctSamples(feature: 0, distinct: 2, needed: 8)),
      (withNaN, .nonFinite(what: "layer input", index: 7)),
    ]
    for (samples, expected) in cases {
      var copy = layer
      #expect(throws: expected) { try copy.updateGrid(from: samples) }
      #expect(copy.grid == layer.grid && copy.splineWeight == layer.splineWeight)
    }
  }

  @Test("clustered samples (8 distinct values, 7 of them within 1e-9) refit to finite weights")
  func clusteredSamples() throws {
    var layer = try cubicLayer()
    var samples = Tensor<Double>(shape: [40, 2])
    for b in 0..<40 {
      samples[b, 0] = b < 35 ? 0.2 + Double(b % 7) * 1e-10 : -0.6
      samples[b, 1] = Double(b) / 40
    }
    try layer.updateGrid(from: samples)
    #expect(layer.splineWeight.scalars.allSatisfy { $0.isFinite })
    #expect(layer.grid.scalars.allSatisfy { $0.isFinite })
    let output = try layer(samples)
    #expect(output.scalars.allSatisfy { $0.isFinite })
  }

  @Test("keepingDegenerateFeatures: a constant input keeps its grid, the others update, no NaN")
  func keepingDegenerateFeatures() throws {
    var layer = try cubicLayer()
    var samples = skewedSamples(40, 2, in: -0.9...0.9, seed: 13)
    for b in 0..<40 { samples[b, 1] = 0.25 }
    let before = try layer(samples)
    let oldRow = Array(layer.grid.scalars[layer.grid.shape[1]...])
    let kept = try layer.updateGrid(from: samples, keepingDegenerateFeatures: true)
    #expect(kept == [1])
    #expect(Array(layer.grid.scalars[layer.grid.shape[1]...]) == oldRow)
    #expect(layer.splineWeight.scalars.allSatisfy { $0.isFinite })
    let after = try layer(samples)
    #expect(maxDifference(before, after) < 1e-8)
  }

  @Test("network update goes layer by layer on the updated outputs; output unchanged to 1e-8")
  func networkUpdate() throws {
    var first = try KANLinear<Double>(inFeatures: 2, outFeatures: 3, seed: 14)
    var second = try KANLinear<Double>(
      inFeatures: 3, outFeatures: 1, configuration: KANConfiguration(gridRange: -8...8), seed: 15)
    try setCubicEdges(&first, seed: 16)
    try setCubicEdges(&second, seed: 17)
    var network = try KANNetwork(layers: [first, second])
    let samples = skewedSamples(100, 2, in: -0.9...0.9, seed: 18)
    let before = try network(samples)
    let hidden = try network.layers[0](samples)
    try network.updateGrid(from: samples)
    let after = try network(samples)
    #expect(maxDifference(before, after) < 1e-8)
    // The second layer's grid now spans the first layer's outputs, not [-8, 8].
    let column = (0..<100).map { hidden[$0, 0] }
    let range = try network.layers[1].gridRange(input: 0)
    #expect(abs(range.lowerBound - (column.min() ?? 0)) < 0.01)
    #expect(abs(range.upperBound - (column.max() ?? 0)) < 0.01)
  }
}
