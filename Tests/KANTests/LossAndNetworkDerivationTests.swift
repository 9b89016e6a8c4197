import KANFromScratch
import Testing

@testable import KAN

@Suite("Losses and the whole network (efficient track): gradients against central differences")
struct LossAndNetworkDerivationTests {
  @Test("MSE: dL/dy[b,j] = 2 (y[b,j] - t[b,j]) / (batch * out)")
  func meanSquaredErrorGradient() throws {
    let y = seededTensor(5, 3, seed: 41)
    let t = seededTensor(5, 3, seed: 42)
    let (_, gradient) = try meanSquaredError(y, t)
    let report = try gradientCheck(analytic: gradient.scalars) { q, delta in
      var moved = y
      moved.scalars[q] += delta
      return try meanSquaredError(moved, t).loss
    }
    #expect(report.passed, "\(report)")
  }

  @Test("cross-entropy: dL/dz[b,c] = (softmax(z)[b,c] - [c == label_b]) / batch")
  func crossEntropyGradient() throws {
    let z = seededTensor(4, 5, in: -3...3, seed: 43)
    let labels = [0, 4, 2, 2]
    let (_, gradient) = try crossEntropy(z, labels: labels)
    let report = try gradientCheck(analytic: gradient.scalars) { q, delta in
      var moved = z
      moved.scalars[q] += delta
      return try crossEntropy(moved, labels: labels).loss
    }
    #expect(report.passed, "\(report)")
  }

  @Test("cross-entropy stays finite for logits of 1e4: log-softmax subtracts the row maximum")
  func crossEntropyIsStable() throws {
    var z = Tensor<Double>(shape: [1, 3])
    z.scalars = [1e4, 0, -1e4]
    let (loss, gradient) = try crossEntropy(z, labels: [1])
    #expect(abs(loss - 1e4) < 1e-9, "loss \(loss)")
    #expect(gradient.scalars.allSatisfy { $0.isFinite })
    #expect(abs(gradient.scalars[0] - 1) < 1e-12 && abs(gradient.scalars[1] + 1) < 1e-12)
  }

  @Test("network: dL/dw for every parameter of [2, 3, 2] under MSE (chain rule through layers)")
  func networkGradient() throws {
    var network = try KANNetwork<Double>(
      widths: [2, 3, 2], configuration: KANConfiguration(scaleNoise: 0.5), seed: 5)
    let data = try Dataset(
      inputs: seededTensor(6, 2, seed: 44), targets: .values(seededTensor(6, 2, seed: 45)))
    let w = network.flatParameters().map { Double($0) }
    let (_, analytic) = try network.lossAndGradient(at: w, on: data)
    let report = try gradientCheck(analytic: analytic) { q, delta in
      var moved = w
      moved[q] += delta
      return try network.lossAndGradient(at: moved, on: data).loss
    }
    #expect(report.passed, "\(report)")
  }

  @Test("network: dL/dx of the input through every layer's feature derivatives")
  func networkInputGradient() throws {
    var network = try KANNetwork<Double>(
      widths: [2, 3, 2], configuration: KANConfiguration(scaleNoise: 0.5), seed: 6)
    let x = seededTensor(4, 2, seed: 46)
    let t = seededTensor(4, 2, seed: 47)
    let (_, dY) = try meanSquaredError(network.forward(x), t)
    let dX = try #require(try network.backward(dY, needsInputGradient: true).inputGradient)
    let report = try gradientCheck(analytic: dX.scalars) { q, delta in
      var moved = x
      moved.scalars[q] += delta
      return try meanSquaredError(network(moved), t).loss
    }
    #expect(report.passed, "\(report)")
  }
}
