import Foundation
import KANFromScratch
import Testing

@Suite("Network (tutorial 05): chain rule through Layer, Tanh, Layer, Tanh, Layer")
struct NetworkDerivationTests {
  @Test(
    "the whole network's dE/dw equals the central difference of the MSE",
    arguments: [
      [1, 2, 2, 1], [2, 3, 1], [1, 1],
    ])
  func wholeNetworkGradientMatchesCentralDifference(widths: [Int]) throws {
    let network = try Network(widths: widths, seed: 4)
    let x = randomVector(widths[0], seed: 8, scale: 0.9)
    let yTrue = randomVector(widths[widths.count - 1], seed: 9, scale: 0.5)
    let gradient = try network.gradient(x: x, yTrue: yTrue)  // gradient[l] is (in, out, n)
    var entries: [(l: Int, i: Int, j: Int, k: Int)] = []
    for l in gradient.indices {
      for i in gradient[l].indices {
        for j in gradient[l][i].indices {
          for k in gradient[l][i][j].indices { entries.append((l, i, j, k)) }
        }
      }
    }
    let report = try gradientCheck(analytic: gradient.flatMap(flatten)) { q, delta in
      var moved = network
      let (l, i, j, k) = entries[q]
      moved.layers[l].w[i][j][k] += delta
      return try moved.loss.forward(yTrue: yTrue, yPred: try moved.predict(x))
    }.naming {
      "layer \(entries[$0].l) " + weightName((entries[$0].i, entries[$0].j, entries[$0].k))
    }
    expectPasses(report)
  }

  @Test("the network's dE/dx equals the central difference of the MSE")
  func inputGradientMatchesCentralDifference() throws {
    var network = try Network(widths: [2, 3, 1], seed: 4)
    let x = [0.3, -0.6]
    let yTrue = [0.2]
    let yPred = try network.forward(x)
    let dEdX = try network.backward(try network.loss.backward(yTrue: yTrue, yPred: yPred))
    let report = try gradientCheck(analytic: dEdX) { i, delta in
      var moved = x
      moved[i] += delta
      return try network.loss.forward(yTrue: yTrue, yPred: try network.predict(moved))
    }.naming { "x[\($0)] = \(x[$0])" }
    expectPasses(report)
  }

  @Test("stages: inputs[l + 1] = tanh(outputs[l]), outputs.last = predict(x)")
  func stagesChainLayersAndTanh() throws {
    let network = try Network(widths: [2, 3, 2, 1], seed: 4)
    let x = [0.3, -0.6]
    let (inputs, outputs) = try network.stages(x)
    #expect(inputs.map(\.count) == [2, 3, 2] && outputs.map(\.count) == [3, 2, 1])
    #expect(inputs[0] == x)
    for l in 0..<2 {
      #expect(inputs[l + 1] == outputs[l].map { tanh($0) }, "layer \(l)")
    }
    #expect(outputs[2] == (try network.predict(x)))
  }

  @Test("one SGD step with a small learning rate lowers the loss of its sample")
  func sgdStepLowersLoss() throws {
    var network = try Network(seed: 1)
    let before = try network.meanLoss([[0.4]], [[0.3]])
    try network.fit([[0.4]], [[0.3]], epochs: 1, learningRate: 0.01)
    let after = try network.meanLoss([[0.4]], [[0.3]])
    #expect(after < before, "loss \(before) -> \(after)")
  }

  @Test("same seed, same weights and same loss curve; another seed, other weights")
  func sameSeedSameNumbers() throws {
    let data = sinExpData()
    var first = try Network(seed: 42)
    var second = try Network(seed: 42)
    #expect(first.layers.map(\.w) == second.layers.map(\.w))
    #expect(try Network(seed: 43).layers.map(\.w) != first.layers.map(\.w))
    let lossesFirst = try first.fit(data.inputs, data.targets, epochs: 3)
    let lossesSecond = try second.fit(data.inputs, data.targets, epochs: 3)
    #expect(lossesFirst == lossesSecond)
  }

  // The blog's NumPy run reaches a train MSE of 3e-4 to 1e-3 after 100 epochs on the seeds that
  // train well (6 of 10 NumPy seeds, 17 of 40 of ours); the others stall in a flat fit near
  // 0.01 to 0.027, and predicting 0 everywhere scores 0.027. Seed 0 trains well with our
  // generator (train MSE ~3.6e-4), so 1e-3, the top of the blog's range, is the bar: a wrong
  // B', gradient or update leaves the loss near the flat fit and fails it.
  @Test("seeded fit on 20 points of 0.5 sin(4x) exp(-x-1): train MSE < 1e-3 after 100 epochs")
  func sinExpFitReachesBlogLoss() throws {
    let data = sinExpData()
    var network = try Network(seed: 0)
    let losses = try network.fit(data.inputs, data.targets, epochs: 100)
    let trainMSE = try network.meanLoss(data.inputs, data.targets)
    #expect(losses.count == 100)
    #expect(trainMSE < 1e-3, "train MSE \(trainMSE); loss by epoch \(losses)")
    #expect(losses[99] < losses[0] / 10, "first \(losses[0]), last \(losses[99])")
  }

  @Test("bad data and sizes throw: no samples, mismatched counts, widths that do not chain")
  func badInputThrows() throws {
    var network = try Network(seed: 0)
    #expect(throws: FromScratchError.self) { try network.fit([], [], epochs: 1) }
    #expect(throws: FromScratchError.self) { try network.fit([[0.1]], [[0.1], [0.2]], epochs: 1) }
    #expect(throws: FromScratchError.self) { try network.predict([0.1, 0.2]) }
    #expect(throws: FromScratchError.self) { try Network(widths: [1], seed: 0) }
    var generator = SplitMix64(seed: 0)
    let layers = [try Layer(1, 2, generator: &generator), try Layer(3, 1, generator: &generator)]
    #expect(throws: FromScratchError.self) { try Network(layers: layers) }
  }
}

@Suite("SplitMix64 and the Box-Muller normal (SplitMix64.swift): seeded, reproducible")
struct SplitMix64Tests {
  @Test("seed 0 gives SplitMix64's reference first output 0xE220A8397B1DCDAF")
  func matchesReferenceOutput() {
    var generator = SplitMix64(seed: 0)
    #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
  }

  @Test("normal(mean: 1, std: 2) over 100 000 draws has mean ~1 and std ~2")
  func normalHasRequestedMoments() {
    var generator = SplitMix64(seed: 9)
    let draws = (0..<100_000).map { _ in generator.normal(mean: 1, std: 2) }
    let mean = draws.reduce(0, +) / Double(draws.count)
    let std = (draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count))
      .squareRoot()
    #expect(abs(mean - 1) < 4 * 2 / 100_000.0.squareRoot(), "mean \(mean)")
    #expect(abs(std - 2) < 0.02, "std \(std)")
  }
}
