extension KANLinear {
  /// Moves every input's grid to where the samples are and refits the spline weights so that
  /// each edge computes the same function on the samples as before.
  ///
  ///     grid[i, :]     = adaptiveKnots(sorted x[:, i], G, k, margin, gridEps)
  ///     w_s[j, i, :]  <- T_i w_s[j, i, :],   T_i = argmin || B_new(x_i) T - B_old(x_i) ||
  ///
  /// Inputs tied together (see `tie`) are one pool: their knots come from all their samples, so
  /// they stay equal, and their edges are refitted on the pool, so tied edges stay identical.
  /// `w_b` and `s` are unchanged, and so is the base branch; the refit is of the unscaled spline
  /// (see `transferCoefficients`), solved in Double by ridge least squares, which cannot blow up
  /// on clustered samples. It is exact wherever the old spline lies in the new spline space
  /// (for instance a polynomial of degree `<= k` over the samples) and a least-squares
  /// approximation otherwise. Gaussian RBF centres stay uniform, so only their range moves
  /// (`gridEps` is taken as 1); the Chebyshev basis has no grid and is left as it is. The layer
  /// is changed only if every input succeeds, and the cached forward pass is dropped.
  ///
  /// - Parameters:
  ///   - samples: `x`, `(points, in)`, finite.
  ///   - margin: how far the uniform part of the grid reaches beyond the sample range.
  ///   - gridEps: the weight of the uniform grid against the sample quantiles, in `[0, 1]`.
  ///   - keepingDegenerateFeatures: true keeps the grid and weights of inputs with too few
  ///     distinct samples (constant pixels, say) instead of throwing.
  /// - Returns: the inputs whose grid was kept, in increasing order.
  /// - Throws: `KANError.tooFewDistinctSamples` when an input has fewer distinct samples than
  ///   the `n = G + k` bases (unless kept), `.nonFinite` for a NaN or infinite sample,
  ///   `.shapeMismatch` or `.emptyBatch` for a wrong batch, `.invalidArgument` for a margin or
  ///   `gridEps` out of range.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  @discardableResult
  public mutating func updateGrid(
    from samples: Tensor<Scalar>, margin: Double = 0.01, gridEps: Double = 0.02,
    keepingDegenerateFeatures: Bool = false
  ) throws(KANError) -> [Int] {
    try validateInput(samples)
    guard margin.isFinite && margin >= 0 else {
      throw .invalidArgument(name: "margin", value: "\(margin)", expected: "a finite value >= 0")
    }
    guard gridEps >= 0 && gridEps <= 1 else {
      throw .invalidArgument(name: "gridEps", value: "\(gridEps)", expected: "a value in [0, 1]")
    }
    guard basis.usesGrid else { return [] }
    let points = samples.shape[0]
    let n = basisCount
    let knotCount = grid.shape[1]
    var newGrid = grid.scalars  // (in, G + 2k + 1)
    var columns: [[Scalar]] = []  // the samples of each updated input
    var updated: [Int] = []
    var kept: [Int] = []
    let pools = tiedInputGroups()
    for i in 0..<inFeatures {
      let pool = pools.first { $0.contains(i) } ?? [i]  // tied inputs share their samples
      let column = pool.flatMap { p in (0..<points).map { samples.scalars[$0 * inFeatures + p] } }
      let sorted = column.map { Double($0) }.sorted()
      let distinct = zip(sorted.dropFirst(), sorted).reduce(1) { $0 + ($1.0 > $1.1 ? 1 : 0) }
      guard distinct >= n else {
        guard keepingDegenerateFeatures else {
          throw .tooFewDistinctSamples(feature: i, distinct: distinct, needed: n)
        }
        kept.append(i)
        continue
      }
      let knots = adaptiveKnots(
        sorted: sorted, gridSize: gridSize, order: splineOrder, margin: margin,
        gridEps: basis == .gaussianRBF ? 1 : gridEps)
      for m in 0..<knotCount { newGrid[i * knotCount + m] = Scalar(knots[m]) }
      columns.append(column)
      updated.append(i)
    }
    var newWeight = splineWeight.scalars  // (out, in, n)
    for (column, i) in zip(columns, updated) {
      try transferCoefficients(
        newDesign: basisDesign(column, input: i, grid: newGrid),
        oldDesign: basisDesign(column, input: i, grid: grid.scalars), points: column.count,
        input: i,
        from: splineWeight.scalars, into: &newWeight)
    }
    grid.scalars = newGrid
    splineWeight.scalars = newWeight
    saved = nil
    return kept
  }
}

extension KANNetwork {
  /// Updates every layer's grid in turn, feeding each layer the outputs of the updated layer
  /// before it (pykan's `update_grid_from_samples`).
  ///
  ///     x_0 = x;   layer_l.updateGrid(from: x_l);   x_{l+1} = layer_l(x_l)
  ///
  /// The network changes only if every layer succeeds.
  ///
  /// - Parameters:
  ///   - x: the network's input samples, `(points, in)`.
  ///   - margin: see `KANLinear.updateGrid`.
  ///   - gridEps: see `KANLinear.updateGrid`.
  ///   - keepingDegenerateFeatures: see `KANLinear.updateGrid`.
  /// - Returns: for each layer, the inputs whose grid was kept.
  /// - Throws: `KANError` as `KANLinear.updateGrid`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  @discardableResult
  public mutating func updateGrid(
    from x: Tensor<Scalar>, margin: Double = 0.01, gridEps: Double = 0.02,
    keepingDegenerateFeatures: Bool = false
  ) throws(KANError) -> [[Int]] {
    var updated = self
    var activation = x
    var kept: [[Int]] = []
    for l in layers.indices {
      kept.append(
        try updated.layers[l].updateGrid(
          from: activation, margin: margin, gridEps: gridEps,
          keepingDegenerateFeatures: keepingDegenerateFeatures))
      activation = try updated.layers[l](activation)
    }
    self = updated
    return kept
  }
}
