extension KANLinear {
  /// Adds `lambda dR/dtheta` of this layer's sparsity penalty on a batch to the parameter
  /// gradients, and returns `R` and `lambda dR/dx`.
  ///
  /// - Parameters:
  ///   - regularization: the weights and the metric.
  ///   - x: the layer's input on the batch, `(batch, in)`.
  ///   - needsInputGradient: whether to compute `lambda dR/dx` (the activation metrics depend on
  ///     the layer input; the weight metric does not and returns zeros).
  /// - Returns: `R` without `lambda`, and `lambda dR/dx`, `(batch, in)`, when asked for.
  /// - Throws: `KANError` for an input that does not fit the layer, `.invalidArgument` for an
  ///   activation metric on a batch of one (a spread needs two samples).
  public mutating func addSparsityGradient(
    _ regularization: SparsityRegularization, input x: Tensor<Scalar>, needsInputGradient: Bool
  ) throws(KANError) -> (value: Double, inputGradient: Tensor<Scalar>?) {
    try validateInput(x)
    switch regularization.metric {
    case .weightMeanAbsolute:
      let (value, gradient) = weightSparsityAndGradient(
        lambdaL1: regularization.lambdaL1, lambdaEntropy: regularization.lambdaEntropy)
      for (index, g) in gradient.enumerated() {
        splineWeightGradient.scalars[index] += Scalar(regularization.lambda * g)
      }
      return (value, needsInputGradient ? Tensor(shape: x.shape) : nil)
    case .activationMeanAbsolute:
      return accumulateMeanAbsolutePenalty(
        regularization, input: x, features: savedFeatures(of: x) ?? featureMatrix(x),
        needsInputGradient: needsInputGradient)
    case .activationStandardDeviation:
      try Self.checkSpreadBatch(x)
      return accumulateSpreadPenalty(
        regularization, input: x, features: savedFeatures(of: x),
        needsInputGradient: needsInputGradient)
    }
  }

  /// This layer's edge scores `v_ji` under a metric on a batch (see `SparsityMetric`).
  ///
  /// - Parameters:
  ///   - metric: what to measure.
  ///   - x: the layer's input on the batch, `(batch, in)`.
  /// - Returns: `v`, `(out, in)`.
  /// - Throws: `KANError` for an input that does not fit the layer, `.invalidArgument` for the
  ///   standard deviation on a batch of one.
  public func edgeScores(_ metric: SparsityMetric, input x: Tensor<Scalar>) throws(KANError)
    -> Tensor<Double>
  {
    try validateInput(x)
    switch metric {
    case .weightMeanAbsolute:
      let n = basisCount
      var scores = Tensor<Double>(shape: [outFeatures, inFeatures])
      for index in 0..<splineWeight.count {
        scores.scalars[index / n] += abs(Double(splineWeight.scalars[index])) / Double(n)
      }
      return scores
    case .activationMeanAbsolute:
      return meanAbsoluteScores(
        features: featureMatrix(x), batch: x.shape[0], weight: combinedWeight(.product(self)))
    case .activationStandardDeviation:
      try Self.checkSpreadBatch(x)
      return spreadScores(input: x).scores
    }
  }

  /// The feature matrix `A` the last forward pass kept, when it was taken on the product path
  /// with the input `x` (the grid cannot have changed since: every change drops it).
  ///
  /// - Parameter x: the layer input, `(batch, in)`.
  /// - Returns: `A`, `(batch, in*C)`, or nil.
  func savedFeatures(of x: Tensor<Scalar>) -> [Scalar]? {
    guard case .product(let input, let features, _) = saved, input == x else { return nil }
    return features
  }

  /// Throws unless the batch has the two samples a Bessel-corrected spread needs.
  static func checkSpreadBatch(_ input: Tensor<Scalar>) throws(KANError) {
    guard input.shape[0] >= 2 else {
      throw .invalidArgument(
        name: "batch size", value: "\(input.shape[0])",
        expected: "at least 2 samples for a standard deviation")
    }
  }
}

extension KANNetwork {
  /// The sparsity penalty `sum_l R_l` (without `lambda`) on a batch, as
  /// `backward(_:regularization:)` counts it.
  ///
  /// - Parameters:
  ///   - x: the network input, `(batch, in)`.
  ///   - regularization: the penalty's weights and metric.
  /// - Returns: `sum_l R_l`.
  /// - Throws: `KANError` for a wrong shape or a non-finite value, or for the standard
  ///   deviation metric on a batch of one.
  public func sparsityPenalty(
    _ x: Tensor<Scalar>, regularization: SparsityRegularization
  ) throws(KANError) -> Double {
    var total = 0.0
    var activation = x
    for layer in layers {
      if regularization.metric == .weightMeanAbsolute {
        total += layer.weightSparsity(
          lambdaL1: regularization.lambdaL1, lambdaEntropy: regularization.lambdaEntropy)
      } else {
        total +=
          KAN.sparsityPenalty(
            scores: try layer.edgeScores(regularization.metric, input: activation),
            lambdaL1: regularization.lambdaL1, lambdaEntropy: regularization.lambdaEntropy
          ).value
      }
      activation = try layer(activation)
    }
    return total
  }
}
