extension KANLinear {
  /// The paper's edge scores, the mean absolute edge output over a batch (its `|phi|_1`).
  ///
  ///     phi_jib = f_ib . a_ji = A[b, i*C ..< (i+1)*C] . W_c[j, i*C ..< (i+1)*C]
  ///     v_ji    = (1 / B) sum_b |phi_jib|                               v is (out, in)
  ///
  /// Every activation is visited once, `O(B out in C)` with no `(B, out, in)` storage.
  ///
  /// - Parameters:
  ///   - features: `A`, `(batch, in*C)`.
  ///   - batch: the rows of `A`.
  ///   - weight: `W_c`, `(out, in*C)`.
  /// - Returns: `v`, `(out, in)`.
  func meanAbsoluteScores(features: [Scalar], batch: Int, weight: [Scalar]) -> Tensor<Double> {
    let columns = columnsPerInput
    var scores = Tensor<Double>(shape: [outFeatures, inFeatures])
    for b in 0..<batch {
      for j in 0..<outFeatures {
        for i in 0..<inFeatures {
          let row = (b * inFeatures + i) * columns
          let edge = (j * inFeatures + i) * columns
          var phi: Scalar = 0
          for c in 0..<columns { phi += features[row + c] * weight[edge + c] }
          scores.scalars[j * inFeatures + i] += Double(abs(phi))
        }
      }
    }
    for edge in 0..<scores.count { scores.scalars[edge] /= Double(batch) }
    return scores
  }

  /// Adds `lambda dR/dtheta` of the paper's penalty to the parameter gradients and returns `R`
  /// and `lambda dR/dx`.
  ///
  ///     g_ji               = lambda dR/dv_ji                    (sparsityPenalty)
  ///     dR/dW_c[j, i*C + c] = sum_b g_ji sign(phi_jib) f_ib[c] / B
  ///     dR/dx_bi           = sum_j g_ji sign(phi_jib) (f'_ib . a_ji) / B
  ///
  /// `sign(0) = 0`, the subgradient at the kink of `|phi|`.
  ///
  /// - Parameters:
  ///   - regularization: the weights.
  ///   - x: the layer input of the last forward, `(batch, in)`.
  ///   - features: its feature matrix.
  ///   - needsInputGradient: whether to compute `lambda dR/dx`.
  /// - Returns: `R` (without `lambda`) and `lambda dR/dx`, `(batch, in)`, when asked for.
  mutating func accumulateMeanAbsolutePenalty(
    _ regularization: SparsityRegularization, input x: Tensor<Scalar>, features: [Scalar],
    needsInputGradient: Bool
  ) -> (value: Double, inputGradient: Tensor<Scalar>?) {
    let batch = x.shape[0]
    let columns = columnsPerInput
    let weight = combinedWeight(.product(self))
    let (value, dRdv) = sparsityPenalty(
      scores: meanAbsoluteScores(features: features, batch: batch, weight: weight),
      lambdaL1: regularization.lambdaL1, lambdaEntropy: regularization.lambdaEntropy)
    let g = dRdv.scalars.map { Scalar(regularization.lambda * $0 / Double(batch)) }
    var dW = [Scalar](repeating: 0, count: weight.count)  // (out, in*C)
    var dX = Tensor<Scalar>(shape: needsInputGradient ? [batch, inFeatures] : [0])
    let evaluator = FeatureEvaluator(grid: grid, configuration: configuration)
    let lanes = FeatureLanes<Scalar>(width: evaluator.width)
    var values = [Scalar](repeating: 0, count: columns)
    var slopes = [Scalar](repeating: 0, count: columns)
    for b in 0..<batch {
      for i in 0..<inFeatures {
        let row = (b * inFeatures + i) * columns
        if needsInputGradient {
          evaluator.featureRow(
            x.scalars[b * inFeatures + i], input: i, lanes: lanes, values: &values,
            derivatives: &slopes)
        }
        for j in 0..<outFeatures {
          let edge = (j * inFeatures + i) * columns
          var phi: Scalar = 0
          for c in 0..<columns { phi += features[row + c] * weight[edge + c] }
          let signed = phi > 0 ? g[j * inFeatures + i] : phi < 0 ? -g[j * inFeatures + i] : 0
          for c in 0..<columns { dW[edge + c] += signed * features[row + c] }
          guard needsInputGradient else { continue }
          var slope: Scalar = 0
          for c in 0..<columns { slope += slopes[c] * weight[edge + c] }
          dX.scalars[b * inFeatures + i] += signed * slope
        }
      }
    }
    addCombinedGradient(dW, .product(self))
    return (value, needsInputGradient ? dX : nil)
  }
}
