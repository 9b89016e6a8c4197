import KANKernels

extension KANLinear {
  /// The per-input mean and covariance of the feature rows over a batch, Bessel-corrected as
  /// `torch.std` is.
  ///
  ///     f_ib   = A[b, i*C ..< (i+1)*C]                              (C = 1 + n features)
  ///     mean_i = (1 / B) sum_b f_ib                                  mean is (in, C)
  ///     Cov_i  = (1 / (B - 1)) sum_b (f_ib - mean_i)(f_ib - mean_i)^T  Cov is (in, C, C)
  ///
  /// Two passes (mean, then centred products), so Float keeps its precision when the mean is
  /// large against the spread. `O(B in C^2)`, split over the inputs.
  ///
  /// - Parameter features: `A`, `(batch, in*C)`, with `batch >= 2`.
  /// - Returns: the means and the covariances, flat.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func featureStatistics(_ features: Tensor<Scalar>) -> (mean: [Scalar], covariance: [Scalar]) {
    let columns = columnsPerInput
    var mean = [Scalar](repeating: 0, count: inFeatures * columns)
    var covariance = [Scalar](repeating: 0, count: inFeatures * columns * columns)
    features.scalars.withUnsafeBufferPointer { a in
      mean.withUnsafeMutableBufferPointer { mean in
        covariance.withUnsafeMutableBufferPointer { covariance in
          let a = a.baseAddress.unsafelyUnwrapped
          let mean = mean.baseAddress.unsafelyUnwrapped
          let covariance = covariance.baseAddress.unsafelyUnwrapped
          Parallelism.forEachChunk(inFeatures, threads: threads, minimumChunk: 4) { inputs in
            featureStatisticsChunk(
              inputs, features: a, batch: features.shape[0], mean: mean, covariance: covariance)
          }
        }
      }
    }
    return (mean, covariance)
  }

  /// The means and covariances of the inputs `inputs` (see `featureStatistics`).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func featureStatisticsChunk(
    _ inputs: Range<Int>, features a: UnsafePointer<Scalar>, batch: Int,
    mean: UnsafeMutablePointer<Scalar>, covariance: UnsafeMutablePointer<Scalar>
  ) {
    let columns = columnsPerInput
    let width = inFeatures * columns
    let first = inputs.lowerBound * columns
    let span = inputs.count * columns
    for b in 0..<batch {
      let row = a + b * width + first
      for c in 0..<span { mean[first + c] += row[c] }
    }
    for c in 0..<span { mean[first + c] /= Scalar(batch) }
    withUnsafeTemporaryAllocation(of: Scalar.self, capacity: columns) { buffer in
      let centred = buffer.baseAddress.unsafelyUnwrapped
      for b in 0..<batch {
        for i in inputs {
          let row = a + b * width + i * columns
          let mu = mean + i * columns
          let sum = covariance + i * columns * columns
          for p in 0..<columns { centred[p] = row[p] - mu[p] }
          for p in 0..<columns {
            let scale = centred[p]
            for q in 0..<columns { sum[p * columns + q] += scale * centred[q] }
          }
        }
      }
    }
    let bessel = 1 / Scalar(batch - 1)
    let square = columns * columns
    for index in (inputs.lowerBound * square)..<(inputs.upperBound * square) {
      covariance[index] *= bessel
    }
  }

  /// The variance of every edge's output over the batch, and `Cov_i a_ji`, from the feature
  /// covariances.
  ///
  ///     a_ji   = W_c[j, i*C ..< (i+1)*C]                 (the edge's feature weights)
  ///     u_ji   = Cov_i a_ji                              u is (out, in*C), like W_c
  ///     Var_ji = a_ji^T u_ji = Var_b(phi_ji(x_bi))       Var is (out, in)
  ///
  /// - Parameters:
  ///   - covariance: `Cov`, `(in, C, C)`.
  ///   - weight: `W_c`, `(out, in*C)`.
  /// - Returns: `Var` and `u`, flat.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func edgeVariances(
    covariance: [Scalar], weight: Tensor<Scalar>
  ) -> (variance: [Scalar], spread: [Scalar]) {
    var variance = [Scalar](repeating: 0, count: outFeatures * inFeatures)
    var spread = [Scalar](repeating: 0, count: weight.count)
    covariance.withUnsafeBufferPointer { cov in
      weight.scalars.withUnsafeBufferPointer { w in
        variance.withUnsafeMutableBufferPointer { variance in
          spread.withUnsafeMutableBufferPointer { spread in
            let cov = cov.baseAddress.unsafelyUnwrapped
            let w = w.baseAddress.unsafelyUnwrapped
            let variance = variance.baseAddress.unsafelyUnwrapped
            let spread = spread.baseAddress.unsafelyUnwrapped
            Parallelism.forEachChunk(outFeatures, threads: threads, minimumChunk: 2) { outputs in
              edgeVariancesChunk(
                outputs, covariance: cov, weight: w, variance: variance, spread: spread)
            }
          }
        }
      }
    }
    return (variance, spread)
  }

  /// `Var` and `u` for the outputs `outputs` (see `edgeVariances`).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func edgeVariancesChunk(
    _ outputs: Range<Int>, covariance: UnsafePointer<Scalar>, weight: UnsafePointer<Scalar>,
    variance: UnsafeMutablePointer<Scalar>, spread: UnsafeMutablePointer<Scalar>
  ) {
    let columns = columnsPerInput
    for j in outputs {
      for i in 0..<inFeatures {
        let a = weight + (j * inFeatures + i) * columns
        let u = spread + (j * inFeatures + i) * columns
        let cov = covariance + i * columns * columns
        var quadratic: Scalar = 0
        for p in 0..<columns {
          var sum: Scalar = 0
          for q in 0..<columns { sum += cov[p * columns + q] * a[q] }
          u[p] = sum
          quadratic += a[p] * sum
        }
        variance[j * inFeatures + i] = max(quadratic, 0)
      }
    }
  }

  /// Adds a gradient with respect to `W_c` to the three parameter gradients.
  ///
  ///     dw_b[j, i]    += g[j, i*C]
  ///     dw_s[j, i, m] += g[j, i*C + 1 + m] s[j, i]
  ///     ds[j, i]      += sum_m g[j, i*C + 1 + m] w_s[j, i, m]        (standalone scale only)
  ///
  /// - Parameter g: `dR/dW_c`, `(out, in*C)`, flat.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  mutating func addCombinedWeightGradient(_ g: [Scalar]) {
    let n = basisCount
    let columns = columnsPerInput
    for edge in 0..<(outFeatures * inFeatures) {
      let row = edge * columns
      baseWeightGradient.scalars[edge] += g[row]
      let scale = splineScaler.scalars[edge]
      var scaleGradient: Scalar = 0
      for m in 0..<n {
        splineWeightGradient.scalars[edge * n + m] += g[row + 1 + m] * scale
        scaleGradient += g[row + 1 + m] * splineWeight.scalars[edge * n + m]
      }
      if standaloneSplineScaler { splineScalerGradient.scalars[edge] += scaleGradient }
    }
  }
}
