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
  /// large against the spread. `O(B in C^2)`, vectorised, split over the inputs.
  ///
  /// - Parameters:
  ///   - features: `A`, `(batch, in*C)`, with `batch >= 2`.
  ///   - batch: the number of rows of `A`.
  /// - Returns: the means and the covariances, flat.
  func featureStatistics(
    _ features: [Scalar], batch: Int
  ) -> (mean: [Scalar], covariance: [Scalar]) {
    let columns = columnsPerInput
    var mean = [Scalar](repeating: 0, count: inFeatures * columns)
    var covariance = [Scalar](repeating: 0, count: inFeatures * columns * columns)
    featureStatistics(&mean, &covariance, features, batch: batch)
    return (mean, covariance)
  }

  /// `featureStatistics` into zeroed arrays, inputs split over threads.
  private func featureStatistics(
    _ mean: UnsafeMutablePointer<Scalar>, _ covariance: UnsafeMutablePointer<Scalar>,
    _ a: UnsafePointer<Scalar>, batch: Int
  ) {
    Parallelism.forEachChunk(inFeatures, threads: threads, minimumChunk: 4) { inputs in
      featureStatisticsChunk(inputs, features: a, batch: batch, mean: mean, covariance: covariance)
    }
  }

  /// The means and covariances of the inputs `inputs` (see `featureStatistics`).
  ///
  /// The centred products are accumulated along the diagonals of the chunk's row segment,
  ///
  ///     P[delta, t] = sum_b d[b, t] d[b, t + delta],     delta = 0 ... C - 1
  ///     Cov_i[p, q] = P[q - p, (i - first) C + p] / (B - 1),   q >= p
  ///
  /// so the inner loop runs over contiguous memory and vectorises; products that straddle two
  /// inputs are computed and never read.
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
      for t in 0..<span { mean[first + t] += row[t] }
    }
    for t in 0..<span { mean[first + t] /= Scalar(batch) }
    withUnsafeTemporaryAllocation(of: Scalar.self, capacity: (1 + columns) * span) { buffer in
      let centred = buffer.baseAddress.unsafelyUnwrapped  // (span)
      let products = centred + span  // P, (C, span)
      products.initialize(repeating: 0, count: columns * span)
      for b in 0..<batch {
        let row = a + b * width + first
        for t in 0..<span { centred[t] = row[t] - mean[first + t] }
        for delta in 0..<columns {
          let target = products + delta * span
          let shifted = centred + delta
          for t in 0..<(span - delta) { target[t] += centred[t] * shifted[t] }
        }
      }
      let bessel = 1 / Scalar(batch - 1)
      for i in inputs {
        let local = (i - inputs.lowerBound) * columns
        let block = covariance + i * columns * columns
        for p in 0..<columns {
          for q in p..<columns {
            let value = products[(q - p) * span + local + p] * bessel
            block[p * columns + q] = value
            block[q * columns + p] = value
          }
        }
      }
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
  func edgeVariances(
    covariance: [Scalar], weight: [Scalar]
  ) -> (variance: [Scalar], spread: [Scalar]) {
    var variance = [Scalar](repeating: 0, count: outFeatures * inFeatures)
    var spread = [Scalar](repeating: 0, count: weight.count)
    edgeVariances(&variance, &spread, covariance, weight)
    return (variance, spread)
  }

  /// `edgeVariances` into zeroed arrays, inputs split over threads.
  private func edgeVariances(
    _ variance: UnsafeMutablePointer<Scalar>, _ spread: UnsafeMutablePointer<Scalar>,
    _ covariance: UnsafePointer<Scalar>, _ weight: UnsafePointer<Scalar>
  ) {
    Parallelism.forEachChunk(inFeatures, threads: threads, minimumChunk: 4) { inputs in
      edgeVariancesChunk(
        inputs, covariance: covariance, weight: weight, variance: variance, spread: spread)
    }
  }

  /// `Var` and `u` for the inputs `inputs` (see `edgeVariances`).
  ///
  /// One input at a time, with the outputs innermost so the loops vectorise:
  ///
  ///     A_i[c, j] = a_ji[c]                      gathered, (C, out)
  ///     U_i[p, j] = sum_q Cov_i[p, q] A_i[q, j]  then u_ji = U_i[:, j], Var_ji = A_i[:, j] . U_i[:, j]
  func edgeVariancesChunk(
    _ inputs: Range<Int>, covariance: UnsafePointer<Scalar>, weight: UnsafePointer<Scalar>,
    variance: UnsafeMutablePointer<Scalar>, spread: UnsafeMutablePointer<Scalar>
  ) {
    let columns = columnsPerInput
    let outputs = outFeatures
    withUnsafeTemporaryAllocation(of: Scalar.self, capacity: 2 * columns * outputs + outputs) {
      buffer in
      let gathered = buffer.baseAddress.unsafelyUnwrapped  // A_i, (C, out)
      let product = gathered + columns * outputs  // U_i, (C, out)
      let quadratic = product + columns * outputs  // Var_:i, (out)
      for i in inputs {
        for j in 0..<outputs {
          let a = weight + (j * inFeatures + i) * columns
          for c in 0..<columns { gathered[c * outputs + j] = a[c] }
        }
        product.update(repeating: 0, count: columns * outputs)
        quadratic.update(repeating: 0, count: outputs)
        let cov = covariance + i * columns * columns
        for p in 0..<columns {
          let row = product + p * outputs
          for q in 0..<columns {
            let entry = cov[p * columns + q]
            let source = gathered + q * outputs
            for j in 0..<outputs { row[j] += entry * source[j] }
          }
          let a = gathered + p * outputs
          for j in 0..<outputs { quadratic[j] += a[j] * row[j] }
        }
        for j in 0..<outputs {
          let u = spread + (j * inFeatures + i) * columns
          for c in 0..<columns { u[c] = product[c * outputs + j] }
          variance[j * inFeatures + i] = max(quadratic[j], 0)
        }
      }
    }
  }
}
