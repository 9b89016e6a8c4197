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
  /// large against the spread. `O(B in C^2)`, vectorised, bands of eight inputs split over
  /// threads (see `bandStatistics`).
  ///
  /// - Parameters:
  ///   - features: `A`, `(batch, in*C)`, with `batch >= 2`.
  ///   - batch: the number of rows of `A`.
  /// - Returns: the means and the covariances, flat.
  func featureStatistics(
    _ features: [Scalar], batch: Int
  ) -> (mean: [Scalar], covariance: [Scalar]) {
    var mean = [Scalar](repeating: 0, count: inFeatures * columnsPerInput)
    var covariance = [Scalar](repeating: 0, count: inFeatures * columnsPerInput * columnsPerInput)
    featureStatistics(&mean, &covariance, features, batch: batch)
    return (mean, covariance)
  }

  /// `featureStatistics` from the layer input instead of `A`: each band's feature rows are
  /// evaluated into scratch, `(batch, 8C)`, so the whole `A` is never stored (the fused path
  /// keeps none).
  ///
  /// - Parameter x: the layer input, `(batch, in)`, `batch >= 2`.
  /// - Returns: the means, `(in, C)`, and the covariances, `(in, C, C)`, flat.
  func featureStatistics(input x: Tensor<Scalar>) -> (mean: [Scalar], covariance: [Scalar]) {
    var mean = [Scalar](repeating: 0, count: inFeatures * columnsPerInput)
    var covariance = [Scalar](repeating: 0, count: inFeatures * columnsPerInput * columnsPerInput)
    let evaluator = FeatureEvaluator(grid: grid, configuration: configuration)
    featureStatistics(&mean, &covariance, x.scalars, batch: x.shape[0], evaluator)
    return (mean, covariance)
  }

  /// `featureStatistics` of `A`, bands split over threads.
  private func featureStatistics(
    _ mean: UnsafeMutablePointer<Scalar>, _ covariance: UnsafeMutablePointer<Scalar>,
    _ a: UnsafePointer<Scalar>, batch: Int
  ) {
    let (columns, width) = (columnsPerInput, inFeatures * columnsPerInput)
    Parallelism.forEachChunk(bandCount, threads: threads, minimumChunk: bandChunk(batch)) {
      bands in
      let scratch = BandScratch<Scalar>(columns: columns, rows: 0)
      for band in bands {
        let inputs = inputs(ofBand: band)
        bandStatistics(
          inputs, rows: a + inputs.lowerBound * columns, stride: width, batch: batch,
          mean: mean, covariance: covariance, scratch)
      }
    }
  }

  /// `featureStatistics` of the input `x`, `(batch, in)`, bands evaluated and split over threads.
  private func featureStatistics(
    _ mean: UnsafeMutablePointer<Scalar>, _ covariance: UnsafeMutablePointer<Scalar>,
    _ x: UnsafePointer<Scalar>, batch: Int, _ evaluator: FeatureEvaluator<Scalar>
  ) {
    let (columns, n, k) = (columnsPerInput, basisCount, evaluator.padding)
    Parallelism.forEachChunk(bandCount, threads: threads, minimumChunk: bandChunk(batch)) {
      bands in
      let scratch = BandScratch<Scalar>(columns: columns, rows: batch)
      let lanes = FeatureLanes<Scalar>(width: evaluator.width)
      for band in bands {
        let inputs = inputs(ofBand: band)
        let span = inputs.count * columns
        for b in 0..<batch {  // rows[b, l*C ..< (l+1)*C] = f(x[b, first + l])
          evaluator.evaluate(
            x + b * inFeatures, inputs: inputs.lowerBound, count: inputs.count, into: lanes,
            derivatives: false)
          for l in 0..<inputs.count {
            lanes.writeFeatureRow(
              lane: l, to: scratch.rows + b * span + l * columns, n: n, padding: k)
          }
        }
        bandStatistics(
          inputs, rows: scratch.rows, stride: span, batch: batch, mean: mean,
          covariance: covariance, scratch)
      }
    }
  }

  /// The number of bands of eight inputs.
  var bandCount: Int { (inFeatures + 7) / 8 }

  /// The inputs of a band: eight, fewer in the last band.
  func inputs(ofBand band: Int) -> Range<Int> { (8 * band)..<min(8 * band + 8, inFeatures) }

  /// The fewest bands worth a thread: about 2^18 multiply-adds of centred products.
  func bandChunk(_ batch: Int) -> Int {
    max(1, (1 << 18) / max(1, batch * 8 * columnsPerInput * columnsPerInput))
  }

  /// The mean and covariance of the inputs `inputs` (one band, at most eight) from their rows.
  ///
  ///     F[b, t]     = rows[b * stride + t],   t < T = |inputs| C       the band's columns of A
  ///     mean[t]     = (1 / B) sum_b F[b, t]
  ///     D[b, t]     = F[b, t] - mean[t]                   centred, 32 samples at a time
  ///     P[delta, t] = sum_b D[b, t] D[b, t + delta]       delta < C, t in tiles of eight
  ///     Cov_i[p, q] = P[q - p, (i - first) C + p] / (B - 1),   q >= p
  ///
  /// Each tile of `P` sums its rows in a `SIMD8` register, four tiles at a time, over
  /// contiguous memory. Products that straddle two inputs, or reach past `T` (into zeros or an
  /// earlier band's centred values), are computed and never read. The centred block and `P`
  /// stay in the L1 cache.
  func bandStatistics(
    _ inputs: Range<Int>, rows: UnsafePointer<Scalar>, stride: Int, batch: Int,
    mean: UnsafeMutablePointer<Scalar>, covariance: UnsafeMutablePointer<Scalar>,
    _ scratch: BandScratch<Scalar>
  ) {
    let columns = columnsPerInput
    let span = inputs.count * columns
    let tiles = (span + 7) / 8
    let average = mean + inputs.lowerBound * columns  // mean[first*C ..< first*C + T]
    average.update(repeating: 0, count: span)
    for b in 0..<batch {
      let row = rows + b * stride
      for t in 0..<span { average[t] += row[t] }
    }
    for t in 0..<span { average[t] /= Scalar(batch) }
    let (centred, products, width) = (scratch.centred, scratch.products, scratch.width)
    products.update(repeating: 0, count: columns * tiles * 8)  // P, (C, 8 tiles)
    var start = 0
    while start < batch {
      let count = min(BandScratch<Scalar>.blockRows, batch - start)
      for r in 0..<count {
        let (d, row) = (centred + r * width, rows + (start + r) * stride)
        for t in 0..<span { d[t] = row[t] - average[t] }
      }
      for delta in 0..<columns {
        var tile = 0
        while tile < tiles {
          let group = tiles - tile >= 4 ? 4 : 1
          shiftedProducts(
            products + delta * tiles * 8 + 8 * tile, centred + 8 * tile, width: width, rows: count,
            delta: delta, tiles: group)
          tile += group
        }
      }
      start += count
    }
    let bessel = 1 / Scalar(batch - 1)
    for i in inputs {
      let block = covariance + i * columns * columns  // Cov_i
      for p in 0..<columns {
        var source = products + (i - inputs.lowerBound) * columns + p  // P[0, local + p]
        for q in p..<columns {
          let value = source.pointee * bessel
          block[p * columns + q] = value
          block[q * columns + p] = value
          source += tiles * 8
        }
      }
    }
  }

  /// `P[delta, tile + g] += sum_r D[r, tile + g] D[r, tile + g + delta]` for `g < tiles`
  /// (`tiles` is 4 or 1), one `SIMD8` register per tile.
  ///
  /// (Grouping tiles rather than shifts keeps the loads of a row apart: overlapping ones, at
  /// `delta`, `delta + 1`, ..., are rebuilt by the compiler from shuffles, several times slower.)
  ///
  /// - Parameters:
  ///   - target: `P[delta, tile]`.
  ///   - d: `D[0, tile]`.
  ///   - width: the distance between rows of `D`.
  ///   - rows: the rows to add.
  ///   - delta: the shift.
  ///   - tiles: 4 or 1.
  @inline(__always)
  private func shiftedProducts(
    _ target: UnsafeMutablePointer<Scalar>, _ d: UnsafePointer<Scalar>, width: Int, rows: Int,
    delta: Int, tiles: Int
  ) {
    var row = d
    if tiles == 4 {
      var (s0, s1) = (load8(target), load8(target + 8))
      var (s2, s3) = (load8(target + 16), load8(target + 24))
      for _ in 0..<rows {
        let shifted = row + delta
        s0 = s0.addingProduct(load8(row), load8(shifted))
        s1 = s1.addingProduct(load8(row + 8), load8(shifted + 8))
        s2 = s2.addingProduct(load8(row + 16), load8(shifted + 16))
        s3 = s3.addingProduct(load8(row + 24), load8(shifted + 24))
        row += width
      }
      store8(s0, target)
      store8(s1, target + 8)
      store8(s2, target + 16)
      store8(s3, target + 24)
    } else {
      var sum = load8(target)
      for _ in 0..<rows {
        sum = sum.addingProduct(load8(row), load8(row + delta))
        row += width
      }
      store8(sum, target)
    }
  }
}

/// Per-thread scratch of `bandStatistics`: the centred block, `P`, and the evaluated rows of a
/// band when there is no `A`.
final class BandScratch<Scalar: KANScalar> {
  /// The samples centred at a time.
  static var blockRows: Int { 32 }
  /// `D`, `(blockRows, width)`.
  let centred: UnsafeMutablePointer<Scalar>
  /// `P`, `(C, 8C)` at most.
  let products: UnsafeMutablePointer<Scalar>
  /// Evaluated feature rows, `(rows, 8C)`.
  let rows: UnsafeMutablePointer<Scalar>
  /// A row of `D`: `8C`, and `C + 7` more for the shifted reads of the last tile (zeros, or
  /// an earlier band's values: they reach only products that are never read).
  let width: Int
  /// Everything allocated.
  private let count: Int

  /// Scratch for bands of `C = columns` feature columns and `rows` evaluated samples.
  init(columns: Int, rows: Int) {
    width = 9 * columns + 7
    let sizes = [Self.blockRows * width, columns * 8 * columns, rows * 8 * columns]
    count = sizes.reduce(0, +)
    centred = .allocate(capacity: count)
    centred.initialize(repeating: 0, count: count)
    products = centred + sizes[0]
    self.rows = products + sizes[1]
  }

  deinit {
    centred.deallocate()
  }
}
