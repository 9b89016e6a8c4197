/// Two extras on `Layer`: the blog's own backward order, and the learned edge functions.
extension Layer {
  /// The blog's backward, kept to show why it is not the true gradient: it updates `w` first and
  /// then computes `dEdX` with the updated weights.
  ///
  ///     dEdW_ijk = dEdY_j B_k(x_i)
  ///     w_ijk   <- w_ijk - learningRate * dEdW_ijk                 (the update comes first)
  ///     dEdX_i   = sum_j dEdY_j sum_k w_ijk(updated) B'_k(x_i)     (not dE/dx of this forward)
  ///
  /// The result differs from `backward` by `learningRate * sum_j dEdY_j sum_k dEdW_ijk B'_k(x_i)`,
  /// small for a small learning rate, but it is not the derivative of any loss we computed. Use
  /// `backward` followed by `update(learningRate:)` instead.
  ///
  /// - Parameters:
  ///   - dEdY: The gradient of the loss with respect to the output; dEdY is (out).
  ///   - learningRate: The step size the blog applies inside backward (0.05).
  /// - Returns: The blog's `dEdX`; dEdX is (in).
  /// - Throws: `FromScratchError` before any forward or for a wrong length or non-finite value.
  public mutating func blogOrderBackward(
    _ dEdY: [Double], learningRate: Double = 0.05
  ) throws(FromScratchError) -> [Double] {
    _ = try backward(dEdY)  // stores dEdW
    update(learningRate: learningRate)  // the blog's W -= lr * dEdW
    // dEdW does not depend on w, so this recomputes the same dEdW; dEdX now sees the updated w.
    return try backward(dEdY)
  }

  /// Evaluates the learned function on edge `i -> j` (what the blog shows when an edge is clicked).
  ///
  ///     phi_ij(x) = sum_k w_ijk B_k(x)
  ///
  /// - Parameters:
  ///   - x: The point to evaluate at.
  ///   - i: The input index, in `0..<inFeatures`.
  ///   - j: The output index, in `0..<outFeatures`.
  /// - Returns: `phi_ij(x)`.
  /// - Throws: `FromScratchError.invalidArgument` for an index out of range,
  ///   `.nonFiniteInput` for a non-finite `x`.
  public func edge(_ x: Double, from i: Int, to j: Int) throws(FromScratchError) -> Double {
    guard (0..<inFeatures).contains(i), (0..<outFeatures).contains(j) else {
      throw .invalidArgument(
        what: "edge \(i) -> \(j)",
        reason: "this layer has inputs 0..<\(inFeatures) and outputs 0..<\(outFeatures)")
    }
    try validate([x], count: 1, what: "Layer.edge x")
    var phi = 0.0
    for k in 0..<spline.n {
      phi += w[i][j][k] * spline.basis(x, degree: spline.p, index: k)
    }
    return phi
  }
}
