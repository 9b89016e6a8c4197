import KANFromScratch
import Testing

@Suite("tanh (tutorial 05): dE/dx = dE/dy (1 - tanh(x)^2)")
struct TanhDerivationTests {
  @Test("tanh' = 1 - tanh^2 equals the central difference of L = sum_m c_m tanh(x_m)")
  func derivativeMatchesCentralDifference() throws {
    let x = [-3, -1, -0.2, 0, 0.4, 2.5]
    let c = randomVector(x.count, seed: 2)
    var stage = Tanh()
    _ = try stage.forward(x)
    let dEdX = try stage.backward(c)
    let report = try gradientCheck(analytic: dEdX) { m, delta in
      var moved = x
      moved[m] += delta
      var fresh = Tanh()
      return zip(try fresh.forward(moved), c).reduce(0) { $0 + $1.0 * $1.1 }
    }.naming { "x[\($0)] = \(x[$0])" }
    expectPasses(report)
  }

  @Test("backward before forward and a wrong length throw")
  func badInputThrows() throws {
    var stage = Tanh()
    #expect(throws: FromScratchError.backwardBeforeForward(what: "Tanh")) {
      try stage.backward([1])
    }
    _ = try stage.forward([0.5, 0.1])
    #expect(throws: FromScratchError.self) { try stage.backward([1]) }
  }
}

@Suite(
  "MSE (tutorial 05): E = mean((yTrue - yPred)^2), dE/dyPred = 2 (yPred - yTrue) / m"
)
struct MSEDerivationTests {
  @Test("2 (yPred - yTrue) / m equals the central difference of the MSE")
  func gradientMatchesCentralDifference() throws {
    let yTrue = [0.1, -0.4, 0.9]
    let yPred = [0.3, -0.1, 0.2]
    let loss = MSE()
    let report = try gradientCheck(analytic: try loss.backward(yTrue: yTrue, yPred: yPred)) {
      m, delta in
      var moved = yPred
      moved[m] += delta
      return try loss.forward(yTrue: yTrue, yPred: moved)
    }.naming { "yPred[\($0)]" }
    expectPasses(report)
  }

  @Test("E = 0 and dE/dy = 0 at a perfect fit; E of a known case = 0.02")
  func zeroAtPerfectFit() throws {
    let loss = MSE()
    #expect(try loss.forward(yTrue: [1, 2], yPred: [1, 2]) == 0)
    #expect(try loss.backward(yTrue: [1, 2], yPred: [1, 2]) == [0, 0])
    #expect(abs(try loss.forward(yTrue: [0, 0], yPred: [0.2, 0]) - 0.02) < 1e-17)
  }

  @Test("empty, mismatched or non-finite vectors throw")
  func badInputThrows() {
    let loss = MSE()
    #expect(throws: FromScratchError.self) { try loss.forward(yTrue: [], yPred: []) }
    #expect(throws: FromScratchError.shapeMismatch(what: "MSE yPred", expected: 2, got: 1)) {
      try loss.forward(yTrue: [1, 2], yPred: [1])
    }
    #expect(throws: FromScratchError.self) { try loss.backward(yTrue: [1], yPred: [.nan]) }
  }
}
