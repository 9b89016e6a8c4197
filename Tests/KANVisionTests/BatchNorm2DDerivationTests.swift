import KAN
import KANFromScratch
import Testing

@testable import KANVision

/// A batch norm with non-trivial `gamma` and `beta`, so their gradients and the scale matter.
private func probeBatchNorm(channels: Int) throws -> BatchNorm2D<Double> {
  var bn = try BatchNorm2D<Double>(channels: channels)
  try bn.setState(
    weight: try seededTensor([channels], in: 0.5...1.5, seed: 31),
    bias: try seededTensor([channels], seed: 32),
    runningMean: try seededTensor([channels], seed: 33),
    runningVariance: try seededTensor([channels], in: 0.5...2, seed: 34))
  return bn
}

@Suite("BatchNorm2D (training mode): dx = gamma/sigma (dY - mean dY - xhat mean(dY xhat))")
struct BatchNorm2DDerivationTests {
  /// Three images of two 3x4 channels, off-centre so the mean matters.
  let x: Tensor<Double>

  init() throws {
    x = try seededTensor([3, 2, 3, 4], in: -2...3, seed: 35)
  }

  @Test("dL/dx through the batch mean and variance equals central differences")
  func inputGradient() throws {
    var bn = try probeBatchNorm(channels: 2)
    let r = try seededTensor(x.shape, seed: 36)
    _ = try bn.forward(x)
    let dX = try bn.backward(r)
    let report = try inputGradientReport(dX, at: x, probe: r) { moved in
      var fresh = try probeBatchNorm(channels: 2)
      return try fresh.forward(moved)
    }
    #expect(report.passed, "\(report)")
  }

  @Test("dL/dgamma_c = sum dY xhat, dL/dbeta_c = sum dY")
  func parameterGradients() throws {
    var bn = try probeBatchNorm(channels: 2)
    let r = try seededTensor(x.shape, seed: 37)
    _ = try bn.forward(x)
    _ = try bn.backward(r)
    let report = try parameterGradientReport(bn, probe: r) { try $0.forward(x) }
    #expect(report.passed, "\(report)")
  }

  @Test("running stats move as PyTorch's: (1-m) old + m batch, variance unbiased N/(N-1)")
  func runningStatistics() throws {
    var bn = try probeBatchNorm(channels: 2)
    let (oldMean, oldVariance) = (bn.runningMean.scalars, bn.runningVariance.scalars)
    let y = try bn.forward(x)
    let plane = 12
    for c in 0..<2 {
      let values = (0..<3).flatMap { b in (0..<plane).map { x.scalars[(b * 2 + c) * plane + $0] } }
      let n = Double(values.count)
      let mean = values.reduce(0, +) / n
      let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n
      let expectedMean = 0.9 * oldMean[c] + 0.1 * mean
      let expectedVariance = 0.9 * oldVariance[c] + 0.1 * variance * n / (n - 1)
      #expect(abs(bn.runningMean.scalars[c] - expectedMean) <= 1e-12)
      #expect(abs(bn.runningVariance.scalars[c] - expectedVariance) <= 1e-12)
      // The output of channel c has mean beta_c and variance gamma_c^2 var / (var + eps).
      let out = (0..<3).flatMap { b in (0..<plane).map { y.scalars[(b * 2 + c) * plane + $0] } }
      let outMean = out.reduce(0, +) / n
      #expect(abs(outMean - bn.bias.scalars[c]) <= 1e-12)
    }
    #expect(bn.batchesTracked == 1)
  }

  @Test("inference: y = gamma (x - running mean) / sqrt(running var + eps) + beta")
  func inferenceUsesRunningStatistics() throws {
    let bn = try probeBatchNorm(channels: 2)
    let y = try bn(x)
    for q in [0, 13, 30, 71] {
      let c = (q / 12) % 2
      let expected =
        bn.weight.scalars[c] * (x.scalars[q] - bn.runningMean.scalars[c])
        / (bn.runningVariance.scalars[c] + 1e-5).squareRoot() + bn.bias.scalars[c]
      #expect(abs(y.scalars[q] - expected) <= 1e-12)
    }
  }

  @Test("bad input: one value per channel, wrong channels, a negative running variance")
  func badInputThrows() throws {
    var bn = try BatchNorm2D<Double>(channels: 2)
    #expect(throws: KANError.self) { try bn.forward(try seededTensor([1, 2, 1, 1], seed: 1)) }
    #expect(throws: KANError.self) { try bn(try seededTensor([2, 3, 2, 2], seed: 1)) }
    #expect(throws: KANError.self) {
      try bn.setState(
        weight: bn.weight, bias: bn.bias, runningMean: bn.runningMean,
        runningVariance: try Tensor(shape: [2], scalars: [1, -1]))
    }
  }
}
