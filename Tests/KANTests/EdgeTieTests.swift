import KANFromScratch
import Testing

@testable import KAN

/// A 3 -> 4 Double layer with spline weights of order one.
private func tieProbe() throws -> KANLinear<Double> {
  var layer = try KANLinear<Double>(
    inFeatures: 3, outFeatures: 4, configuration: KANConfiguration(gridSize: 4, scaleNoise: 0.5),
    seed: 41)
  layer.splineWeight.scalars = seededValues(layer.splineWeight.count, in: -1...1, seed: 42)
  return layer
}

/// The parameters of edge `i -> j`: `w_b`, `s`, then `w_s`.
private func edgeParameters(_ layer: KANLinear<Double>, i: Int, j: Int) -> [Double] {
  let (edge, n) = (j * layer.inFeatures + i, layer.basisCount)
  return [layer.baseWeight.scalars[edge], layer.splineScaler.scalars[edge]]
    + layer.splineWeight.scalars[edge * n..<(edge + 1) * n]
}

@Suite("Tied edges (pykan 0.0 lock, better-kan invariant inputs): one function, summed gradients")
struct EdgeTieTests {
  let group = [EdgeIndex(i: 0, j: 0), EdgeIndex(i: 1, j: 2), EdgeIndex(i: 2, j: 3)]
  let x = seededTensor(8, 3, in: -1...1, seed: 43)
  let r = seededTensor(8, 4, seed: 44)

  @Test("tying copies the first edge's function to the group")
  func tyingCopiesTheFirstEdge() throws {
    var layer = try tieProbe()
    let first = edgeParameters(layer, i: 0, j: 0)
    try layer.tie(group)
    for edge in group { #expect(edgeParameters(layer, i: edge.i, j: edge.j) == first) }
  }

  @Test("dL/dtheta of the shared function = sum over the group, against central differences")
  func gradientIsTheSum() throws {
    var layer = try tieProbe()
    try layer.tie(group)
    _ = try layer.forward(x)
    try layer.backward(r)
    var seen: [Int: [Double]] = [:]
    layer.forEachParameter { slot, _, gradient in seen[slot] = gradient }
    let n = layer.basisCount
    // Move w_s[:, :, m] of every edge of the group together: the shared parameter.
    for m in [0, 3, n - 1] {
      let numeric = try centralDifference(
        { delta in
          var moved = layer
          for edge in group { moved.splineWeight.scalars[(edge.j * 3 + edge.i) * n + m] += delta }
          return probeLoss(try moved(x), r)
        }, at: 0)
      let sum = group.reduce(0.0) {
        $0 + layer.splineWeightGradient.scalars[($1.j * 3 + $1.i) * n + m]
      }
      for edge in group {
        let seenByOptimizer = seen[1]?[(edge.j * 3 + edge.i) * n + m] ?? .nan
        #expect(abs(seenByOptimizer - sum) < 1e-12)
        #expect(relativeError(analytic: seenByOptimizer, numeric: numeric) < gradientCheckTolerance)
      }
    }
  }

  @Test("after Adam steps on data the group is still identical, and the untied edges are not")
  func groupStaysIdentical() throws {
    var layer = try tieProbe()
    try layer.tie(group)
    var adam = Adam(learningRate: 0.05)
    for _ in 0..<5 {
      layer.zeroGradients()
      let (_, dY) = try meanSquaredError(layer.forward(x), r)
      try layer.backward(dY)
      adam.step(&layer, learningRateFactor: 1)
    }
    let first = edgeParameters(layer, i: 0, j: 0)
    for edge in group { #expect(edgeParameters(layer, i: edge.i, j: edge.j) == first) }
    #expect(edgeParameters(layer, i: 1, j: 0) != first)
  }

  @Test("tied inputs make the layer symmetric in them: y(x0, x1, x2) = y(x1, x0, x2)")
  func tiedInputsAreInterchangeable() throws {
    var layer = try tieProbe()
    try layer.tieInputs([0, 1])
    var swapped = x
    for b in 0..<8 { (swapped[b, 0], swapped[b, 1]) = (x[b, 1], x[b, 0]) }
    let (y, ySwapped) = (try layer(x), try layer(swapped))
    for q in y.scalars.indices { #expect(abs(y.scalars[q] - ySwapped.scalars[q]) < 1e-12) }
  }

  @Test("a grid update places tied inputs' knots together and keeps the group identical")
  func gridUpdateKeepsTies() throws {
    var layer = try tieProbe()
    try layer.tie(group)
    var wide = x
    for b in 0..<8 { wide[b, 2] *= 3 }  // input 2 spreads wider than inputs 0 and 1
    try layer.updateGrid(from: wide)
    let knots = layer.grid.shape[1]
    for m in 0..<knots { #expect(layer.grid[0, m] == layer.grid[2, m]) }
    let first = edgeParameters(layer, i: 0, j: 0)
    for edge in group { #expect(edgeParameters(layer, i: edge.i, j: edge.j) == first) }
  }

  @Test("untying stops the sum: each edge sees its own gradient again")
  func untie() throws {
    var layer = try tieProbe()
    try layer.tie(group)
    try layer.untie([EdgeIndex(i: 2, j: 3)])
    #expect(layer.tiedEdges == [[0, 7]], "edges 0->0 and 1->2 stay tied (flat j * 3 + i)")
    try layer.untie([EdgeIndex(i: 1, j: 2)])
    #expect(layer.tiedEdges.isEmpty)
    _ = try layer.forward(x)
    try layer.backward(r)
    var seen: [Double] = []
    layer.forEachParameter { slot, _, gradient in if slot == 1 { seen = gradient } }
    #expect(seen == layer.splineWeightGradient.scalars)
  }

  @Test("bad ties are typed errors: one edge, a pruned edge, inputs whose knots differ")
  func badTies() throws {
    var layer = try tieProbe()
    #expect(throws: KANError.self) { try layer.tie([EdgeIndex(i: 0, j: 0)]) }
    #expect(throws: KANError.self) {
      try layer.tie([EdgeIndex(i: 0, j: 0), EdgeIndex(i: 5, j: 0)])
    }
    try layer.maskEdge(i: 1, j: 1)
    #expect(throws: KANError.self) {
      try layer.tie([EdgeIndex(i: 0, j: 1), EdgeIndex(i: 1, j: 1)])
    }
    var wide = x
    for b in 0..<8 { wide[b, 2] *= 3 }
    try layer.updateGrid(from: wide)
    #expect(throws: KANError.self) {
      try layer.tie([EdgeIndex(i: 0, j: 0), EdgeIndex(i: 2, j: 0)])
    }
  }
}
