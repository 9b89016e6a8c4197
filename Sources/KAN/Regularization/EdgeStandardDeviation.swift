import KANKernels

extension KANLinear {
  /// What pykan's `edge_forward_spline_n` scores are made of, kept for the backward pass.
  struct SpreadScores {
    /// Feature means, `(in, C)`.
    var mean: [Scalar]
    /// `W_c`, `(out, in*C)`.
    var weight: [Scalar]
    /// `u_ji = Cov_i a_ji`, `(out, in*C)`.
    var spread: [Scalar]
    /// `std_b(phi_ji)`, `(out, in)`.
    var edgeSpread: [Double]
    /// `mean_b(x_i)`, `(in)`.
    var inputMean: [Double]
    /// `std_b(x_i)`, `(in)`.
    var inputSpread: [Double]
    /// `v_ji = std_b(phi_ji) / (std_b(x_i) + 0.1)`, `(out, in)`.
    var scores: Tensor<Double>
  }

  /// pykan's edge scores from a batch, by covariances instead of activations.
  ///
  ///     std_b(phi_ji) = sqrt(a_ji^T Cov_i a_ji)             (see edgeVariances)
  ///     std_b(x_i)    = sqrt((1 / (B - 1)) sum_b (x_bi - mean_b x_i)^2)
  ///     v_ji          = std_b(phi_ji) / (std_b(x_i) + 0.1)
  ///
  /// `phi_ji` is the whole numerical edge, base branch included: pykan's `postacts` are
  /// `scale_base * b(x) + scale_sp * spline(x)` (its "only penalize the spline part" excludes the
  /// symbolic branch, which this package does not have).
  ///
  /// - Parameters:
  ///   - x: the layer input, `(batch, in)`, `batch >= 2`.
  ///   - features: its feature matrix `A`, `(batch, in*C)`.
  /// - Returns: the scores and what their gradient needs.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func spreadScores(input x: Tensor<Scalar>, features: [Scalar]) -> SpreadScores {
    let batch = x.shape[0]
    let (mean, covariance) = featureStatistics(features, batch: batch)
    let weight = combinedWeight(.product(self))
    let (variance, spread) = edgeVariances(covariance: covariance, weight: weight)
    var inputMean = [Double](repeating: 0, count: inFeatures)
    var inputSpread = [Double](repeating: 0, count: inFeatures)
    for (index, value) in x.scalars.enumerated() { inputMean[index % inFeatures] += Double(value) }
    for i in 0..<inFeatures { inputMean[i] /= Double(batch) }
    for (index, value) in x.scalars.enumerated() {
      let centred = Double(value) - inputMean[index % inFeatures]
      inputSpread[index % inFeatures] += centred * centred
    }
    for i in 0..<inFeatures { inputSpread[i] = (inputSpread[i] / Double(batch - 1)).squareRoot() }
    let edgeSpread = variance.map { Double($0).squareRoot() }
    var scores = Tensor<Double>(shape: [outFeatures, inFeatures])
    for (edge, value) in edgeSpread.enumerated() {
      scores.scalars[edge] = value / (inputSpread[edge % inFeatures] + 0.1)
    }
    return SpreadScores(
      mean: mean, weight: weight, spread: spread, edgeSpread: edgeSpread, inputMean: inputMean,
      inputSpread: inputSpread, scores: scores)
  }

  /// Adds `lambda dR/dtheta` of pykan's sample-based penalty to the parameter gradients and
  /// returns `R` and `lambda dR/dx`.
  ///
  ///     g_ji     = lambda dR/dv_ji                              (sparsityPenalty)
  ///     h_ji     = g_ji / (std_b(x_i) + 0.1) / (2 std_b(phi_ji))    = lambda dR/dVar_ji
  ///     dR/dW_c[j, i*C ..< (i+1)*C] = 2 h_ji u_ji,   u_ji = Cov_i a_ji
  ///     r_i      = -sum_j g_ji std_b(phi_ji) / (std_b(x_i) + 0.1)^2   = lambda dR/dstd_b(x_i)
  ///     dR/dx_bi = (2 / (B - 1)) f'_ib^T M_i (f_ib - mean_i) + r_i (x_bi - mean_b x_i) / ((B - 1) std_b(x_i))
  ///     M_i      = sum_j h_ji a_ji a_ji^T                        (in, C, C)
  ///     f'^T M_i d = sum_j h_ji (f' . a_ji)(a_ji . d)              (used when 2 out < C)
  ///
  /// The covariance term's gradient flows back through the feature rows `f_ib`, hence the
  /// feature derivatives `f'`; a zero spread (constant edge or input) is the kink of `sqrt` and
  /// gets a zero gradient.
  ///
  /// - Parameters:
  ///   - regularization: the weights.
  ///   - x: the layer input, `(batch, in)`.
  ///   - features: its feature matrix.
  ///   - needsInputGradient: whether to compute `lambda dR/dx`.
  /// - Returns: `R` (without `lambda`) and `lambda dR/dx`, `(batch, in)`, when asked for.
  mutating func accumulateSpreadPenalty(
    _ regularization: SparsityRegularization, input x: Tensor<Scalar>, features: [Scalar],
    needsInputGradient: Bool
  ) -> (value: Double, inputGradient: Tensor<Scalar>?) {
    let batch = x.shape[0]
    let columns = columnsPerInput
    let state = spreadScores(input: x, features: features)
    let (value, dRdv) = sparsityPenalty(
      scores: state.scores, lambdaL1: regularization.lambdaL1,
      lambdaEntropy: regularization.lambdaEntropy)
    var h = [Scalar](repeating: 0, count: outFeatures * inFeatures)  // (out, in)
    var r = [Double](repeating: 0, count: inFeatures)  // (in)
    for edge in 0..<h.count {
      let i = edge % inFeatures
      let g = regularization.lambda * dRdv.scalars[edge]
      let denominator = state.inputSpread[i] + 0.1
      let spread = state.edgeSpread[edge]
      if spread > 0 { h[edge] = Scalar(g / denominator / (2 * spread)) }
      r[i] -= g * spread / (denominator * denominator)
    }
    var dW = state.spread  // 2 h_ji u_ji, (out, in*C)
    for (index, _) in dW.enumerated() { dW[index] *= 2 * h[index / columns] }
    addCombinedGradient(dW, .product(self))
    guard needsInputGradient else { return (value, nil) }
    var t = [Scalar](repeating: 0, count: inFeatures)  // r_i / ((B - 1) std_i)
    for i in 0..<inFeatures where state.inputSpread[i] > 0 {
      t[i] = Scalar(r[i] / (Double(batch - 1) * state.inputSpread[i]))
    }
    // With few outputs, sum_j h (f'.a)(a.d) (2 C out terms) beats f'^T M d (C^2 terms).
    let lowRank = 2 * outFeatures < columns
    let context = SpreadGradientContext(
      curvature: lowRank ? nil : spreadCurvature(h: h, weight: state.weight), mean: state.mean,
      inputMean: state.inputMean.map { Scalar($0) }, inputTerm: t, h: h, weight: state.weight,
      coefficient: 2 / Scalar(batch - 1))
    var dX = Tensor<Scalar>(shape: [batch, inFeatures])
    let evaluator = FeatureEvaluator(grid: grid, configuration: configuration)
    spreadInputGradient(&dX.scalars, x.scalars, batch: batch, context, evaluator)
    return (value, dX)
  }

  /// `M_i = sum_j h_ji a_ji a_ji^T`, `(in, C, C)`.
  func spreadCurvature(h: [Scalar], weight: [Scalar]) -> [Scalar] {
    let columns = columnsPerInput
    var curvature = [Scalar](repeating: 0, count: inFeatures * columns * columns)
    for j in 0..<outFeatures {
      for i in 0..<inFeatures {
        let scale = h[j * inFeatures + i]
        if scale == 0 { continue }
        let a = (j * inFeatures + i) * columns
        let m = i * columns * columns
        for p in 0..<columns {
          let ap = scale * weight[a + p]
          for q in 0..<columns { curvature[m + p * columns + q] += ap * weight[a + q] }
        }
      }
    }
    return curvature
  }

  /// `lambda dR/dx` (see `accumulateSpreadPenalty`), rows split over threads.
  private func spreadInputGradient(
    _ dX: UnsafeMutablePointer<Scalar>, _ x: UnsafePointer<Scalar>, batch: Int,
    _ context: SpreadGradientContext, _ evaluator: FeatureEvaluator<Scalar>
  ) {
    let (inputs, outputs, columns) = (inFeatures, outFeatures, columnsPerInput)
    Parallelism.forEachChunk(batch, threads: threads, minimumChunk: 8) { rows in
      let lanes = FeatureLanes<Scalar>(width: evaluator.width)
      var values = [Scalar](repeating: 0, count: columns)
      var slopes = [Scalar](repeating: 0, count: columns)
      var centred = [Scalar](repeating: 0, count: columns)
      for b in rows {
        for i in 0..<inputs {
          if i % 8 == 0 {  // one evaluation per block of eight inputs of the sample
            evaluator.evaluate(
              x + b * inputs, inputs: i, count: min(8, inputs - i), into: lanes, derivatives: true)
          }
          let x = x[b * inputs + i]
          evaluator.featureRow(lane: i % 8, of: lanes, values: &values, derivatives: &slopes)
          for c in 0..<columns { centred[c] = values[c] - context.mean[i * columns + c] }
          var total: Scalar = 0
          if let curvature = context.curvature {
            let m = i * columns * columns
            for p in 0..<columns {
              var sum: Scalar = 0
              for q in 0..<columns { sum += curvature[m + p * columns + q] * centred[q] }
              total += slopes[p] * sum
            }
          } else {
            for j in 0..<outputs {
              let a = (j * inputs + i) * columns
              var slope: Scalar = 0
              var deviation: Scalar = 0
              for c in 0..<columns {
                slope += slopes[c] * context.weight[a + c]
                deviation += centred[c] * context.weight[a + c]
              }
              total += context.h[j * inputs + i] * slope * deviation
            }
          }
          dX[b * inputs + i] =
            context.coefficient * total + context.inputTerm[i] * (x - context.inputMean[i])
        }
      }
    }
  }

  /// The read-only inputs of `spreadInputGradient`.
  struct SpreadGradientContext {
    /// `M`, `(in, C, C)`, or nil to sum over the outputs directly.
    var curvature: [Scalar]?
    /// Feature means, `(in, C)`.
    var mean: [Scalar]
    /// `mean_b(x_i)`, `(in)`.
    var inputMean: [Scalar]
    /// `r_i / ((B - 1) std_b(x_i))`, `(in)`.
    var inputTerm: [Scalar]
    /// `h`, `(out, in)`.
    var h: [Scalar]
    /// `W_c`, `(out, in*C)`.
    var weight: [Scalar]
    /// `2 / (B - 1)`.
    var coefficient: Scalar
  }
}
