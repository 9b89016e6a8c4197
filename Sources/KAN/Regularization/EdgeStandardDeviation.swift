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
  func spreadScores(input x: Tensor<Scalar>, features: [Scalar]) -> SpreadScores {
    spreadScores(input: x, statistics: featureStatistics(features, batch: x.shape[0]))
  }

  /// `spreadScores` from the layer input alone, its features evaluated a band of eight inputs
  /// at a time (`featureStatistics(input:)`), never the whole `A`.
  ///
  /// - Parameter x: the layer input, `(batch, in)`, `batch >= 2`.
  /// - Returns: the scores and what their gradient needs.
  func spreadScores(input x: Tensor<Scalar>) -> SpreadScores {
    spreadScores(input: x, statistics: featureStatistics(input: x))
  }

  /// `spreadScores` from the feature means and covariances.
  private func spreadScores(
    input x: Tensor<Scalar>, statistics: (mean: [Scalar], covariance: [Scalar])
  ) -> SpreadScores {
    let (batch, inputs) = (x.shape[0], inFeatures)
    let weight = combinedWeight(.product(self))
    let (variance, spread) = edgeVariances(covariance: statistics.covariance, weight: weight)
    var inputMean = [Double](repeating: 0, count: inputs)
    var inputSpread = [Double](repeating: 0, count: inputs)
    for b in 0..<batch {
      for i in 0..<inputs { inputMean[i] += Double(x.scalars[b * inputs + i]) }
    }
    for i in 0..<inputs { inputMean[i] /= Double(batch) }
    for b in 0..<batch {
      for i in 0..<inputs {
        let centred = Double(x.scalars[b * inputs + i]) - inputMean[i]
        inputSpread[i] += centred * centred
      }
    }
    for i in 0..<inputs { inputSpread[i] = (inputSpread[i] / Double(batch - 1)).squareRoot() }
    let edgeSpread = variance.map { Double($0).squareRoot() }
    let inverse = inputSpread.map { 1 / ($0 + 0.1) }
    var scores = Tensor<Double>(shape: [outFeatures, inputs])
    for j in 0..<outFeatures {
      for i in 0..<inputs {
        scores.scalars[j * inputs + i] = edgeSpread[j * inputs + i] * inverse[i]
      }
    }
    return SpreadScores(
      mean: statistics.mean, weight: weight, spread: spread, edgeSpread: edgeSpread,
      inputMean: inputMean, inputSpread: inputSpread, scores: scores)
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
  ///
  /// The covariance term's gradient flows back through the feature rows `f_ib`, hence the
  /// feature derivatives `f'`; a zero spread (constant edge or input) is the kink of `sqrt` and
  /// gets a zero gradient.
  ///
  /// - Parameters:
  ///   - regularization: the weights.
  ///   - x: the layer input, `(batch, in)`.
  ///   - features: its feature matrix, or nil to evaluate the features band by band.
  ///   - needsInputGradient: whether to compute `lambda dR/dx`.
  /// - Returns: `R` (without `lambda`) and `lambda dR/dx`, `(batch, in)`, when asked for.
  mutating func accumulateSpreadPenalty(
    _ regularization: SparsityRegularization, input x: Tensor<Scalar>, features: [Scalar]?,
    needsInputGradient: Bool
  ) -> (value: Double, inputGradient: Tensor<Scalar>?) {
    let (batch, inputs) = (x.shape[0], inFeatures)
    let state = features.map { spreadScores(input: x, features: $0) } ?? spreadScores(input: x)
    let (value, dRdv) = sparsityPenalty(
      scores: state.scores, lambdaL1: regularization.lambdaL1,
      lambdaEntropy: regularization.lambdaEntropy)
    var h = [Scalar](repeating: 0, count: outFeatures * inputs)  // (out, in)
    var r = [Double](repeating: 0, count: inputs)  // (in)
    let inverse = state.inputSpread.map { 1 / ($0 + 0.1) }  // 1 / (std_b(x_i) + 0.1)
    Self.spreadSlopes(
      &h, &r, dRdv.scalars, state.edgeSpread, inverse, lambda: regularization.lambda,
      outputs: outFeatures, inputs: inputs)
    addSpreadGradient(h: h, spread: state.spread)
    guard needsInputGradient else { return (value, nil) }
    var dX = Tensor<Scalar>(shape: [batch, inputs])
    spreadInputGradient(&dX.scalars, x, h: h, state)
    var t = [Double](repeating: 0, count: inputs)  // r_i / ((B - 1) std_b(x_i)), (in)
    for i in 0..<inputs where state.inputSpread[i] > 0 {
      t[i] = r[i] / (Double(batch - 1) * state.inputSpread[i])
    }
    for b in 0..<batch {
      for i in 0..<inputs {
        let centred = Double(x.scalars[b * inputs + i]) - state.inputMean[i]
        dX.scalars[b * inputs + i] += Scalar(t[i] * centred)
      }
    }
    return (value, dX)
  }

  /// `h` and `r` of `accumulateSpreadPenalty` from `dR/dv`, one division per edge.
  ///
  ///     g_ji = lambda dR/dv_ji / (std_b(x_i) + 0.1)
  ///     h_ji = g_ji / (2 std_b(phi_ji))                (0 where std_b(phi_ji) = 0)
  ///     r_i  = -sum_j g_ji std_b(phi_ji) / (std_b(x_i) + 0.1)
  private static func spreadSlopes(
    _ h: UnsafeMutablePointer<Scalar>, _ r: UnsafeMutablePointer<Double>,
    _ dRdv: UnsafePointer<Double>, _ edgeSpread: UnsafePointer<Double>,
    _ inverse: UnsafePointer<Double>, lambda: Double, outputs: Int, inputs: Int
  ) {
    for j in 0..<outputs {
      let (slope, spread, row) = (dRdv + j * inputs, edgeSpread + j * inputs, h + j * inputs)
      for i in 0..<inputs {
        let g = lambda * slope[i] * inverse[i]
        row[i] = spread[i] > 0 ? Scalar(0.5 * g / spread[i]) : 0
        r[i] -= g * spread[i] * inverse[i]
      }
    }
  }

  /// Adds `dR/dW_c = 2 h_ji u_ji` to the parameter gradients, without forming it.
  ///
  /// Through `W_c = [w_b, s w_s]`:
  ///
  ///     dL/dw_b[j, i]    += 2 h_ji u_ji[0]
  ///     dL/dw_s[j, i, m] += 2 h_ji u_ji[1 + m] s[j, i]
  ///     dL/ds[j, i]      += 2 h_ji sum_m u_ji[1 + m] w_s[j, i, m]       (standalone scaler)
  ///
  /// - Parameters:
  ///   - h: `h`, `(out, in)`.
  ///   - spread: `u`, `(out, in*C)`.
  mutating func addSpreadGradient(h: [Scalar], spread: [Scalar]) {
    let (spline, scaler) = (splineWeight.scalars, splineScaler.scalars)
    Self.addSpreadGradient(
      &baseWeightGradient.scalars, &splineWeightGradient.scalars, &splineScalerGradient.scalars,
      h, spread, spline, scaler, standalone: standaloneSplineScaler, inputs: inFeatures,
      outputs: outFeatures, n: basisCount, threads: threads)
  }

  /// The loop of `addSpreadGradient`, outputs split over threads, the bases eight at a time.
  private static func addSpreadGradient(
    _ dBase: UnsafeMutablePointer<Scalar>, _ dSpline: UnsafeMutablePointer<Scalar>,
    _ dScaler: UnsafeMutablePointer<Scalar>, _ h: UnsafePointer<Scalar>,
    _ spread: UnsafePointer<Scalar>, _ spline: UnsafePointer<Scalar>,
    _ scaler: UnsafePointer<Scalar>, standalone: Bool, inputs: Int, outputs: Int, n: Int,
    threads: Int
  ) {
    let vectorBases = n / 8 * 8
    let rowsPerChunk = max(1, 16384 / (inputs * n))
    Parallelism.forEachChunk(outputs, threads: threads, minimumChunk: rowsPerChunk) { rows in
      let edges = (rows.lowerBound * inputs)..<(rows.upperBound * inputs)  // rows j, every i
      var u = spread + edges.lowerBound * (1 + n)  // u_ji
      var (w, dw) = (spline + edges.lowerBound * n, dSpline + edges.lowerBound * n)  // w_s[j, i, :]
      for edge in edges {
        let g = 2 * h[edge]
        let gs = g * scaler[edge]
        dBase[edge] += g * u[0]
        var scale = SIMD8<Scalar>()  // sum_m u_ji[1 + m] w_s[j, i, m], eight at a time
        var m = 0
        while m < vectorBases {
          let slope = load8(u + 1 + m)
          store8(load8(dw + m).addingProduct(gs, slope), dw + m)
          scale = scale.addingProduct(slope, load8(w + m))
          m += 8
        }
        var scaleSum = horizontalSum(scale)
        while m < n {
          dw[m] += gs * u[1 + m]
          scaleSum += u[1 + m] * w[m]
          m += 1
        }
        if standalone { dScaler[edge] += g * scaleSum }
        u += 1 + n
        w += n
        dw += n
      }
    }
  }

  /// Writes the covariance term of `lambda dR/dx` (see `accumulateSpreadPenalty`).
  ///
  /// Bands of eight inputs are split over threads; only the non-zero features `S` of a sample
  /// (the base column and the basis window) enter:
  ///
  ///     f'^T M_i (f - mean_i) = sum_{p in S} f'_p (sum_{q in S} M_i[p, q] f_q - (M_i mean_i)[p])
  ///
  /// With few outputs (`2 out < C`) the sum over `j` is cheaper than `M`:
  ///
  ///     f'^T M_i (f - mean_i) = sum_j h_ji (a_ji . f')(a_ji . f - a_ji . mean_i)
  private func spreadInputGradient(
    _ dX: inout [Scalar], _ x: Tensor<Scalar>, h: [Scalar], _ state: SpreadScores
  ) {
    let coefficient = 2 / Scalar(x.shape[0] - 1)
    if 2 * outFeatures < columnsPerInput {
      let centre = edgeMeans(weight: state.weight, mean: state.mean)
      lowRankInputGradient(&dX, x.scalars, batch: x.shape[0], coefficient, h, state.weight, centre)
    } else {
      let curvature = spreadCurvature(h: h, weight: state.weight)
      let centre = curvatureMeans(curvature, mean: state.mean)
      curvatureInputGradient(&dX, x.scalars, batch: x.shape[0], coefficient, curvature, centre)
    }
  }

  /// `a_ji . mean_i`, the mean of every edge's output, `(out, in)`.
  private func edgeMeans(weight: [Scalar], mean: [Scalar]) -> [Scalar] {
    let columns = columnsPerInput
    var centre = [Scalar](repeating: 0, count: outFeatures * inFeatures)
    for j in 0..<outFeatures {
      for i in 0..<inFeatures {
        for c in 0..<columns {
          centre[j * inFeatures + i] +=
            weight[(j * inFeatures + i) * columns + c] * mean[i * columns + c]
        }
      }
    }
    return centre
  }

  /// `M_i = sum_j h_ji a_ji a_ji^T`, `(in, C, C)`.
  func spreadCurvature(h: [Scalar], weight: [Scalar]) -> [Scalar] {
    var curvature = [Scalar](repeating: 0, count: inFeatures * columnsPerInput * columnsPerInput)
    spreadCurvature(&curvature, h, weight)
    return curvature
  }

  /// The loop of `spreadCurvature`.
  private func spreadCurvature(
    _ curvature: UnsafeMutablePointer<Scalar>, _ h: UnsafePointer<Scalar>,
    _ weight: UnsafePointer<Scalar>
  ) {
    let columns = columnsPerInput
    for j in 0..<outFeatures {
      for i in 0..<inFeatures where h[j * inFeatures + i] != 0 {
        let a = weight + (j * inFeatures + i) * columns  // a_ji
        var row = curvature + i * columns * columns  // M_i[p, :]
        for p in 0..<columns {
          let scaled = h[j * inFeatures + i] * a[p]
          for q in 0..<columns { row[q] += scaled * a[q] }
          row += columns
        }
      }
    }
  }

  /// `M_i mean_i`, `(in, C)`.
  private func curvatureMeans(_ curvature: [Scalar], mean: [Scalar]) -> [Scalar] {
    let columns = columnsPerInput
    var centre = [Scalar](repeating: 0, count: inFeatures * columns)
    for i in 0..<inFeatures {
      for p in 0..<columns {
        for q in 0..<columns {
          centre[i * columns + p] +=
            curvature[(i * columns + p) * columns + q] * mean[i * columns + q]
        }
      }
    }
    return centre
  }

  /// `dX[b, i] = coefficient f'^T M_i (f - mean_i)` over `S` (see `spreadInputGradient`).
  private func curvatureInputGradient(
    _ dX: UnsafeMutablePointer<Scalar>, _ x: UnsafePointer<Scalar>, batch: Int,
    _ coefficient: Scalar, _ curvature: UnsafePointer<Scalar>, _ centre: UnsafePointer<Scalar>
  ) {
    let columns = columnsPerInput
    forEachBandSample(x, batch: batch) { b, first, l, lanes, window in
      let i = first + l
      let m = curvature + i * columns * columns  // M_i
      let (base, values, column) = (lanes.base[l], lanes.values + l, window.column)
      /// `(M_i f)[p] - (M_i mean_i)[p]`.
      func row(_ p: Int) -> Scalar {
        let entries = m + p * columns  // M_i[p, :]
        var sum = entries[0] * base - centre[i * columns + p]
        for r in window.entries { sum += entries[column + r] * values[8 * r] }
        return sum
      }
      var total = lanes.baseSlope[l] * row(0)
      for r in window.entries { total += lanes.slopes[8 * r + l] * row(column + r) }
      dX[b * inFeatures + i] = coefficient * total
    }
  }

  /// `dX[b, i] = coefficient sum_j h_ji (a_ji . f')(a_ji . f - a_ji . mean_i)` over `S` (see
  /// `spreadInputGradient`).
  private func lowRankInputGradient(
    _ dX: UnsafeMutablePointer<Scalar>, _ x: UnsafePointer<Scalar>, batch: Int,
    _ coefficient: Scalar, _ h: UnsafePointer<Scalar>, _ weight: UnsafePointer<Scalar>,
    _ centre: UnsafePointer<Scalar>
  ) {
    let (columns, stride) = (columnsPerInput, inFeatures * columnsPerInput)
    forEachBandSample(x, batch: batch) { b, first, l, lanes, window in
      let i = first + l
      let (values, slopes, column) = (lanes.values + l, lanes.slopes + l, window.column)
      var a = weight + i * columns  // a_0i, then a_ji for the next j
      var total: Scalar = 0
      for j in 0..<outFeatures {
        var slope = a[0] * lanes.baseSlope[l]  // a_ji . f'
        var value = a[0] * lanes.base[l]  // a_ji . f
        for r in window.entries {
          slope += a[column + r] * slopes[8 * r]
          value += a[column + r] * values[8 * r]
        }
        total += h[j * inFeatures + i] * slope * (value - centre[j * inFeatures + i])
        a += stride
      }
      dX[b * inFeatures + i] = coefficient * total
    }
  }

  /// Runs `body(b, first, l, lanes, window)` for every sample `b` and input `i = first + l`,
  /// with the features and derivatives of `i`'s band (inputs `first ..< first + 8`) evaluated
  /// into `lanes` and `i`'s window as `FeatureLanes.window` gives it; bands split over
  /// threads, so each `(b, i)` is one thread's.
  @inline(__always)
  private func forEachBandSample(
    _ x: UnsafePointer<Scalar>, batch: Int,
    _ body: (Int, Int, Int, FeatureLanes<Scalar>, (entries: Range<Int>, column: Int)) -> Void
  ) {
    let evaluator = FeatureEvaluator(grid: grid, configuration: configuration)
    let (n, k) = (basisCount, evaluator.padding)
    let work = max(1, batch * 8 * (outFeatures + columnsPerInput) * evaluator.width)
    Parallelism.forEachChunk(bandCount, threads: threads, minimumChunk: max(1, (1 << 16) / work)) {
      bands in
      let lanes = FeatureLanes<Scalar>(width: evaluator.width)
      for band in bands {
        let inputs = inputs(ofBand: band)
        for b in 0..<batch {
          evaluator.evaluate(
            x + b * inFeatures, inputs: inputs.lowerBound, count: inputs.count, into: lanes,
            derivatives: true)
          for l in 0..<inputs.count {
            body(b, inputs.lowerBound, l, lanes, lanes.window(lane: l, n: n, padding: k))
          }
        }
      }
    }
  }
}
