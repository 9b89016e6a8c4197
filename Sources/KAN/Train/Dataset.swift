/// Samples and what the network should produce for them.
public struct Dataset<Scalar: KANScalar>: Sendable {
  /// What each sample is scored against.
  public enum Targets: Sendable {
    /// Regression targets, `(count, out)`, scored by mean squared error.
    case values(Tensor<Scalar>)
    /// Class labels in `0..<classes`, scored by cross-entropy.
    case labels([Int])
  }

  /// The inputs, `(count, in)`.
  public let inputs: Tensor<Scalar>
  /// The targets.
  public let targets: Targets

  /// The number of samples.
  public var count: Int { inputs.shape[0] }

  /// A dataset, checked for matching counts and finite inputs.
  ///
  /// - Throws: `KANError` for mismatched counts, a non-2-D input or a non-finite value.
  public init(inputs: Tensor<Scalar>, targets: Targets) throws(KANError) {
    guard inputs.shape.count == 2 else {
      throw .shapeMismatch(what: "dataset inputs", expected: [inputs.count, 1], got: inputs.shape)
    }
    try inputs.checkFinite("dataset inputs")
    switch targets {
    case .values(let values):
      guard values.shape.count == 2, values.shape[0] == inputs.shape[0] else {
        throw .shapeMismatch(
          what: "dataset targets", expected: [inputs.shape[0], values.shape.last ?? 1],
          got: values.shape)
      }
      try values.checkFinite("dataset targets")
    case .labels(let labels):
      guard labels.count == inputs.shape[0] else {
        throw .shapeMismatch(
          what: "dataset labels", expected: [inputs.shape[0]], got: [labels.count])
      }
    }
    self.inputs = inputs
    self.targets = targets
  }

  /// The samples at `indices`, in that order, as one batch.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func batch(_ indices: ArraySlice<Int>) -> Dataset {
    let width = inputs.shape[1]
    var x = Tensor<Scalar>(shape: [indices.count, width])
    for (row, sample) in indices.enumerated() {
      for i in 0..<width { x.scalars[row * width + i] = inputs.scalars[sample * width + i] }
    }
    switch targets {
    case .values(let values):
      let out = values.shape[1]
      var y = Tensor<Scalar>(shape: [indices.count, out])
      for (row, sample) in indices.enumerated() {
        for j in 0..<out { y.scalars[row * out + j] = values.scalars[sample * out + j] }
      }
      return Dataset(checkedInputs: x, targets: .values(y))
    case .labels(let labels):
      return Dataset(checkedInputs: x, targets: .labels(indices.map { labels[$0] }))
    }
  }

  /// A batch cut from an already validated dataset.
  private init(checkedInputs: Tensor<Scalar>, targets: Targets) {
    self.inputs = checkedInputs
    self.targets = targets
  }

  /// The loss of `outputs` against these targets and its gradient.
  ///
  /// - Throws: `KANError` when the output shape does not fit the targets.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func loss(_ outputs: Tensor<Scalar>) throws(KANError) -> (
    loss: Double, gradient: Tensor<Scalar>
  ) {
    switch targets {
    case .values(let values): return try meanSquaredError(outputs, values)
    case .labels(let labels): return try crossEntropy(outputs, labels: labels)
    }
  }
}
