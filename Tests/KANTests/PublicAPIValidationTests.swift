import KAN
import Testing

/// Only the public API (no `@testable`): what a user can do to a model must throw, never trap
/// or read out of bounds.
@Suite("Public API: inconsistent shapes, huge sizes and bad indices throw typed errors")
struct PublicAPIValidationTests {
  @Test("a wrongly shaped or non-finite weight or grid is refused by the setters")
  func settersValidate() throws {
    var layer = try KANLinear<Float>(inFeatures: 3, outFeatures: 2)
    let wrong = try Tensor<Float>(shape: [2, 3, 7], filledWith: 0.5)  // n is 8, not 7
    #expect(
      throws: KANError.shapeMismatch(what: "spline weight", expected: [2, 3, 8], got: [2, 3, 7])
    ) {
      try layer.setSplineWeight(wrong)
    }
    var resized = layer.baseWeight
    resized.scalars.append(1)  // scalars no longer match the shape
    #expect(throws: KANError.countMismatch(shape: [2, 3], count: 7)) {
      try layer.setBaseWeight(resized)
    }
    var knots = layer.grid
    knots[1, 4] = knots[1, 3]  // not increasing
    #expect(throws: KANError.self) { try layer.setGrid(knots) }
    var nonFinite = layer.splineScaler
    nonFinite[0, 0] = .nan
    #expect(throws: KANError.nonFinite(what: "spline scaler", index: 0)) {
      try layer.setSplineScaler(nonFinite)
    }
    // The layer is unchanged and still computes.
    let x = try Tensor<Float>(shape: [2, 3], scalars: [0.1, -0.2, 0.3, 0.4, -0.5, 0.6])
    #expect(try layer(x).shape == [2, 2])
  }

  @Test("huge or overflowing sizes throw, naming the cap")
  func hugeSizes() throws {
    #expect(throws: KANError.self) { try Tensor<Float>(shape: [Int.max, 2], scalars: []) }
    #expect(throws: KANError.self) { try Tensor<Float>(shape: [Int.max, 2], filledWith: 0) }
    #expect(throws: KANError.self) {
      try KANNetwork<Float>(widths: [2, 1], configuration: KANConfiguration(gridSize: .max))
    }
    #expect(throws: KANError.self) { try KANNetwork<Float>(widths: [1 << 40, 1 << 40]) }
    #expect(throws: KANError.self) {
      try KANNetwork<Float>(
        widths: [2, 1], configuration: KANConfiguration(gridRange: -1e308...1e308))
    }
    let network = try KANNetwork<Float>(widths: [2, 3, 1])
    #expect(throws: KANError.self) { try network.refine(gridSize: .max) }
    #expect(throws: KANError.self) { try KANNetwork<Float>(layers: []) }
  }

  @Test("index arguments out of range and negative counts throw")
  func badIndices() throws {
    var network = try KANNetwork<Double>(widths: [2, 3, 1])
    #expect(throws: KANError.self) { try network.layers[0].gridRange(input: 2) }
    #expect(throws: KANError.self) { try network.layers[0].edge(from: 5, to: 0, at: [0]) }
    #expect(throws: KANError.self) { try network.updateLayer(7) { _ in } }
    let x = try Tensor<Double>(shape: [4, 2], scalars: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7])
    let y = try Tensor<Double>(shape: [4, 1], scalars: [0, 1, 0, 1])
    let data = try Dataset(inputs: x, targets: .values(y))
    var optimizer = SGD(learningRate: 0.1)
    let trainer = Trainer<Double>(batchSize: 2, progress: ProgressPrinter(enabled: false))
    #expect(throws: KANError.self) {
      try trainer.fit(&network, on: data, optimizer: &optimizer, epochs: -1)
    }
    #expect(throws: KANError.self) { try network.fitLBFGS(data, steps: -1) }
    let before = network.flatParameters()
    #expect(try network.fitLBFGS(data, steps: 0).isEmpty)
    #expect(network.flatParameters() == before)
  }
}
