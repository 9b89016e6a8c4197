import KANFromScratch
import Testing

/// A layer with reproducible weights and an input inside `[-1, 1]`, away from knots.
private func sampleLayer(_ inCount: Int, _ outCount: Int) throws -> (Layer, [Double]) {
  var generator = SplitMix64(seed: 7)
  let layer = try Layer(inCount, outCount, generator: &generator)
  return (layer, randomVector(inCount, seed: 11, scale: 0.9))
}

/// The scalar loss used to test a layer on its own: `L = sum_j c_j y_j`, so `dL/dy = c`.
private func linearLoss(_ layer: Layer, _ x: [Double], _ c: [Double]) throws -> Double {
  var copy = layer
  return zip(try copy.forward(x), c).reduce(0) { $0 + $1.0 * $1.1 }
}

@Suite("KAN layer forward (tutorial 03): y_j = sum_i sum_k w_ijk B_k(x_i), einsum ijk,ki->j")
struct LayerForwardDerivationTests {
  @Test("1x1 layer at x = 0: y = sum_k w_k B_k(0) = (w_2 + 4 w_3 + w_4) / 6")
  func forwardMatchesHandComputedEinsum() throws {
    let w = [[[0.5, -1, 2, 3, -4, 7, 9]]]  // w is (1, 1, 7)
    var layer = try Layer(w: w, spline: try BSpline(p: 3, n: 7))
    let y = try layer.forward([0])
    let expected = (2 + 4 * 3 - 4) / 6.0
    #expect(abs(y[0] - expected) < 1e-15, "y \(y[0]), expected \(expected)")
  }

  @Test(
    "y_j = sum_i phi_ij(x_i): the output is the sum of the edge functions",
    arguments: [
      (1, 1), (2, 3), (3, 2),
    ])
  func forwardIsSumOfEdgeFunctions(inCount: Int, outCount: Int) throws {
    var (layer, x) = try sampleLayer(inCount, outCount)
    let y = try layer.forward(x)
    for j in 0..<outCount {
      let expected = try (0..<inCount).reduce(0) { $0 + (try layer.edge(x[$1], from: $1, to: j)) }
      #expect(abs(y[j] - expected) < 1e-14, "y_\(j) \(y[j]), sum of edges \(expected)")
    }
  }

  @Test("w ~ N(0, 0.1): 14 000 seeded draws have mean ~0 and standard deviation ~0.1")
  func weightsAreNormalWithStd01() throws {
    var generator = SplitMix64(seed: 3)
    let w = flatten(try Layer(50, 40, generator: &generator).w)
    let mean = w.reduce(0, +) / Double(w.count)
    let std = (w.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(w.count)).squareRoot()
    // Standard errors: 0.1 / sqrt(14000) = 8.5e-4 for the mean, ~0.6% of 0.1 for the std.
    #expect(abs(mean) < 4 * 8.5e-4, "mean \(mean)")
    #expect(abs(std - 0.1) < 0.1 * 4 * 0.006, "std \(std)")
  }

  @Test("bad input throws: wrong length, NaN, a reshaped w, backward before forward")
  func badInputThrows() throws {
    var (layer, _) = try sampleLayer(2, 3)
    #expect(throws: FromScratchError.shapeMismatch(what: "Layer.forward x", expected: 2, got: 3)) {
      try layer.forward([0, 0, 0])
    }
    #expect(throws: FromScratchError.self) { try layer.forward([0, .infinity]) }
    #expect(throws: FromScratchError.backwardBeforeForward(what: "Layer")) {
      try layer.backward([1, 1, 1])
    }
    _ = try layer.forward([0.1, 0.2])
    #expect(throws: FromScratchError.self) { try layer.backward([1, 1]) }
    layer.w[1].removeLast()
    #expect(throws: FromScratchError.self) { try layer.forward([0.1, 0.2]) }
  }
}

@Suite(
  "KAN layer backward (tutorial 04): dE/dw_ijk = dE/dy_j B_k(x_i), dE/dx_i = sum_j dE/dy_j sum_k w_ijk B'_k(x_i)"
)
struct LayerBackwardDerivationTests {
  @Test(
    "dE/dw_ijk = dE/dy_j B_k(x_i) equals the central difference of L = sum_j c_j y_j",
    arguments: [(1, 1), (2, 3), (3, 2)])
  func dEdWMatchesCentralDifference(inCount: Int, outCount: Int) throws {
    var (layer, x) = try sampleLayer(inCount, outCount)
    let c = randomVector(outCount, seed: 5)
    _ = try layer.forward(x)
    _ = try layer.backward(c)
    let index = { weightIndex($0, out: outCount, n: layer.spline.n) }
    let report = try gradientCheck(analytic: flatten(layer.dEdW)) { q, delta in
      var moved = layer
      let (i, j, k) = index(q)
      moved.w[i][j][k] += delta
      return try linearLoss(moved, x, c)
    }.naming { weightName(index($0)) }
    expectPasses(report)
  }

  @Test(
    "dE/dx_i = sum_j dE/dy_j sum_k w_ijk B'_k(x_i) equals the central difference",
    arguments: [(1, 1), (2, 3), (3, 2)])
  func dEdXMatchesCentralDifference(inCount: Int, outCount: Int) throws {
    var (layer, x) = try sampleLayer(inCount, outCount)
    let c = randomVector(outCount, seed: 5)
    _ = try layer.forward(x)
    let dEdX = try layer.backward(c)
    let report = try gradientCheck(analytic: dEdX) { i, delta in
      var moved = x
      moved[i] += delta
      return try linearLoss(layer, moved, c)
    }.naming { "x[\($0)] = \(short(x[$0]))" }
    expectPasses(report)
  }

  @Test("backward leaves w alone; update applies w <- w - lr dE/dw")
  func updateIsSeparateFromBackward() throws {
    var (layer, x) = try sampleLayer(2, 2)
    let before = layer.w
    _ = try layer.forward(x)
    _ = try layer.backward([0.3, -0.7])
    #expect(layer.w == before)
    layer.update(learningRate: 0.05)
    let expected = zip(flatten(before), flatten(layer.dEdW)).map { $0 - 0.05 * $1 }
    #expect(flatten(layer.w) == expected)
  }

  @Test("the blog's order (update W, then dE/dx) gives a different, wrong dE/dx")
  func blogOrderDEdXDiffersFromTrueGradient() throws {
    var (layer, x) = try sampleLayer(2, 3)
    let c = [0.8, -0.5, 0.6]
    _ = try layer.forward(x)
    var blogLayer = layer
    let dEdX = try layer.backward(c)
    let blogDEdX = try blogLayer.blogOrderBackward(c, learningRate: 0.05)
    let centralDifference = { (analytic: [Double]) in
      try gradientCheck(analytic: analytic) { i, delta in
        var moved = x
        moved[i] += delta
        return try linearLoss(layer, moved, c)
      }.naming { "x[\($0)]" }
    }
    let ours = try centralDifference(dEdX)
    let blogs = try centralDifference(blogDEdX)
    expectPasses(ours)
    #expect(!blogs.passed, "the blog's dE/dx should not match the central difference: \(blogs)")
    // The gap is exactly the update's effect: -lr sum_j c_j sum_k dEdW_ijk B'_k(x_i).
    let basisPrime = try layer.spline.derivative(x)  // basisPrime is (n, in)
    for i in 0..<2 {
      var gap = 0.0
      for j in 0..<3 {
        for k in 0..<7 { gap -= 0.05 * c[j] * layer.dEdW[i][j][k] * basisPrime[k][i] }
      }
      #expect(abs(blogDEdX[i] - dEdX[i] - gap) < 1e-15, "blog - ours \(blogDEdX[i] - dEdX[i])")
    }
    #expect(blogLayer.w != layer.w, "the blog's variant also updates w")
  }
}
