extension KANLinear {
  /// Adds `lambda dR/dtheta` of this layer's sparsity penalty to the parameter gradients, from
  /// the activations of the last `forward`, and returns `R` and `lambda dR/dx`.
  ///
  /// - Parameters:
  ///   - regularization: the weights and the metric.
  ///   - needsInputGradient: whether to compute `lambda dR/dx` (the activation metrics depend on
  ///     the layer input; the weight metric does not and returns zeros).
  /// - Returns: `R` without `lambda`, and `lambda dR/dx`, `(batch, in)`, when asked for.
  /// - Throws: `KANError.noForwardPass` without a forward pass, `.invalidArgument` for an
  ///   activation metric on a batch of one (a spread needs two samples).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func accumulateSparsity(
    _ regularization: SparsityRegularization, needsInputGradient: Bool
  ) throws(KANError) -> (value: Double, inputGradient: Tensor<Scalar>?) {
    guard let (input, features) = cache else { throw .noForwardPass(layer: 0) }
    switch regularization.metric {
    case .weightMeanAbsolute:
      let (value, gradient) = weightSparsityAndGradient(
        lambdaL1: regularization.lambdaL1, lambdaEntropy: regularization.lambdaEntropy)
      for (index, g) in gradient.enumerated() {
        splineWeightGradient.scalars[index] += Scalar(regularization.lambda * g)
      }
      return (value, needsInputGradient ? Tensor(shape: input.shape) : nil)
    case .activationMeanAbsolute:
      return accumulateMeanAbsolutePenalty(
        regularization, input: input, features: features, needsInputGradient: needsInputGradient)
    case .activationStandardDeviation:
      try Self.checkSpreadBatch(input)
      return accumulateSpreadPenalty(
        regularization, input: input, features: features, needsInputGradient: needsInputGradient)
    }
  }

  /// This layer's edge scores `v_ji` under a metric, from the activations of the last
  /// `forward` (see `SparsityMetric`).
  ///
  /// - Parameter metric: what to measure.
  /// - Returns: `v`, `(out, in)`.
  /// - Throws: `KANError.noForwardPass` without a forward pass, `.invalidArgument` for the
  ///   standard deviation on a batch of one.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func edgeScores(_ metric: SparsityMetric) throws(KANError) -> Tensor<Double> {
    guard let (input, features) = cache else { throw .noForwardPass(layer: 0) }
    switch metric {
    case .weightMeanAbsolute:
      let n = basisCount
      var scores = Tensor<Double>(shape: [outFeatures, inFeatures])
      for index in 0..<splineWeight.count {
        scores.scalars[index / n] += abs(Double(splineWeight.scalars[index])) / Double(n)
      }
      return scores
    case .activationMeanAbsolute:
      return meanAbsoluteScores(features: features, weight: combinedWeight())
    case .activationStandardDeviation:
      try Self.checkSpreadBatch(input)
      return spreadScores(input: input, features: features).scores
    }
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
  /// Back-propagates `dL/dy` and the sparsity penalty together, adding the gradient of
  /// `L + lambda sum_l R_l` to every parameter.
  ///
  ///     dx_L = dL/dy
  ///     dx_l = layer_l.backward(dx_{l+1}) + lambda dR_l/dx_l       l = L-1 ... 0
  ///
  /// Each layer's penalty depends on its input, which depends on every earlier layer, so its
  /// input gradient joins the ordinary one on the way down. With `lambda = 0` this is `backward`.
  ///
  /// - Parameters:
  ///   - dY: `dL/dy`, `(batch, out)`, for the batch of the last `forward`.
  ///   - regularization: the penalty's weights and metric.
  ///   - needsInputGradient: whether to return the gradient with respect to the network input.
  /// - Returns: `sum_l R_l` (without `lambda`) and the input gradient when asked for.
  /// - Throws: `KANError` without a preceding forward, for a wrong shape, or for the standard
  ///   deviation metric on a batch of one.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  @discardableResult
  public mutating func backward(
    _ dY: Tensor<Scalar>, regularization: SparsityRegularization, needsInputGradient: Bool = false
  ) throws(KANError) -> (penalty: Double, inputGradient: Tensor<Scalar>?) {
    guard regularization.lambda != 0 else {
      return (0, try backward(dY, needsInputGradient: needsInputGradient))
    }
    var gradient: Tensor<Scalar>? = dY
    var penalty = 0.0
    for l in layers.indices.reversed() {
      guard let upstream = gradient else { break }
      let needs = l > 0 || needsInputGradient
      do throws(KANError) {
        if regularization.metric == .activationStandardDeviation, needs {
          // One pass adds both input gradients (each feature derivative evaluated once).
          try layers[l].backward(upstream, needsInputGradient: false)
          guard let (input, features) = layers[l].cache else {
            throw KANError.noForwardPass(layer: l)
          }
          try KANLinear<Scalar>.checkSpreadBatch(input)
          let (value, sum) = layers[l].accumulateSpreadPenalty(
            regularization, input: input, features: features, needsInputGradient: true,
            outputGradient: upstream)
          penalty += value
          gradient = sum
          continue
        }
        gradient = try layers[l].backward(upstream, needsInputGradient: needs)
        let (value, extra) = try layers[l].accumulateSparsity(
          regularization, needsInputGradient: needs)
        penalty += value
        if var sum = gradient, let extra {
          for index in sum.scalars.indices { sum.scalars[index] += extra.scalars[index] }
          gradient = sum
        }
      } catch .noForwardPass {
        throw KANError.noForwardPass(layer: l)
      }
    }
    return (penalty, gradient)
  }

  /// The sparsity penalty `sum_l R_l` (without `lambda`) on a batch, after a forward pass that
  /// keeps the activations, as `backward(_:regularization:)` would count it.
  ///
  /// - Parameters:
  ///   - x: the network input, `(batch, in)`.
  ///   - regularization: the penalty's weights and metric.
  /// - Returns: `sum_l R_l`.
  /// - Throws: `KANError` for a wrong shape or a non-finite value, or for the standard
  ///   deviation metric on a batch of one.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func sparsityPenalty(
    _ x: Tensor<Scalar>, regularization: SparsityRegularization
  ) throws(KANError) -> Double {
    _ = try forward(x)
    var total = 0.0
    for layer in layers {
      if regularization.metric == .weightMeanAbsolute {
        total += layer.weightSparsity(
          lambdaL1: regularization.lambdaL1, lambdaEntropy: regularization.lambdaEntropy)
      } else {
        total +=
          KAN.sparsityPenalty(
            scores: try layer.edgeScores(regularization.metric),
            lambdaL1: regularization.lambdaL1, lambdaEntropy: regularization.lambdaEntropy
          ).value
      }
    }
    return total
  }
}
