/// pykan 0.2's attribution scores (`attribute()`): how much each edge, node and input carries
/// of the outputs on a batch, propagated back from the outputs.
///
///     S_L[k, j]     = 1 if j = k else 0                          (K = out_L outputs)
///     E_l[k, j, i]  = S_{l+1}[k, j] std_b(phi_lji) / (std_b(x_{l+1, j}) + 1e-4)
///     S_l[k, i]     = sum_j E_l[k, j, i]
///     edge score_l[j, i] = mean_k E_l[k, j, i],    node score_l[i] = mean_k S_l[k, i]
///
/// `std_b` is over the batch, Bessel-corrected as `torch.std`; `phi_lji` is the whole edge
/// (base branch, spline and formula; a pruned edge is 0), `x_{l+1, j}` the node's value, the
/// sum of its edges. Each `std_b(phi_lji)` comes from the layer's feature covariances, as the
/// sparsity penalty computes it (`Var_b phi_ji = a_ji^T Cov_b(f_i) a_ji`), so no
/// `(batch, out, in)` tensor is formed; the propagation costs `O(K out in)` per layer.
public struct Attribution: Sendable, Equatable {
  /// `E_l[k, j, i]` of every layer, `(K, out_l, in_l)` each.
  public var edgeScoresByOutput: [Tensor<Double>]
  /// `S_l[k, i]` of every layer boundary `l = 0 ... L`, `(K, width_l)` each.
  public var nodeScoresByOutput: [Tensor<Double>]

  /// `mean_k E_l[k, j, i]` of every layer, `(out_l, in_l)` each (pykan's `edge_scores`).
  public var edgeScores: [Tensor<Double>] { edgeScoresByOutput.map(Self.meanOverOutputs) }
  /// `mean_k S_l[k, i]` of every boundary, `width_l` each (pykan's `node_scores`).
  public var nodeScores: [[Double]] { nodeScoresByOutput.map { Self.meanOverOutputs($0).scalars } }
  /// The inputs' scores, `mean_k S_0[k, i]` (pykan's `feature_score`).
  public var featureScores: [Double] { nodeScores[0] }

  /// The inputs by name, most important first (ties keep the input order).
  ///
  /// - Parameter names: one name per input.
  /// - Returns: `(name, score)` pairs, by decreasing score.
  public func rankedFeatures(names: [String]) -> [(name: String, score: Double)] {
    let scores = featureScores
    return scores.indices.sorted { (-scores[$0], $0) < (-scores[$1], $1) }.map {
      (name: $0 < names.count ? names[$0] : "x\($0 + 1)", score: scores[$0])
    }
  }

  /// The mean over the first axis of a `(K, ...)` tensor.
  private static func meanOverOutputs(_ scores: Tensor<Double>) -> Tensor<Double> {
    let k = scores.shape[0]
    var mean = Tensor<Double>(shape: Array(scores.shape.dropFirst()))
    for (index, value) in scores.scalars.enumerated() {
      mean.scalars[index % mean.count] += value / Double(k)
    }
    return mean
  }
}

extension KANNetwork {
  /// The attribution scores of every edge, node and input on a batch (see `Attribution`).
  ///
  /// - Parameter x: the network input, `(batch, in)`, at least two samples.
  /// - Returns: the scores.
  /// - Throws: `KANError` for a wrong shape, a non-finite value or a batch of one.
  public func attribution(on x: Tensor<Scalar>) throws(KANError) -> Attribution {
    var activations = [x]
    for layer in layers { activations.append(try layer(activations[activations.count - 1])) }
    let outputs = widths[widths.count - 1]
    var s = Tensor<Double>(shape: [outputs, outputs])  // S_L = identity
    for k in 0..<outputs { s[k, k] = 1 }
    var edges: [Tensor<Double>] = []
    var nodes = [s]
    for l in layers.indices.reversed() {
      let layer = layers[l]
      let (inputs, width) = (layer.inFeatures, layer.outFeatures)
      let spread = try layer.edgeStandardDeviations(input: activations[l])  // (out, in)
      let nodeSpread = standardDeviations(of: activations[l + 1])  // (out)
      var e = Tensor<Double>(shape: [outputs, width, inputs])
      var below = Tensor<Double>(shape: [outputs, inputs])
      for k in 0..<outputs {
        for j in 0..<width {
          let weight = s[k, j] / (nodeSpread[j] + 1e-4)
          for i in 0..<inputs {
            let score = weight * spread[j * inputs + i]
            e.scalars[(k * width + j) * inputs + i] = score
            below.scalars[k * inputs + i] += score
          }
        }
      }
      edges.insert(e, at: 0)
      nodes.insert(below, at: 0)
      s = below
    }
    return Attribution(edgeScoresByOutput: edges, nodeScoresByOutput: nodes)
  }
}

extension KANLinear {
  /// `std_b(phi_ji)` of every edge over a batch, `(out, in)` flat: the numerical edges from
  /// the feature covariances (`spreadScores`, shared with the sparsity penalty), each fixed
  /// edge from its values.
  ///
  ///     std_b(phi_ji) = sqrt(a_ji^T Cov_b(f_i) a_ji)                      (spline edges)
  ///     std_b(phi_ji) = std_b(c f(a x_bi + b) + d)                        (fixed edges)
  ///
  /// - Parameter x: the layer input, `(batch, in)`, at least two samples.
  /// - Returns: the spreads; 0 for a masked edge.
  /// - Throws: `KANError` for an input that does not fit the layer or a batch of one.
  public func edgeStandardDeviations(input x: Tensor<Scalar>) throws(KANError) -> [Double] {
    try validateInput(x)
    try Self.checkSpreadBatch(x)
    var spread = spreadScores(input: x, features: featureMatrix(x)).edgeSpread
    let batch = x.shape[0]
    for e in fixedEdges.edges.indices {
      let (formula, i, j) = (
        fixedEdges.symbolicEdge(e), fixedEdges.edges[e].i, fixedEdges.edges[e].j
      )
      let values = (0..<batch).map { formula(Double(x.scalars[$0 * inFeatures + i])) }
      spread[j * inFeatures + i] = standardDeviation(values)
    }
    return spread
  }
}

/// The Bessel-corrected standard deviation of each column, two passes in Double.
///
///     std_j = sqrt( sum_b (x_bj - mean_j)^2 / (B - 1) )
///
/// - Parameter x: `(batch, columns)`, `batch >= 2`.
/// - Returns: one value per column.
func standardDeviations<Scalar: KANScalar>(of x: Tensor<Scalar>) -> [Double] {
  let (batch, columns) = (x.shape[0], x.shape[1])
  return (0..<columns).map { j in
    standardDeviation((0..<batch).map { Double(x.scalars[$0 * columns + j]) })
  }
}

/// The Bessel-corrected standard deviation of values, two passes.
///
///     std = sqrt( sum_b (v_b - mean)^2 / (B - 1) )
func standardDeviation(_ values: [Double]) -> Double {
  let mean = values.reduce(0, +) / Double(values.count)
  let scatter = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
  return (scatter / Double(values.count - 1)).squareRoot()
}
