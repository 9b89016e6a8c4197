import KANKernels

extension KANLinear {
  /// The feature row of one input value: the base activation and the `n` bases.
  ///
  ///     features(x_i) = [ b(x_i), B_0(x_i), ..., B_{n-1}(x_i) ]      (C = 1 + n values)
  ///
  /// so that `phi_ji(x_i) = features(x_i) . W_c[j, i, :]` with
  /// `W_c[j, i, :] = [ w_b[j, i], w_s[j, i, 0] s[j, i], ..., w_s[j, i, n-1] s[j, i] ]`.
  /// The bases come from `basis`; outside the grid range `outOfGridPolicy` applies.
  ///
  /// - Parameters:
  ///   - x: the input value of feature `i`.
  ///   - i: the input feature (its grid row).
  ///   - values: receives the `C` features.
  ///   - derivatives: receives `d features / dx` when not nil.
  ///   - scratch: room for `order + 1` scalars.
  ///   - grid: the knot rows, `(in, G + 2k + 1)`.
  ///   - inverseSteps: `uniformInverseSteps` of the grid, `(in)`, when the caller has it; it
  ///     spares the B-spline basis a uniformity check per value.
  @inline(__always)
  func features(
    _ x: Scalar, input i: Int, values: UnsafeMutablePointer<Scalar>,
    derivatives: UnsafeMutablePointer<Scalar>?, scratch: UnsafeMutablePointer<Scalar>,
    grid: UnsafePointer<Scalar>, inverseSteps: UnsafePointer<Scalar>? = nil
  ) {
    let (base, baseSlope) = baseActivation.valueAndDerivative(x)
    values[0] = base
    derivatives?[0] = baseSlope
    let pointCount = basis.gridPointCount(gridSize: gridSize, order: splineOrder)
    let knots = grid + i * pointCount
    let bases = values + 1
    let slopes = derivatives.map { $0 + 1 }
    let lower = knots[splineOrder]
    let upper = knots[pointCount - 1 - splineOrder]
    let inverseStep = inverseSteps?[i]
    guard basis.usesGrid, x < lower || x >= upper else {
      gridBases(
        x, knots: knots, values: bases, derivatives: slopes, scratch: scratch,
        inverseStep: inverseStep)
      return
    }
    // Outside [lo, hi): clamp and extrapolate from the nearer end, just inside hi.
    let end = x < lower ? lower : upper.nextDown
    let n = basisCount
    switch outOfGridPolicy {
    case .zero:
      gridBases(
        x, knots: knots, values: bases, derivatives: slopes, scratch: scratch,
        inverseStep: inverseStep)
    case .clamp:
      gridBases(end, knots: knots, values: bases, derivatives: nil, scratch: scratch)
      slopes?.update(repeating: 0, count: n)
    case .linearExtrapolation:
      withUnsafeTemporaryAllocation(of: Scalar.self, capacity: n) { buffer in
        let tangent = slopes ?? buffer.baseAddress.unsafelyUnwrapped
        gridBases(end, knots: knots, values: bases, derivatives: tangent, scratch: scratch)
        for m in 0..<n { bases[m] += tangent[m] * (x - end) }
      }
    }
  }

  /// The `n` bases of the layer's family at `x` on one knot row, before any out-of-grid policy
  /// (the Chebyshev basis ignores the knots); `inverseStep` is passed on to `bSplineBases`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  @inline(__always)
  func gridBases(
    _ x: Scalar, knots: UnsafePointer<Scalar>, values: UnsafeMutablePointer<Scalar>,
    derivatives: UnsafeMutablePointer<Scalar>?, scratch: UnsafeMutablePointer<Scalar>,
    inverseStep: Scalar? = nil
  ) {
    let pointCount = basis.gridPointCount(gridSize: gridSize, order: splineOrder)
    switch basis {
    case .bSpline:
      bSplineBases(
        x, knots: knots, knotCount: pointCount, order: splineOrder, values: values,
        derivatives: derivatives, scratch: scratch, inverseStep: inverseStep)
    case .gaussianRBF:
      gaussianRBFBases(
        x, lower: knots[splineOrder], upper: knots[pointCount - 1 - splineOrder],
        count: basisCount, values: values, derivatives: derivatives)
    case .chebyshev:
      chebyshevBases(x, count: basisCount, values: values, derivatives: derivatives)
    }
  }

  /// The feature matrix of a batch, one row per sample.
  ///
  ///     A[b, i*C + c] = features(x[b, i])[c]          A is (batch, in * C)
  ///
  /// - Parameter x: the batch, `(batch, in)`.
  /// - Returns: `A`, `(batch, in * C)`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func featureMatrix(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
    let batch = x.shape[0]
    let columns = columnsPerInput
    var matrix = Tensor<Scalar>(shape: [batch, inFeatures * columns])
    let steps = uniformInverseSteps(grid.scalars, rows: inFeatures, count: grid.shape[1])
    x.scalars.withUnsafeBufferPointer { input in
      grid.scalars.withUnsafeBufferPointer { knots in
        steps.withUnsafeBufferPointer { steps in
          matrix.scalars.withUnsafeMutableBufferPointer { output in
            let input = input.baseAddress.unsafelyUnwrapped
            let knots = knots.baseAddress.unsafelyUnwrapped
            let steps = steps.baseAddress.unsafelyUnwrapped
            let output = output.baseAddress.unsafelyUnwrapped
            Parallelism.forEachChunk(batch, threads: threads, minimumChunk: 8) { rows in
              featureRows(rows, input: input, grid: knots, inverseSteps: steps, output: output)
            }
          }
        }
      }
    }
    return matrix
  }

  /// Fills rows `rows` of the feature matrix (see `featureMatrix`).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func featureRows(
    _ rows: Range<Int>, input: UnsafePointer<Scalar>, grid: UnsafePointer<Scalar>,
    inverseSteps: UnsafePointer<Scalar>, output: UnsafeMutablePointer<Scalar>
  ) {
    let columns = columnsPerInput
    withUnsafeTemporaryAllocation(of: Scalar.self, capacity: splineOrder + 1) { scratch in
      let scratch = scratch.baseAddress.unsafelyUnwrapped
      for b in rows {
        for i in 0..<inFeatures {
          features(
            input[b * inFeatures + i], input: i, values: output + (b * inFeatures + i) * columns,
            derivatives: nil, scratch: scratch, grid: grid, inverseSteps: inverseSteps)
        }
      }
    }
  }
}
