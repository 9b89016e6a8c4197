/// What the sparsity penalty measures on each edge `j <- i` of a layer, its score `v_ji`.
public enum SparsityMetric: String, Sendable, CaseIterable {
  /// pykan 0.2's default `edge_forward_spline_n`: the spread of the whole edge output
  /// `phi_ji = w_b b(x) + s spline(x)` over the batch, relative to the spread of its input.
  ///
  ///     v_ji = std_b(phi_ji(x_bi)) / (std_b(x_bi) + 0.1)      (Bessel-corrected, as torch.std)
  ///
  /// Computed from one `C x C` feature covariance per input and one quadratic form per edge,
  /// `Var_b(phi_ji) = a_ji^T Cov_b(f_i) a_ji`, never from the `(batch, out, in)` activations.
  case activationStandardDeviation = "std"
  /// The paper's `|phi|_1`: the mean absolute edge output. It visits every activation, so it
  /// costs `O(batch * out * in * C)`: meant for small models.
  ///
  ///     v_ji = (1 / B) sum_b |phi_ji(x_bi)|
  case activationMeanAbsolute = "mean-abs"
  /// efficient-kan's weight-based stand-in, combined as efficient-kan combines it (see
  /// `KANLinear.weightSparsity`).
  ///
  ///     v_ji = (1 / n) sum_m |w_s[j, i, m]|
  case weightMeanAbsolute = "weights"
}

/// The sparsity penalty's settings, named as pykan's `fit` names them.
///
///     objective = loss + lambda * sum_layers R_l
///     R_l       = lambdaL1 * sum_ji v_ji + lambdaEntropy * (H_row + H_col)    (activation metrics)
///
/// With `lambda = 0` (the default) training is unregularised and costs nothing extra.
public struct SparsityRegularization: Sendable, Equatable {
  /// pykan's `lamb`: the weight of the whole penalty.
  public var lambda: Double
  /// pykan's `lamb_l1`: the weight of the L1 part.
  public var lambdaL1: Double
  /// pykan's `lamb_entropy`: the weight of the entropy part.
  public var lambdaEntropy: Double
  /// What is measured on each edge.
  public var metric: SparsityMetric

  /// Settings with pykan's defaults (`lamb = 0`, `lamb_l1 = 1`, `lamb_entropy = 2`).
  public init(
    lambda: Double = 0, lambdaL1: Double = 1, lambdaEntropy: Double = 2,
    metric: SparsityMetric = .activationStandardDeviation
  ) {
    self.lambda = lambda
    self.lambdaL1 = lambdaL1
    self.lambdaEntropy = lambdaEntropy
    self.metric = metric
  }
}
