import KANSymbolic
import Testing

@testable import KAN

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A [2, 1, 1] Double network computing exp(sin(pi x1) + x2^2) exactly with fixed edges,
/// written in awkward but equal forms (negative a, phase 3 pi, constants inside the exp).
private func helloNetwork() throws -> KANNetwork<Double> {
  var network = try KANNetwork<Double>(widths: [2, 1, 1], seed: 1)
  try network.fixSymbolic(
    layer: 0, i: 0, j: 0, edge: SymbolicEdge(.sin, a: -.pi, b: 3 * .pi, c: 2, d: 0.5))
  try network.fixSymbolic(layer: 0, i: 1, j: 0, edge: SymbolicEdge(.x2, a: -2, b: 0, c: 0.5))
  try network.fixSymbolic(layer: 1, i: 0, j: 0, edge: SymbolicEdge(.exp, a: 0.5, b: -0.25))
  return network
}

@Suite("Formulas (pykan symbolic_formula): the network as one expression over the input names")
struct FormulaTests {
  @Test("the formula evaluates to the network's outputs and reads exp(sin(3.142*x1) + x2**2)")
  func helloFormula() throws {
    let network = try helloNetwork()
    let formula = try network.formula(inputNames: ["x1", "x2"])[0]
    #expect(formula.description == "exp(sin(3.142*x1) + x2**2)")
    let x = seededTensor(9, 2, seed: 51)
    let y = try network(x)
    for b in 0..<9 {
      let value = try formula.evaluate(["x1": x[b, 0], "x2": x[b, 1]])
      #expect(abs(value - exp(sin(.pi * x[b, 0]) + x[b, 1] * x[b, 1])) < 1e-12)
      #expect(abs(value - y[b, 0]) < 1e-12)
    }
  }

  @Test("a stored input scaling folds in: the formula takes raw inputs z = (x - mean) / scale")
  func scalingFoldsIn() throws {
    let network = try helloNetwork()
    let scaling = try InputScaling(names: ["p", "q"], mean: [1, -2], scale: [2, 0.5])
    let formula = try network.formula(inputNames: scaling.names, scaling: scaling)[0]
    let raw = seededTensor(5, 2, in: -3...3, seed: 52)
    let y = try network(scaling.apply(raw))
    for b in 0..<5 {
      let value = try formula.evaluate(["p": raw[b, 0], "q": raw[b, 1]])
      #expect(abs(value - y[b, 0]) < 1e-10 * max(1, abs(y[b, 0])))
    }
  }

  @Test(
    "canonical forms keep the value: sin(-u + 3 pi) = sin(u), sin(u + pi/2) = cos(u), exp(u + q) = e^q exp(u), sqrt(a u) = sqrt(a) sqrt(u)"
  )
  func canonicalFormsKeepTheValue() throws {
    let x: SymbolicExpression = .variable("x")
    let cases: [(SymbolicExpression, String)] = [
      (.call(.sin, .constant(-2) * x + .constant(3 * .pi)), "sin(2*x)"),
      (.call(.sin, .constant(2) * x + .constant(.pi / 2)), "cos(2*x)"),
      (.call(.cos, .constant(-2) * x + .constant(-.pi / 2)), "-sin(2*x)"),
      (.call(.tanh, .constant(-3) * x + .constant(1)), "-tanh(3*x - 1)"),
      (.constant(2) * .call(.exp, x + .constant(log(0.5))), "exp(x)"),
      (.call(.sqrt, .constant(4) * .power(x, 2) + .constant(4)), "2*sqrt(x**2 + 1)"),
      (.power(.constant(3) * x + .constant(6), 2), "9*(x + 2)**2"),
    ]
    for (expression, expected) in cases {
      let canonical = expression.canonicalized()
      #expect(canonical.description == expected)
      for value in [-0.7, 0.1, 1.3] {
        let (before, after) = (
          try expression.evaluate(["x": value]), try canonical.evaluate(["x": value])
        )
        #expect(abs(before - after) < 1e-12 * max(1, abs(before)), "\(expression) at \(value)")
      }
    }
  }

  @Test("a formula needs every edge fixed or pruned: a spline edge is a typed error")
  func splineEdgeIsAnError() throws {
    var network = try helloNetwork()
    network.layers[1] = try KANLinear<Double>(inFeatures: 1, outFeatures: 1)
    let error = #expect(throws: KANError.self) { _ = try network.formula() }
    #expect("\(error.map { "\($0)" } ?? "")".contains("autoSymbolic"))
  }

  @Test("fixSymbolic by name: unknown names and edges out of range are typed errors")
  func badNames() throws {
    var network = try KANNetwork<Double>(widths: [2, 1, 1], seed: 2)
    let x = seededTensor(20, 2, seed: 53)
    let unknown = #expect(throws: SymbolicError.self) {
      try network.fixSymbolic(layer: 0, i: 0, j: 0, function: "sinh", on: x)
    }
    #expect("\(unknown.map { "\($0)" } ?? "")".contains("use one of"))
    #expect(throws: KANError.self) {
      try network.fixSymbolic(layer: 2, i: 0, j: 0, function: "sin", on: x)
    }
    #expect(throws: KANError.self) {
      try network.fixSymbolic(layer: 0, i: 2, j: 0, function: "sin", on: x)
    }
  }

  @Test(
    "suggest and fix fit c f(a x + b) + d to the edge's samples: an edge c (a x + b)^2 + d gets x^2, R^2 = 1"
  )
  func fixFitsTheConstants() throws {
    var network = try KANNetwork<Double>(widths: [1, 1], seed: 3)
    try network.fixSymbolic(layer: 0, i: 0, j: 0, edge: SymbolicEdge(.x2, a: 1.5, b: 0.3, c: -0.8))
    let x = seededTensor(50, 1, seed: 54)
    let y = try network(x)
    let samples = try network.edgeSamples(layer: 0, i: 0, j: 0, on: x)
    #expect(zip(samples.y, y.scalars).allSatisfy { abs($0 - $1) < 1e-12 })
    let best = try network.suggestSymbolic(layer: 0, i: 0, j: 0, on: x)[0]
    #expect(best.name == "x^2" && best.rSquared > 1 - 1e-9, "\(best)")
    let rSquared = try network.fixSymbolic(layer: 0, i: 0, j: 0, function: "x^2", on: x)
    #expect(rSquared > 1 - 1e-9)
    let refitted = try network(x)
    for b in 0..<50 { #expect(abs(refitted[b, 0] - y[b, 0]) < 1e-6) }
  }
}
