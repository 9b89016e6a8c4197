import KANFromScratch
import KANSymbolic
import Testing

@testable import KAN

/// The edits of `layerWithFormulas`: two edges fixed to formulas, one pruned (nil).
private let edits: [(i: Int, j: Int, formula: SymbolicEdge?)] = [
  (0, 1, SymbolicEdge(.sin, a: 1.3, b: 0.2, c: 0.7, d: -0.1)),
  (2, 3, SymbolicEdge(.exp, a: -0.6, b: 0.1, c: 1.2, d: 0.3)),
  (1, 0, nil),
]

/// A 3 -> 4 Double layer with spline weights of order one, before the edits.
private func plainLayer(path: KANLinear<Double>.Evaluation = .automatic) throws
  -> KANLinear<Double>
{
  var layer = try KANLinear<Double>(
    inFeatures: 3, outFeatures: 4, configuration: KANConfiguration(gridSize: 4, scaleNoise: 0.5),
    seed: 5)
  layer.splineWeight.scalars = seededValues(layer.splineWeight.count, in: -1...1, seed: 6)
  layer.evaluation = path
  return layer
}

/// The plain layer with the edits applied.
private func layerWithFormulas(
  path: KANLinear<Double>.Evaluation = .automatic
) throws -> KANLinear<Double> {
  var layer = try plainLayer(path: path)
  for edit in edits {
    if let formula = edit.formula {
      try layer.fixSymbolic(i: edit.i, j: edit.j, edge: formula)
    } else {
      try layer.maskEdge(i: edit.i, j: edit.j)
    }
  }
  return layer
}

@Suite(
  "Fixed edges phi(x) = c f(a x + b) + d in the layer: forward, and gradients in x, a, b, c, d")
struct FixedEdgeDerivationTests {
  static let paths: [KANLinear<Double>.Evaluation] = [.fused, .product]
  let x = seededTensor(7, 3, in: -1.5...1.5, seed: 31)
  let r = seededTensor(7, 4, seed: 32)

  /// The edited layer after a forward pass on `x` and a backward pass of `dL/dy = r`, with
  /// `dL/dx`.
  private func backpropagated(
    _ path: KANLinear<Double>.Evaluation
  ) throws -> (layer: KANLinear<Double>, inputGradient: Tensor<Double>) {
    var layer = try layerWithFormulas(path: path)
    _ = try layer.forward(x)
    let dX = try #require(try layer.backward(r))
    return (layer, dX)
  }

  @Test(
    "y[b, j] = plain y[b, j] - phi_ji(x) + c f(a x[b, i] + b) + d for each edit, on both paths",
    arguments: paths)
  func forwardAddsTheFormula(path: KANLinear<Double>.Evaluation) throws {
    let (layer, plain) = (try layerWithFormulas(path: path), try plainLayer(path: path))
    let (y, reference) = (try layer(x), try plain(x))
    for b in 0..<7 {
      for j in 0..<4 {
        var expected = reference[b, j]
        for edit in edits where edit.j == j {
          let input = x[b, edit.i]
          expected -= try plain.edge(from: edit.i, to: j, at: [input])[0]
          expected += edit.formula?(input) ?? 0
        }
        #expect(abs(y[b, j] - expected) < 1e-12, "y[\(b), \(j)] = \(y[b, j]), expected \(expected)")
      }
    }
  }

  @Test(
    "dL/d(a, b, c, d) = sum_b dY[b, j] (c f'(u) x, c f'(u), f(u), 1), on both paths",
    arguments: paths)
  func constantsGradient(path: KANLinear<Double>.Evaluation) throws {
    let (layer, _) = try backpropagated(path)
    let report = try gradientCheck(analytic: layer.fixedEdges.gradient) { q, delta in
      var moved = layer
      moved.fixedEdges.constants[q] += delta
      return probeLoss(try moved(x), r)
    }
    #expect(report.passed, "\(report)")
  }

  @Test(
    "dL/dx[b, i] gains sum_j dY[b, j] c f'(a x + b) a from the fixed edges, on both paths",
    arguments: paths)
  func inputGradient(path: KANLinear<Double>.Evaluation) throws {
    let (layer, dX) = try backpropagated(path)
    let report = try gradientCheck(analytic: dX.scalars) { q, delta in
      var moved = x
      moved.scalars[q] += delta
      return probeLoss(try layer(moved), r)
    }
    #expect(report.passed, "\(report)")
  }

  @Test(
    "a masked edge gets no gradient: dL/dw_b, dL/dw_s, dL/ds are 0 there, on both paths",
    arguments: paths)
  func maskedEdgeHasNoGradient(path: KANLinear<Double>.Evaluation) throws {
    let (layer, _) = try backpropagated(path)
    let n = layer.basisCount
    for edit in edits {
      let edge = edit.j * 3 + edit.i
      #expect(layer.baseWeightGradient.scalars[edge] == 0)
      #expect(layer.splineScalerGradient.scalars[edge] == 0)
      #expect(layer.splineWeightGradient.scalars[edge * n..<(edge + 1) * n].allSatisfy { $0 == 0 })
    }
    #expect(layer.baseWeightGradient.scalars[0] != 0, "a live edge still learns")
  }

  @Test("the constants are slot 3 of forEachParameter, and an optimizer step moves them")
  func constantsAreTrainable() throws {
    var (layer, _) = try backpropagated(.automatic)
    var slots: [Int] = []
    layer.forEachParameter { slot, _, _ in slots.append(slot) }
    #expect(slots == [0, 1, 2, 3])
    let before = layer.fixedEdges.constants
    var sgd = SGD(learningRate: 0.1)
    sgd.step(&layer, learningRateFactor: 1)
    for q in before.indices {
      #expect(
        abs(layer.fixedEdges.constants[q] - (before[q] - 0.1 * layer.fixedEdges.gradient[q]))
          < 1e-12)
    }
  }

  @Test("in a network every tensor has its own slot: layer l's constants take slot 3 L + l")
  func networkSlotsAreDistinct() throws {
    var network = try KANNetwork<Double>(widths: [2, 2, 1], seed: 7)
    try network.fixSymbolic(layer: 0, i: 1, j: 0, edge: SymbolicEdge(.sin))
    try network.fixSymbolic(layer: 1, i: 0, j: 0, edge: SymbolicEdge(.exp))
    var slots: [Int] = []
    network.forEachParameter { slot, _, _ in slots.append(slot) }
    #expect(slots == [0, 1, 2, 6, 3, 4, 5, 7])
  }

  @Test("fixing an edge checks it: outside the layer, non-finite constants, tied edges")
  func badFixes() throws {
    var layer = try layerWithFormulas()
    #expect(throws: KANError.self) { try layer.fixSymbolic(i: 3, j: 0, edge: SymbolicEdge(.sin)) }
    #expect(throws: KANError.self) {
      try layer.fixSymbolic(i: 0, j: 0, edge: SymbolicEdge(.sin, a: .nan))
    }
    try layer.tie([EdgeIndex(i: 2, j: 0), EdgeIndex(i: 2, j: 1)])
    #expect(throws: KANError.self) { try layer.fixSymbolic(i: 2, j: 1, edge: SymbolicEdge(.x)) }
  }
}
