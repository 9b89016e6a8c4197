import KANKernels

extension KANLinear {
  /// What pykan's `edge_forward_spline_n` scores are made of, kept for the backward pass.
  struct SpreadScores {
    /// Feature means, `(in, C)`.
    var mean: [Scalar]
    /// `W_c`, `(out, in*C)`.
    var weight: Tensor<Scalar>
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
  func spreadScores(input x: Tensor<Scalar>, features: Tensor<Scalar>) -> SpreadScores {
    let batch = x.shape[0]
    let (mean, covariance) = featureStatistics(features)
    let weight = combinedWeight()
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
  /// returns `R` and `lambda dR/dx`, plus the ordinary input gradient when `dY` is given.
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
  /// gets a zero gradient. With `dY`, the pass also adds `backward`'s own input gradient,
  /// `sum_c f'_ib[c] (dY W_c)[b, i*C + c]`, so each feature derivative is evaluated once.
  ///
  /// - Parameters:
  ///   - regularization: the weights.
  ///   - x: the layer input of the last forward, `(batch, in)`.
  ///   - features: its feature matrix.
  ///   - needsInputGradient: whether to compute `lambda dR/dx`.
  ///   - dY: `dL/dy`, `(batch, out)`, whose input gradient is added, or nil.
  /// - Returns: `R` (without `lambda`) and `lambda dR/dx (+ dL/dx)`, `(batch, in)`, when asked
  ///   for.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  mutating func accumulateSpreadPenalty(
    _ regularization: SparsityRegularization, input x: Tensor<Scalar>, features: Tensor<Scalar>,
    needsInputGradient: Bool, outputGradient dY: Tensor<Scalar>? = nil
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
    addCombinedWeightGradient(factor: h.map { 2 * $0 }, vector: state.spread)
    guard needsInputGradient else { return (value, nil) }
    var t = [Scalar](repeating: 0, count: inFeatures)  // r_i / ((B - 1) std_i)
    for i in 0..<inFeatures where state.inputSpread[i] > 0 {
      t[i] = Scalar(r[i] / (Double(batch - 1) * state.inputSpread[i]))
    }
    // With few outputs, sum_j h (f'.a)(a.d) (2 C out terms) beats f'^T M d (C^2 terms).
    let lowRank = 2 * outFeatures < columns
    let curvature = lowRank ? [] : spreadCurvature(h: h, weight: state.weight)
    // One read-only block: M (in, C, C) or nothing, feature means (in, C), input means (in),
    // t (in), h (out, in).
    let packed = curvature + state.mean + state.inputMean.map { Scalar($0) } + t + h
    // The ordinary input gradient as backward forms it: dA = dY W_c for wide layers, the sum
    // over outputs for narrow ones.
    let direct = outFeatures <= 8
    let ordinary = dY ?? Tensor(shape: [0])
    let dA = dY == nil || direct ? Tensor<Scalar>(shape: [0]) : outputFeatureGradient(ordinary)
    var dX = Tensor<Scalar>(shape: [batch, inFeatures])
    x.scalars.withUnsafeBufferPointer { x in
      grid.scalars.withUnsafeBufferPointer { knots in
        packed.withUnsafeBufferPointer { packed in
          state.weight.scalars.withUnsafeBufferPointer { weight in
            ordinary.scalars.withUnsafeBufferPointer { ordinary in
              dA.scalars.withUnsafeBufferPointer { dA in
                dX.scalars.withUnsafeMutableBufferPointer { dX in
                  let mean = packed.baseAddress.unsafelyUnwrapped + curvature.count
                  let context = SpreadGradientContext(
                    x: x.baseAddress.unsafelyUnwrapped,
                    grid: knots.baseAddress.unsafelyUnwrapped,
                    curvature: lowRank ? nil : packed.baseAddress, mean: mean,
                    inputMean: mean + state.mean.count,
                    inputTerm: mean + state.mean.count + inFeatures,
                    h: mean + state.mean.count + 2 * inFeatures,
                    weight: weight.baseAddress.unsafelyUnwrapped,
                    dY: dY != nil && direct ? ordinary.baseAddress : nil,
                    dA: dY != nil && !direct ? dA.baseAddress : nil,
                    coefficient: 2 / Scalar(batch - 1))
                  let dX = dX.baseAddress.unsafelyUnwrapped
                  Parallelism.forEachChunk(batch, threads: threads, minimumChunk: 8) { rows in
                    spreadInputGradientRows(rows, dX: dX, context: context)
                  }
                }
              }
            }
          }
        }
      }
    }
    return (value, dX)
  }

  /// `M_i = sum_j h_ji a_ji a_ji^T`, `(in, C, C)`, split over the inputs.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func spreadCurvature(h: [Scalar], weight: Tensor<Scalar>) -> [Scalar] {
    let columns = columnsPerInput
    var curvature = [Scalar](repeating: 0, count: inFeatures * columns * columns)
    h.withUnsafeBufferPointer { h in
      weight.scalars.withUnsafeBufferPointer { w in
        curvature.withUnsafeMutableBufferPointer { m in
          let h = h.baseAddress.unsafelyUnwrapped
          let w = w.baseAddress.unsafelyUnwrapped
          let m = m.baseAddress.unsafelyUnwrapped
          Parallelism.forEachChunk(inFeatures, threads: threads, minimumChunk: 4) { inputs in
            spreadCurvatureChunk(inputs, h: h, weight: w, curvature: m)
          }
        }
      }
    }
    return curvature
  }

  /// `M_i` for the inputs `inputs` (see `spreadCurvature`).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func spreadCurvatureChunk(
    _ inputs: Range<Int>, h: UnsafePointer<Scalar>, weight: UnsafePointer<Scalar>,
    curvature: UnsafeMutablePointer<Scalar>
  ) {
    let columns = columnsPerInput
    for j in 0..<outFeatures {
      for i in inputs {
        let scale = h[j * inFeatures + i]
        if scale == 0 { continue }
        let a = weight + (j * inFeatures + i) * columns
        let m = curvature + i * columns * columns
        for p in 0..<columns {
          let ap = scale * a[p]
          for q in 0..<columns { m[p * columns + q] += ap * a[q] }
        }
      }
    }
  }

  /// Rows `rows` of `lambda dR/dx` (see `accumulateSpreadPenalty`).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func spreadInputGradientRows(
    _ rows: Range<Int>, dX: UnsafeMutablePointer<Scalar>, context: SpreadGradientContext
  ) {
    let columns = columnsPerInput
    withUnsafeTemporaryAllocation(of: Scalar.self, capacity: 3 * columns + splineOrder + 1) {
      buffer in
      let values = buffer.baseAddress.unsafelyUnwrapped
      let slopes = values + columns
      let centred = slopes + columns
      let scratch = centred + columns
      for b in rows {
        for i in 0..<inFeatures {
          let x = context.x[b * inFeatures + i]
          features(
            x, input: i, values: values, derivatives: slopes, scratch: scratch,
            grid: context.grid)
          for c in 0..<columns { centred[c] = values[c] - context.mean[i * columns + c] }
          var total: Scalar = 0
          var plain: Scalar = 0
          if let dA = context.dA {
            let row = dA + (b * inFeatures + i) * columns
            for c in 0..<columns { plain += slopes[c] * row[c] }
          }
          if let curvature = context.curvature {
            let m = curvature + i * columns * columns
            for p in 0..<columns {
              var sum: Scalar = 0
              for q in 0..<columns { sum += m[p * columns + q] * centred[q] }
              total += slopes[p] * sum
            }
          }
          if context.curvature == nil || context.dY != nil {
            for j in 0..<outFeatures {
              let a = context.weight + (j * inFeatures + i) * columns
              var slope: Scalar = 0
              var deviation: Scalar = 0
              for c in 0..<columns {
                slope += slopes[c] * a[c]
                deviation += centred[c] * a[c]
              }
              if context.curvature == nil {
                total += context.h[j * inFeatures + i] * slope * deviation
              }
              if let dY = context.dY { plain += dY[b * outFeatures + j] * slope }
            }
          }
          dX[b * inFeatures + i] =
            plain + context.coefficient * total
            + context.inputTerm[i] * (x - context.inputMean[i])
        }
      }
    }
  }

  /// The read-only inputs of `spreadInputGradientRows`.
  struct SpreadGradientContext {
    /// The layer input, `(batch, in)`.
    var x: UnsafePointer<Scalar>
    /// The knot rows, `(in, G + 2k + 1)`.
    var grid: UnsafePointer<Scalar>
    /// `M`, `(in, C, C)`, or nil to sum over the outputs directly.
    var curvature: UnsafePointer<Scalar>?
    /// Feature means, `(in, C)`.
    var mean: UnsafePointer<Scalar>
    /// `mean_b(x_i)`, `(in)`.
    var inputMean: UnsafePointer<Scalar>
    /// `r_i / ((B - 1) std_b(x_i))`, `(in)`.
    var inputTerm: UnsafePointer<Scalar>
    /// `h`, `(out, in)`.
    var h: UnsafePointer<Scalar>
    /// `W_c`, `(out, in*C)`.
    var weight: UnsafePointer<Scalar>
    /// `dL/dy`, `(batch, out)`, when its input gradient is summed directly (narrow layers).
    var dY: UnsafePointer<Scalar>?
    /// `dL/dA = dY W_c`, `(batch, in*C)`, when its input gradient comes from it (wide layers).
    var dA: UnsafePointer<Scalar>?
    /// `2 / (B - 1)`.
    var coefficient: Scalar
  }
}
