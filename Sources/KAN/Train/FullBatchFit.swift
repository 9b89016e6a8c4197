extension KANNetwork {
  /// The loss on a whole dataset, plus the sparsity penalty when `regularization.lambda != 0`,
  /// and its gradient with respect to the flat parameters.
  ///
  ///     objective = L + lambda sum_l R_l
  ///
  /// - Parameters:
  ///   - parameters: the flat parameters to evaluate at (`forEachParameter` order).
  ///   - data: the whole dataset.
  ///   - regularization: the penalty (none by default).
  /// - Returns: the objective and its gradient, flat.
  /// - Throws: `KANError` for mismatched data.
  public mutating func lossAndGradient(
    at parameters: [Double], on data: Dataset<Scalar>,
    regularization: SparsityRegularization = SparsityRegularization()
  ) throws(KANError) -> (loss: Double, gradient: [Double]) {
    try setFlatParameters(parameters.map { Scalar($0) })
    zeroGradients()
    let (loss, dY) = try data.loss(forward(data.inputs))
    guard loss.isFinite else { throw .nonFinite(what: "full-batch loss", index: 0) }
    let penalty = try backward(dY, regularization: regularization).penalty
    return (loss + regularization.lambda * penalty, flatGradients().map { Double($0) })
  }

  /// Full-batch L-BFGS, pykan's `fit(opt="LBFGS", steps:)`: `steps` calls of `LBFGS.step`,
  /// each up to 20 quasi-Newton iterations with a strong-Wolfe line search.
  ///
  /// Like pykan (`update_grid=True, grid_update_num=10, stop_grid_update_step=50`), the grids
  /// follow the data early on: before step `s` (from 0) with `s % gridUpdateEvery == 0` and
  /// `s < stopGridUpdates`, `updateGrid(from: data.inputs)` moves the knots, leaving every edge's
  /// function on the data unchanged, and the optimizer continues from the refitted weights.
  /// With `regularization.lambda != 0` the objective is pykan's `loss + lamb * reg`.
  ///
  /// - Parameters:
  ///   - data: the training set, used whole at every evaluation.
  ///   - steps: the number of optimizer steps; 0 does nothing.
  ///   - optimizer: the L-BFGS settings (pykan's by default).
  ///   - gridUpdateEvery: steps between grid updates; 0 turns them off.
  ///   - stopGridUpdates: the step from which the grids stay fixed.
  ///   - gridEps: the grid updates' weight of a uniform grid against the sample quantiles (see
  ///     `updateGrid`; 1 keeps every grid uniform, which evaluates fastest).
  ///   - regularization: the sparsity penalty (none by default).
  ///   - afterStep: called with the step (from 1), the loss after it (without the penalty) and
  ///     the network then (to score held-out data, say).
  /// - Returns: the training loss after each step (without the penalty).
  /// - Throws: `KANError` for mismatched data or a non-finite loss.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func fitLBFGS(
    _ data: Dataset<Scalar>, steps: Int, optimizer: LBFGS = LBFGS(), gridUpdateEvery: Int = 5,
    stopGridUpdates: Int = 50, gridEps: Double = 0.02,
    regularization: SparsityRegularization = SparsityRegularization(),
    afterStep: (Int, Double, KANNetwork) -> Void = { _, _, _ in }
  ) throws -> [Double] {
    guard steps >= 0 else {
      throw KANError.invalidArgument(name: "steps", value: "\(steps)", expected: "at least 0")
    }
    var optimizer = optimizer
    var parameters = flatParameters().map { Double($0) }
    var losses: [Double] = []
    for step in stride(from: 1, through: steps, by: 1) {
      if gridUpdateEvery > 0 && (step - 1) % gridUpdateEvery == 0 && step - 1 < stopGridUpdates {
        try setFlatParameters(parameters.map { Scalar($0) })
        _ = try updateGrid(from: data.inputs, gridEps: gridEps)
        parameters = flatParameters().map { Double($0) }
      }
      _ = try optimizer.step(&parameters) { point in
        try lossAndGradient(at: point, on: data, regularization: regularization)
      }
      try setFlatParameters(parameters.map { Scalar($0) })
      let loss = try data.loss(self(data.inputs)).loss
      guard loss.isFinite else { throw KANError.nonFinite(what: "full-batch loss", index: 0) }
      losses.append(loss)
      afterStep(step, loss, self)
    }
    return losses
  }
}
