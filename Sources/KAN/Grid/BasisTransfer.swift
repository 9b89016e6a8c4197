extension KANLinear {
  /// The `n` bases of input `i` at each of `points`, on the given grid and with this layer's
  /// basis and out-of-grid policy, in Double.
  ///
  ///     design[p, m] = B_m(points[p])                           design is (points, n)
  ///
  /// - Parameters:
  ///   - points: the values of input `i`.
  ///   - i: the input feature.
  ///   - grid: knot rows laid out as `grid`, `(in, G + 2k + 1)`, flat.
  /// - Returns: the design matrix, `(points, n)`, flat.
  func basisDesign(_ points: [Scalar], input i: Int, grid: [Scalar]) -> [Double] {
    let n = basisCount
    var design = [Double](repeating: 0, count: points.count * n)
    let knots = Tensor(checkedShape: [inFeatures, configuration.knotCount], scalars: grid)
    let evaluator = FeatureEvaluator(grid: knots, configuration: configuration)
    let lanes = FeatureLanes<Scalar>(width: evaluator.width)
    var values = [Scalar](repeating: 0, count: 1 + n)
    for (p, x) in points.enumerated() {
      evaluator.featureRow(x, input: i, lanes: lanes, values: &values, derivatives: nil)
      for m in 0..<n { design[p * n + m] = Double(values[1 + m]) }
    }
    return design
  }

  /// Re-expresses the spline coefficients of input `i` in another basis so that every edge
  /// `j <- i` computes the same learnable part on the fitting points.
  ///
  ///     T = argmin_T || B_new T - B_old ||^2 + lambda ||T||^2       T is (n_new, n_old)
  ///     lambda = 1e-12 trace(B_new^T B_new) / n_new
  ///     w_new[j, i, :] = T w_old[j, i, :]
  ///
  /// The ridge keeps the Cholesky factor of the normal equations positive on rank-deficient or
  /// clustered points; it shifts the coefficients by about `lambda` times the condition number of
  /// the Gram matrix (below 1e-8 for the grids here), two orders less than `ridgeLeastSquares`'s
  /// default, which matters when a refit must reproduce a function exactly.
  ///
  /// Since `B_new T w_old ~ B_old w_old`, the edge's spline `s sum_m w_s B_m` is unchanged at
  /// every point where the old one is representable in the new basis; `s` itself is left alone
  /// (efficient-kan refits the scaled spline `w_s s` into `w_s`, which the forward pass then
  /// scales by `s` a second time).
  ///
  /// - Parameters:
  ///   - newDesign: `B_new`, `(points, n_new)`.
  ///   - oldDesign: `B_old`, `(points, n_old)`.
  ///   - points: the number of fitting points.
  ///   - i: the input feature.
  ///   - old: `w_old`, `(out, in, n_old)`, flat.
  ///   - new: `w_new`, `(out, in, n_new)`, flat; the slice of input `i` is overwritten.
  /// - Throws: `KANError.nonFinite` if the fit produced a non-finite coefficient.
  func transferCoefficients(
    newDesign: [Double], oldDesign: [Double], points: Int, input i: Int, from old: [Scalar],
    into new: inout [Scalar]
  ) throws(KANError) {
    let newCount = newDesign.count / points
    let oldCount = oldDesign.count / points
    let transfer = ridgeLeastSquares(
      newDesign, oldDesign, rows: points, n: newCount, rhs: oldCount, ridge: transferRidge)
    for j in 0..<outFeatures {
      let source = (j * inFeatures + i) * oldCount
      let target = (j * inFeatures + i) * newCount
      for m in 0..<newCount {
        var sum = 0.0
        for r in 0..<oldCount { sum += transfer[m * oldCount + r] * Double(old[source + r]) }
        guard sum.isFinite else {
          throw .nonFinite(what: "refitted spline weights", index: target + m)
        }
        new[target + m] = Scalar(sum)
      }
    }
  }
}

/// The relative ridge of grid refits (see `KANLinear.transferCoefficients`).
let transferRidge = 1e-12
