import Testing

@testable import KAN

/// A network whose every gradient entry is known: one backward of a fixed output gradient.
private func networkWithGradients() throws -> KANNetwork<Double> {
  var network = try KANNetwork<Double>(widths: [2, 2], seed: 9)
  let x = seededTensor(3, 2, seed: 51)
  _ = try network.forward(x)
  try network.backward(seededTensor(3, 2, seed: 52))
  return network
}

@Suite("Optimizers: one update against its formula; L-BFGS on a quadratic")
struct OptimizerTests {
  @Test("SGD with momentum: v = mu v + g, w = w - lr v (two steps)")
  func sgdMomentum() throws {
    var network = try networkWithGradients()
    let w0 = network.flatParameters()
    let g = network.flatGradients()
    var sgd = SGD(learningRate: 0.1, momentum: 0.9)
    sgd.step(&network)
    sgd.step(&network)
    // v1 = g, v2 = 0.9 g + g: w2 = w0 - 0.1 g - 0.1 * 1.9 g = w0 - 0.29 g.
    for (q, w) in network.flatParameters().enumerated() {
      #expect(abs(w - (w0[q] - 0.29 * g[q])) < 1e-12, "entry \(q)")
    }
  }

  @Test("AdamW first step: w = w (1 - lr lambda) - lr g / (|g| + eps) after bias correction")
  func adamWFirstStep() throws {
    var network = try networkWithGradients()
    let w0 = network.flatParameters()
    let g = network.flatGradients()
    var adamW = Adam.adamW(learningRate: 0.01, weightDecay: 0.1)
    adamW.step(&network)
    for (q, w) in network.flatParameters().enumerated() {
      let expected = w0[q] * (1 - 0.01 * 0.1) - 0.01 * g[q] / (abs(g[q]) + 1e-8)
      #expect(abs(w - expected) < 1e-9, "entry \(q)")
    }
  }

  @Test("L-BFGS with strong Wolfe reaches the minimum of f(w) = sum_p p (w_p - 1)^2 in one step")
  func lbfgsMinimisesQuadratic() throws {
    var w = [3.0, -2.0, 0.5, 4.0]
    var optimizer = LBFGS()
    _ = try optimizer.step(&w) { point in
      let loss = point.enumerated().reduce(0) { $0 + Double($1.offset + 1) * pow2($1.element - 1) }
      let gradient = point.enumerated().map { 2 * Double($0.offset + 1) * ($0.element - 1) }
      return (loss, gradient)
    }
    #expect(w.allSatisfy { abs($0 - 1) < 1e-6 }, "w = \(w)")
  }

  @Test("exponential decay: factor_e = gamma^e, on the optimizer's own rate")
  func exponentialDecay() {
    let schedule = ExponentialDecay(gamma: 0.8)
    #expect(schedule.factor(epoch: 0) == 1)
    #expect(abs(schedule.factor(epoch: 3) - 0.512) < 1e-15)
  }
}

/// `x^2`.
private func pow2(_ x: Double) -> Double { x * x }
