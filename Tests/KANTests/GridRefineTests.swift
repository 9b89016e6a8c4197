import Testing

@testable import KAN

@Suite("Grid refinement (pykan's grid extension: a finer layer fitted to the coarse one's edges)")
struct GridRefineTests {
  /// Points spread over [lo, hi] of every input of `layer`, shape (count, in).
  private func pointsInRange(_ layer: KANLinear<Double>, count: Int) throws -> Tensor<Double> {
    var x = Tensor<Double>(shape: [count, layer.inFeatures])
    for i in 0..<layer.inFeatures {
      let range = try layer.gridRange(input: i)
      for b in 0..<count {
        let u = Double(b) / Double(count - 1)
        x[b, i] = range.lowerBound + u * (range.upperBound - range.lowerBound)
      }
    }
    return x
  }

  // Tolerance 1e-8: refining by a whole factor keeps every old breakpoint, so each old edge lies
  // in the new spline space on the grid range and the fit reproduces it but for the 1e-12
  // relative ridge (times the Gram condition, ~1e3) and round-off.
  @Test(
    "G -> 2G and 3G on a bent (updated) grid: edges agree on the grid range to 1e-8",
    arguments: [2, 3])
  func wholeFactorIsExact(factor: Int) throws {
    var layer = try KANLinear<Double>(
      inFeatures: 2, outFeatures: 3, configuration: KANConfiguration(gridSize: 4), seed: 20)
    layer.splineWeight.scalars = seededValues(layer.splineWeight.count, in: -1...1, seed: 21)
    var samples = seededTensor(64, 2, in: 0...1, seed: 22)
    samples.scalars = samples.scalars.map { 2 * $0 * $0 * $0 - 1 }
    try layer.updateGrid(from: samples)
    let refined = try layer.refine(gridSize: 4 * factor)
    #expect(refined.gridSize == 4 * factor && refined.basisCount == 4 * factor + 3)
    #expect(try refined.gridRange(input: 1) == layer.gridRange(input: 1))
    let x = try pointsInRange(layer, count: 101)
    let error = maxDifference(try layer(x), try refined(x))
    #expect(error < 1e-8, "max |y_coarse - y_fine| = \(error)")
  }

  @Test(
    "Chebyshev degree 7 -> 11 is exact on the whole line (to 1e-8); RBF 8 -> 13 centres is close")
  func otherBases() throws {
    for (basis, tolerance) in [(BasisKind.chebyshev, 1e-8), (.gaussianRBF, 2e-2)] {
      var layer = try KANLinear<Double>(
        inFeatures: 2, outFeatures: 2, configuration: KANConfiguration(basis: basis), seed: 23)
      layer.splineWeight.scalars = seededValues(layer.splineWeight.count, in: -1...1, seed: 24)
      let refined = try layer.refine(gridSize: 8)
      let x = seededTensor(50, 2, in: -1...1, seed: 25)
      let error = maxDifference(try layer(x), try refined(x))
      #expect(error < tolerance, "\(basis): max |y_coarse - y_fine| = \(error)")
    }
  }

  @Test("network refine keeps widths, base weights and scales; rejects a grid size of 0")
  func networkRefine() throws {
    let network = try KANNetwork<Double>(widths: [2, 3, 1], seed: 26)
    let refined = try network.refine(gridSize: 10)
    #expect(refined.widths == [2, 3, 1])
    #expect(refined.layers.allSatisfy { $0.gridSize == 10 })
    #expect(refined.layers[1].baseWeight == network.layers[1].baseWeight)
    #expect(refined.layers[1].splineScaler == network.layers[1].splineScaler)
    #expect(
      throws: KANError.invalidArgument(
        name: "gridSize", value: "0", expected: "from 1 to 1000 (KANLimits.gridSize)")
    ) {
      try network.refine(gridSize: 0)
    }
  }
}
