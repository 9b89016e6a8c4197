import Testing

@testable import KAN

@Suite("Trainer hooks: out-of-grid fraction shown and acted on; sparsity penalty reported")
struct GridTrainerTests {
  @Test("inputs in [0, 3] on a [-1, 1] grid: the fraction is reported and the grid moves to them")
  func gridUpdatesWhenTooMuchIsOutside() throws {
    let x = seededTensor(64, 2, in: 0...3, seed: 80)
    var y = Tensor<Double>(shape: [64, 1])
    for b in 0..<64 { y[b, 0] = x[b, 0] - 0.5 * x[b, 1] }
    let data = try Dataset(inputs: x, targets: .values(y))
    var network = try KANNetwork<Double>(widths: [2, 3, 1], seed: 81)
    var trainer = Trainer<Double>(
      batchSize: 64, schedule: ExponentialDecay(gamma: 1),
      progress: ProgressPrinter(enabled: false))
    trainer.gridUpdateThreshold = 0.05
    trainer.lambda = 0.01
    var optimizer = Adam()
    let reports = try trainer.fit(&network, on: data, optimizer: &optimizer, epochs: 2)
    #expect(reports[0].outOfGridFractions.count == 2)
    #expect(reports[0].outOfGridFractions[0] > 0.5)
    #expect(reports[1].outOfGridFractions[0] == 0)
    #expect(try network.layers[0].gridRange(input: 0).upperBound > 2.9)
    #expect(reports.allSatisfy { $0.regularization > 0 && $0.loss.isFinite })
  }
}
