import KANFromScratch
import Testing

@testable import KAN

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small Double network with spline weights of order one, so every edge matters.
private func probeNetwork(
  seed: UInt64, widths: [Int] = [3, 4, 2], gridSize: Int = 4
) throws -> KANNetwork<Double> {
  var network = try KANNetwork<Double>(
    widths: widths, configuration: KANConfiguration(gridSize: gridSize), seed: seed)
  for l in network.layers.indices {
    let count = network.layers[l].splineWeight.count
    network.layers[l].splineWeight.scalars = seededValues(count, in: -1...1, seed: seed + 10)
  }
  return network
}

/// `phi_ji(x) = w_b b(x) + s sum_m w_s B_m(x)` evaluated edge by edge, the direct way.
private func edgeOutputs(_ layer: KANLinear<Double>, _ x: Tensor<Double>) -> [[[Double]]] {
  let batch = x.shape[0]
  var phi = [[[Double]]](
    repeating: [[Double]](repeating: [], count: layer.inFeatures), count: layer.outFeatures)
  for i in 0..<layer.inFeatures {
    let column = (0..<batch).map { x[$0, i] }
    let design = layer.basisDesign(column, input: i, grid: layer.grid.scalars)
    for j in 0..<layer.outFeatures {
      phi[j][i] = column.indices.map { b in
        var spline = 0.0
        for m in 0..<layer.basisCount {
          spline += layer.splineWeight[j, i, m] * design[b * layer.basisCount + m]
        }
        let base = layer.baseActivation.valueAndDerivative(column[b]).value
        return layer.baseWeight[j, i] * base + layer.splineScaler[j, i] * spline
      }
    }
  }
  return phi
}

/// `torch.std`: the Bessel-corrected standard deviation.
private func standardDeviation(_ values: [Double]) -> Double {
  let mean = values.reduce(0, +) / Double(values.count)
  let sum = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
  return (sum / Double(values.count - 1)).squareRoot()
}

/// The feature rows `f(x_bi) = [b(x_bi), B_0(x_bi), ..., B_{n-1}(x_bi)]` of every sample and
/// input, the direct way: `(batch, in, C)` as nested arrays.
private func featureRows(_ layer: KANLinear<Double>, _ x: Tensor<Double>) -> [[[Double]]] {
  let (batch, n) = (x.shape[0], layer.basisCount)
  var rows = [[[Double]]](
    repeating: [[Double]](repeating: [], count: layer.inFeatures), count: batch)
  for i in 0..<layer.inFeatures {
    let column = (0..<batch).map { x[$0, i] }
    let design = layer.basisDesign(column, input: i, grid: layer.grid.scalars)
    for b in 0..<batch {
      let base = layer.baseActivation.valueAndDerivative(column[b]).value
      rows[b][i] = [base] + (0..<n).map { design[b * n + $0] }
    }
  }
  return rows
}

/// pykan's penalty written edge by edge with libm's `log2`, as `sparsityPenalty` was before its
/// loops went eight lanes at a time.
private func referencePenalty(
  _ v: Tensor<Double>, lambdaL1: Double, lambdaEntropy: Double
) -> (value: Double, gradient: [Double]) {
  let (outputs, inputs) = (v.shape[0], v.shape[1])
  let rowSum = (0..<outputs).map { j in 1 + (0..<inputs).reduce(0) { $0 + v[j, $1] } }
  let columnSum = (0..<inputs).map { i in 1 + (0..<outputs).reduce(0) { $0 + v[$1, i] } }
  let (rowWeight, columnWeight) = (lambdaEntropy / Double(outputs), lambdaEntropy / Double(inputs))
  func g(_ p: Double) -> Double { log2(p + 1e-4) + p / ((p + 1e-4) * M_LN2) }
  var value = lambdaL1 * v.scalars.reduce(0, +)
  var rowMean = [Double](repeating: 0, count: outputs)
  var columnMean = [Double](repeating: 0, count: inputs)
  for j in 0..<outputs {
    for i in 0..<inputs {
      let (p, q) = (v[j, i] / rowSum[j], v[j, i] / columnSum[i])
      value -= rowWeight * p * log2(p + 1e-4) + columnWeight * q * log2(q + 1e-4)
      rowMean[j] += g(p) * p
      columnMean[i] += g(q) * q
    }
  }
  var gradient = [Double](repeating: lambdaL1, count: v.count)
  for j in 0..<outputs {
    for i in 0..<inputs {
      let (p, q) = (v[j, i] / rowSum[j], v[j, i] / columnSum[i])
      gradient[j * inputs + i] -=
        rowWeight * (g(p) - rowMean[j]) / rowSum[j]
        + columnWeight * (g(q) - columnMean[i]) / columnSum[i]
    }
  }
  return (value, gradient)
}

@Suite("Sparsity penalty (pykan MultKAN.reg): L1 + row and column entropies of the edge scores")
struct RegularizationPenaltyTests {
  @Test("value: R = l1 sum v + le (H_row + H_col), p = v / (sum + 1), log2(p + 1e-4), by hand")
  func valueByHand() throws {
    let v = try Tensor<Double>(shape: [2, 2], scalars: [0.5, 0, 1, 2])
    let p = [[0.5 / 1.5, 0], [1.0 / 4, 2.0 / 4]]  // rows
    let q = [[0.5 / 2.5, 1.0 / 2.5], [0, 2.0 / 3]]  // columns
    func h(_ rows: [[Double]]) -> Double {
      -rows.map { $0.reduce(0) { $0 + $1 * log2($1 + 1e-4) } }.reduce(0, +) / 2
    }
    let expected = 1.5 * 3.5 + 0.7 * (h(p) + h(q))
    let value = sparsityPenalty(scores: v, lambdaL1: 1.5, lambdaEntropy: 0.7).value
    #expect(abs(value - expected) < 1e-14, "\(value) vs \(expected)")
  }

  @Test("dR/dv matches central differences, zero scores included (no log 0)")
  func gradientMatchesCentralDifference() {
    var v = seededTensor(3, 5, in: 0...2, seed: 60)
    v.scalars[4] = 0
    let analytic = sparsityPenalty(scores: v, lambdaL1: 1, lambdaEntropy: 2).gradient.scalars
    #expect(analytic.allSatisfy { $0.isFinite })
    let report = gradientCheck(analytic: analytic, step: 1e-7) { q, delta in
      var moved = v
      moved.scalars[q] += delta
      return sparsityPenalty(scores: moved, lambdaL1: 1, lambdaEntropy: 2).value
    }
    #expect(report.passed, "\(report)")
  }

  @Test("eight lanes at a time equals the edge-by-edge formula with libm's log2, to 1e-12")
  func vectorisedMatchesEdgeByEdge() {
    var v = seededTensor(13, 21, in: 0...3, seed: 76)  // 21 = two chunks of eight and five
    for edge in stride(from: 0, to: v.count, by: 7) { v.scalars[edge] = 0 }
    v.scalars[5] = 1e-9
    let (value, gradient) = sparsityPenalty(scores: v, lambdaL1: 0.7, lambdaEntropy: 2)
    let reference = referencePenalty(v, lambdaL1: 0.7, lambdaEntropy: 2)
    #expect(abs(value - reference.value) <= 1e-12 * abs(reference.value), "\(value)")
    for (edge, expected) in reference.gradient.enumerated() {
      let error = abs(gradient.scalars[edge] - expected)
      #expect(error <= 1e-12 * max(1, abs(expected)), "dR/dv[\(edge)]: \(error)")
    }
  }

  @Test("vectorLog2(x) = log2(x) within 2e-15 relative, near 1 too; NaN and infinity pass through")
  func vectorLog2MatchesLibm() {
    var points = seededValues(64, in: -14...2, seed: 77).map { exp2($0) }  // 6e-5 ... 4
    points += [1e-4, 1, 1 + 1e-12, 1 - 1e-12, 0.5.squareRoot(), 2.0.squareRoot(), 3e300, 1e-300]
    for start in stride(from: 0, to: points.count, by: 8) {
      var x = SIMD8<Double>(repeating: 1)
      for l in 0..<min(8, points.count - start) { x[l] = points[start + l] }
      let y = vectorLog2(x)
      for l in 0..<8 {
        let expected = log2(x[l])
        let error = abs(y[l] - expected)
        #expect(error <= 2e-15 * max(abs(expected), 1e-300), "log2(\(x[l])): \(y[l])")
      }
    }
    var special = SIMD8<Double>(repeating: 2)
    (special[0], special[1]) = (.nan, .infinity)
    let y = vectorLog2(special)
    #expect(y[0].isNaN && y[1] == .infinity && y[2] == 1)
  }
}

@Suite("Edge scores: covariance form equals the direct computation on the activations")
struct RegularizationScoreTests {
  @Test("std_b(phi_ji)/(std_b(x_i) + 0.1) from a_ji^T Cov_i a_ji equals the direct one, to 1e-12")
  func standardDeviationScores() throws {
    let layer = try probeNetwork(seed: 61).layers[0]
    let x = seededTensor(9, 3, in: -1.4...1.4, seed: 62)
    let scores = try layer.edgeScores(.activationStandardDeviation, input: x)
    let phi = edgeOutputs(layer, x)
    for j in 0..<4 {
      for i in 0..<3 {
        let direct =
          standardDeviation(phi[j][i]) / (standardDeviation((0..<9).map { x[$0, i] }) + 0.1)
        #expect(abs(scores[j, i] - direct) < 1e-12 * max(1, direct), "v[\(j), \(i)]")
      }
    }
  }

  // G = 2, 4, 5, 13 give C = 6, 8, 9, 17: one column at a time, one block, overlapping blocks.
  @Test(
    "mean_i, u_ji = Cov_i a_ji and Var_ji from the band kernels equal direct sums, from A and x",
    arguments: [2, 4, 5, 13])
  func covarianceKernelsMatchDirectSums(gridSize: Int) throws {
    var layer = try KANLinear<Double>(
      inFeatures: 11, outFeatures: 6, configuration: KANConfiguration(gridSize: gridSize),
      seed: 78)
    layer.splineWeight.scalars = seededValues(layer.splineWeight.count, in: -1...1, seed: 79)
    let batch = 37  // two blocks of 32 samples; 11 inputs: a full band and a band of three
    let x = seededTensor(batch, 11, in: -1.3...1.3, seed: 80)
    let rows = featureRows(layer, x)
    let phi = edgeOutputs(layer, x)
    let columns = layer.columnsPerInput
    for state in [
      layer.spreadScores(input: x), layer.spreadScores(input: x, features: layer.featureMatrix(x)),
    ] {
      for i in 0..<11 {
        let mean = (0..<columns).map { c in
          (0..<batch).reduce(0) { $0 + rows[$1][i][c] } / Double(batch)
        }
        for c in 0..<columns {
          #expect(abs(state.mean[i * columns + c] - mean[c]) < 1e-13, "mean[\(i), \(c)]")
        }
        for j in 0..<6 {
          let edge = j * 11 + i
          let phiMean = phi[j][i].reduce(0, +) / Double(batch)
          // u_ji[p] = (1 / (B - 1)) sum_b (f_ib[p] - mean[p]) (phi_jib - mean phi)
          for p in 0..<columns {
            let direct =
              (0..<batch).reduce(0) { $0 + (rows[$1][i][p] - mean[p]) * (phi[j][i][$1] - phiMean) }
              / Double(batch - 1)
            let u = state.spread[edge * columns + p]
            #expect(abs(u - direct) < 1e-12 * max(1, abs(direct)), "u[\(j), \(i), \(p)]")
          }
          let deviation = standardDeviation(phi[j][i])
          #expect(abs(state.edgeSpread[edge] - deviation) < 1e-12 * max(1, deviation))
        }
      }
    }
  }

  @Test("mean_b |phi_ji| and mean_m |w_s| equal their direct forms")
  func otherScores() throws {
    let layer = try probeNetwork(seed: 63).layers[1]
    let x = seededTensor(5, 4, in: -2...2, seed: 64)
    let meanAbsolute = try layer.edgeScores(.activationMeanAbsolute, input: x)
    let weights = try layer.edgeScores(.weightMeanAbsolute, input: x)
    let phi = edgeOutputs(layer, x)
    for j in 0..<2 {
      for i in 0..<4 {
        let direct = phi[j][i].reduce(0) { $0 + abs($1) } / 5
        #expect(abs(meanAbsolute[j, i] - direct) < 1e-12 * max(1, direct))
        let l1 = (0..<layer.basisCount).reduce(0) { $0 + abs(layer.splineWeight[j, i, $1]) }
        #expect(abs(weights[j, i] - l1 / Double(layer.basisCount)) < 1e-15)
      }
    }
  }

  @Test("a batch of one has no spread: typed error, not NaN")
  func batchOfOne() throws {
    let layer = try KANLinear<Double>(inFeatures: 2, outFeatures: 2)
    #expect(throws: KANError.self) {
      try layer.edgeScores(.activationStandardDeviation, input: seededTensor(1, 2, seed: 65))
    }
  }
}

@Suite("Regularised backward: d(L + lambda R)/d(parameters, x) against central differences")
struct RegularizationGradientTests {
  @Test(
    "every parameter and input gradient of L + lambda R, each metric",
    arguments: SparsityMetric.allCases)
  func gradientMatchesCentralDifference(metric: SparsityMetric) throws {
    try checkGradients(metric: metric, widths: [3, 4, 2])
  }

  // G = 5: C = 9 columns (overlapping blocks of eight) and n = 8 bases (one vector of eight).
  @Test("a wide first layer (10 outputs: M_i) and a narrow second (sum over j), std metric, G = 5")
  func wideLayerGradientMatchesCentralDifference() throws {
    try checkGradients(metric: .activationStandardDeviation, widths: [1, 10, 1], gridSize: 5)
  }

  /// Central-difference checks of every parameter and input gradient of `probe + 0.6 R`.
  private func checkGradients(metric: SparsityMetric, widths: [Int], gridSize: Int = 4) throws {
    var network = try probeNetwork(seed: 66, widths: widths, gridSize: gridSize)
    let x = seededTensor(7, widths[0], in: -1.5...1.5, seed: 67)
    let r = seededTensor(7, widths[widths.count - 1], seed: 68)
    let regularization = SparsityRegularization(
      lambda: 0.6, lambdaL1: 1, lambdaEntropy: 2, metric: metric)
    network.zeroGradients()
    _ = try network.forward(x)
    let (_, dX) = try network.backward(r, regularization: regularization, needsInputGradient: true)
    let analytic = network.flatGradients()
    let parameters = network.flatParameters()
    func objective(_ network: inout KANNetwork<Double>, _ x: Tensor<Double>) throws -> Double {
      let penalty = try network.sparsityPenalty(x, regularization: regularization)
      return probeLoss(try network(x), r) + 0.6 * penalty
    }
    let weightReport = try gradientCheck(analytic: analytic) { q, delta in
      var moved = parameters
      moved[q] += delta
      var copy = network
      try copy.setFlatParameters(moved)
      return try objective(&copy, x)
    }
    #expect(weightReport.passed, "parameters, \(metric): \(weightReport)")
    let inputReport = try gradientCheck(analytic: try #require(dX).scalars) { q, delta in
      var moved = x
      moved.scalars[q] += delta
      var copy = network
      return try objective(&copy, moved)
    }
    #expect(inputReport.passed, "input, \(metric): \(inputReport)")
  }

  @Test(
    "layer alone: lambda dR/dx from addSparsityGradient matches central differences",
    arguments: SparsityMetric.allCases)
  func layerInputGradient(metric: SparsityMetric) throws {
    var layer = try probeNetwork(seed: 74).layers[0]
    let x = seededTensor(7, 3, in: -1.5...1.5, seed: 75)
    let regularization = SparsityRegularization(lambda: 0.6, metric: metric)
    let (_, dX) = try layer.addSparsityGradient(regularization, input: x, needsInputGradient: true)
    let report = try gradientCheck(analytic: try #require(dX).scalars) { q, delta in
      var moved = x
      moved.scalars[q] += delta
      let network = try KANNetwork(layers: [layer])
      return 0.6 * (try network.sparsityPenalty(moved, regularization: regularization))
    }
    #expect(report.passed, "\(metric): \(report)")
  }

  @Test("the std penalty's gradients are the same for any thread count, bit for bit")
  func threadCountDoesNotChangeBits() throws {
    var layer = try KANLinear<Double>(
      inFeatures: 300, outFeatures: 24, configuration: KANConfiguration(gridSize: 5), seed: 81)
    layer.evaluation = .product
    let x = seededTensor(37, 300, in: -1.2...1.2, seed: 82)
    let regularization = SparsityRegularization(lambda: 0.3)
    var results: [([Double], [Double])] = []
    for threads in [1, 3] {
      var copy = layer
      copy.threads = threads
      let (_, dX) = try copy.addSparsityGradient(regularization, input: x, needsInputGradient: true)
      results.append((try #require(dX).scalars, copy.splineWeightGradient.scalars))
    }
    #expect(results[0].0 == results[1].0)
    #expect(results[0].1 == results[1].1)
  }

  @Test("the forward's feature matrix, reused, gives what evaluating x again gives")
  func savedFeaturesMatchEvaluatedOnes() throws {
    var layer = try probeNetwork(seed: 83, widths: [3, 10, 2], gridSize: 5).layers[0]
    let x = seededTensor(9, 3, in: -1.4...1.4, seed: 84)
    let regularization = SparsityRegularization(lambda: 0.5)
    var fresh = layer
    _ = try layer.forward(x)
    #expect(layer.savedFeatures(of: x) != nil)
    #expect(layer.savedFeatures(of: seededTensor(9, 3, seed: 85)) == nil)
    let (value, dX) = try layer.addSparsityGradient(
      regularization, input: x, needsInputGradient: true)
    let (freshValue, freshDX) = try fresh.addSparsityGradient(
      regularization, input: x, needsInputGradient: true)
    #expect(abs(value - freshValue) < 1e-13)
    for (a, b) in zip(try #require(dX).scalars, try #require(freshDX).scalars) {
      #expect(abs(a - b) < 1e-13)
    }
    for (a, b) in zip(layer.splineWeightGradient.scalars, fresh.splineWeightGradient.scalars) {
      #expect(abs(a - b) < 1e-13)
    }
  }

  @Test("efficient-kan's weight term guards log 0: a zero edge adds nothing and gets no gradient")
  func weightTermGuardsLogZero() throws {
    var layer = try KANLinear<Double>(
      inFeatures: 2, outFeatures: 2, configuration: KANConfiguration(gridSize: 3), seed: 69)
    layer.splineWeight.scalars = seededValues(layer.splineWeight.count, in: -1...1, seed: 70)
    for m in 0..<layer.basisCount { layer.splineWeight[1, 0, m] = 0 }
    let (value, gradient) = layer.weightSparsityAndGradient(lambdaL1: 1, lambdaEntropy: 1)
    let l = (0..<4).map { edge in
      (0..<6).reduce(0) { $0 + abs(layer.splineWeight.scalars[edge * 6 + $1]) } / 6
    }
    let total = l.reduce(0, +)
    let entropy = -l.filter { $0 > 0 }.reduce(0) { $0 + $1 / total * log($1 / total) }
    #expect(abs(value - (total + entropy)) < 1e-14)
    #expect(gradient.allSatisfy { $0.isFinite })
    #expect(gradient[12..<18].allSatisfy { $0 == 0 })
    layer.splineWeight.scalars = [Double](repeating: 0, count: layer.splineWeight.count)
    #expect(layer.weightSparsity() == 0)
  }

  @Test("lambda = 0 is the plain backward")
  func zeroLambdaIsPlain() throws {
    var plain = try probeNetwork(seed: 71)
    var regularized = plain
    let x = seededTensor(6, 3, seed: 72)
    let r = seededTensor(6, 2, seed: 73)
    _ = try plain.forward(x)
    try plain.backward(r)
    _ = try regularized.forward(x)
    let (penalty, _) = try regularized.backward(r, regularization: SparsityRegularization())
    #expect(penalty == 0)
    #expect(plain.flatGradients() == regularized.flatGradients())
  }
}
