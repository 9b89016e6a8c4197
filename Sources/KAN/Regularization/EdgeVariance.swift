import KANKernels

extension KANLinear {
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
    let spread: [Scalar] = filledArray(count: weight.count) { spread in
      edgeVariances(&variance, spread, covariance, weight)
    }
    return (variance, spread)
  }

  /// `edgeVariances` into arrays it writes in full, inputs split over threads.
  private func edgeVariances(
    _ variance: UnsafeMutablePointer<Scalar>, _ spread: UnsafeMutablePointer<Scalar>,
    _ covariance: UnsafePointer<Scalar>, _ weight: UnsafePointer<Scalar>
  ) {
    let work = outFeatures * columnsPerInput * columnsPerInput
    Parallelism.forEachChunk(inFeatures, threads: threads, minimumChunk: max(1, (1 << 17) / work)) {
      inputs in
      if columnsPerInput < 8 {
        edgeVariancesNarrow(inputs, covariance, weight, variance, spread)
      } else {
        edgeVariancesChunk(
          inputs, covariance: covariance, weight: weight, variance: variance, spread: spread)
      }
    }
  }

  /// `Var` and `u` for the edges of the inputs `inputs` (see `edgeVariances`), `C >= 8`.
  ///
  /// For each input, `Cov_i` is packed into blocks of eight columns, `p = 0, 8, ...`, the last
  /// one ending at `C` (overlapping the one before, whose lanes it repeats exactly and leaves
  /// out of `Var`); then four outputs at a time (the last group repeating its last edge),
  ///
  ///     u_ji[p ..< p + 8] = sum_q a_ji[q] Cov_i[q, p ..< p + 8]     (Cov_i is symmetric)
  ///     Var_ji            = max(a_ji . u_ji, 0)
  ///
  /// `C` column-vector multiply-adds on `SIMD8` per block, each packed row loaded once for
  /// four edges.
  func edgeVariancesChunk(
    _ inputs: Range<Int>, covariance: UnsafePointer<Scalar>, weight: UnsafePointer<Scalar>,
    variance: UnsafeMutablePointer<Scalar>, spread: UnsafeMutablePointer<Scalar>
  ) {
    let columns = columnsPerInput
    let blocks = (columns + 7) / 8
    var fresh = SIMD8<Scalar>(repeating: 1)  // the last block's lanes not in the one before
    for l in 0..<(8 * blocks - columns) { fresh[l] = 0 }
    let packed = UnsafeMutablePointer<Scalar>.allocate(capacity: blocks * columns * 8)
    defer { packed.deallocate() }
    for i in inputs {
      let cov = covariance + i * columns * columns  // Cov_i, (C, C)
      for block in 0..<blocks {  // packed[block, q, :] = Cov_i[q, p ..< p + 8]
        let p = min(8 * block, columns - 8)
        for q in 0..<columns {
          store8(load8(cov + q * columns + p), packed + (block * columns + q) * 8)
        }
      }
      var j = 0
      while j < outFeatures {
        let last = outFeatures - 1
        let edges = (
          j * inFeatures + i, min(j + 1, last) * inFeatures + i,
          min(j + 2, last) * inFeatures + i, min(j + 3, last) * inFeatures + i
        )
        let a = (
          weight + edges.0 * columns, weight + edges.1 * columns, weight + edges.2 * columns,
          weight + edges.3 * columns
        )
        var quadratic = (SIMD8<Scalar>(), SIMD8<Scalar>(), SIMD8<Scalar>(), SIMD8<Scalar>())
        for block in 0..<blocks {
          let p = min(8 * block, columns - 8)
          var sum = (SIMD8<Scalar>(), SIMD8<Scalar>(), SIMD8<Scalar>(), SIMD8<Scalar>())
          var row = packed + block * columns * 8
          for q in 0..<columns {
            let c = load8(row)
            sum.0 = sum.0.addingProduct(SIMD8(repeating: a.0[q]), c)
            sum.1 = sum.1.addingProduct(SIMD8(repeating: a.1[q]), c)
            sum.2 = sum.2.addingProduct(SIMD8(repeating: a.2[q]), c)
            sum.3 = sum.3.addingProduct(SIMD8(repeating: a.3[q]), c)
            row += 8
          }
          store8(sum.0, spread + edges.0 * columns + p)
          store8(sum.1, spread + edges.1 * columns + p)
          store8(sum.2, spread + edges.2 * columns + p)
          store8(sum.3, spread + edges.3 * columns + p)
          let mask = block == blocks - 1 ? fresh : SIMD8(repeating: 1)
          quadratic.0 = quadratic.0.addingProduct(sum.0 * mask, load8(a.0 + p))
          quadratic.1 = quadratic.1.addingProduct(sum.1 * mask, load8(a.1 + p))
          quadratic.2 = quadratic.2.addingProduct(sum.2 * mask, load8(a.2 + p))
          quadratic.3 = quadratic.3.addingProduct(sum.3 * mask, load8(a.3 + p))
        }
        variance[edges.0] = max(horizontalSum(quadratic.0), 0)
        variance[edges.1] = max(horizontalSum(quadratic.1), 0)
        variance[edges.2] = max(horizontalSum(quadratic.2), 0)
        variance[edges.3] = max(horizontalSum(quadratic.3), 0)
        j += 4
      }
    }
  }

  /// `edgeVariancesChunk` for `C < 8`, one entry at a time.
  ///
  ///     u_ji[p] = Cov_i[p, :] . a_ji,   Var_ji = max(a_ji . u_ji, 0)
  private func edgeVariancesNarrow(
    _ inputs: Range<Int>, _ covariance: UnsafePointer<Scalar>, _ weight: UnsafePointer<Scalar>,
    _ variance: UnsafeMutablePointer<Scalar>, _ spread: UnsafeMutablePointer<Scalar>
  ) {
    let columns = columnsPerInput
    for i in inputs {
      let cov = covariance + i * columns * columns  // Cov_i, (C, C)
      for j in 0..<outFeatures {
        let edge = j * inFeatures + i
        let (a, u) = (weight + edge * columns, spread + edge * columns)  // a_ji, u_ji
        var quadratic: Scalar = 0
        for p in 0..<columns {
          var sum: Scalar = 0
          for q in 0..<columns { sum += cov[p * columns + q] * a[q] }
          u[p] = sum
          quadratic += a[p] * sum
        }
        variance[edge] = max(quadratic, 0)
      }
    }
  }
}
