/// Training and evaluation: the blog's `fit` loop and the mean loss over a data set.
extension Network {
  /// Trains by sample-wise stochastic gradient descent, in the samples' order (the blog's `fit`).
  ///
  ///     for each epoch, for each (x, yTrue):
  ///       yPred = forward(x);  E += MSE(yTrue, yPred)
  ///       backward(MSE'(yTrue, yPred));  update(learningRate)
  ///
  /// The loss of an epoch is the mean of the per-sample losses as they were seen, each before its
  /// own update (the blog sums it the same way but does not return it).
  ///
  /// - Parameters:
  ///   - inputs: The inputs; inputs is (samples, widths[0]).
  ///   - targets: The targets; targets is (samples, widths.last).
  ///   - epochs: The number of passes over the data; at least 0.
  ///   - learningRate: The step size; the blog uses 0.05.
  ///   - onEpoch: Called after each epoch with its index (from 0) and its mean loss.
  /// - Returns: The mean loss of every epoch; the result is (epochs).
  /// - Throws: `FromScratchError` for empty or mismatched data or a non-finite value.
  @discardableResult
  public mutating func fit(
    _ inputs: [[Double]], _ targets: [[Double]], epochs: Int, learningRate: Double = 0.05,
    onEpoch: (Int, Double) -> Void = { _, _ in }
  ) throws(FromScratchError) -> [Double] {
    try checkData(inputs, targets)
    guard epochs >= 0, learningRate.isFinite else {
      throw .invalidArgument(
        what: "fit(epochs: \(epochs), learningRate: \(learningRate))",
        reason: "epochs must be >= 0 and the learning rate finite")
    }
    var lossPerEpoch: [Double] = []  // lossPerEpoch is (epochs)
    for epoch in 0..<epochs {
      var total = 0.0
      for (x, yTrue) in zip(inputs, targets) {
        let yPred = try forward(x)
        total += try loss.forward(yTrue: yTrue, yPred: yPred)
        _ = try backward(try loss.backward(yTrue: yTrue, yPred: yPred))
        update(learningRate: learningRate)
      }
      lossPerEpoch.append(total / Double(inputs.count))
      onEpoch(epoch, lossPerEpoch[epoch])
    }
    return lossPerEpoch
  }

  /// Computes the mean of the per-sample MSE over a data set, without training.
  ///
  ///     meanLoss = (1/S) sum_s MSE(targets_s, predict(inputs_s))
  ///
  /// - Parameters:
  ///   - inputs: The inputs; inputs is (samples, widths[0]).
  ///   - targets: The targets; targets is (samples, widths.last).
  /// - Returns: The mean loss.
  /// - Throws: `FromScratchError` for empty or mismatched data or a non-finite value.
  public func meanLoss(_ inputs: [[Double]], _ targets: [[Double]]) throws(FromScratchError)
    -> Double
  {
    try checkData(inputs, targets)
    var total = 0.0
    for (x, yTrue) in zip(inputs, targets) {
      total += try loss.forward(yTrue: yTrue, yPred: try predict(x))
    }
    return total / Double(inputs.count)
  }

  /// Checks that there is at least one sample and as many targets as inputs.
  private func checkData(_ inputs: [[Double]], _ targets: [[Double]]) throws(FromScratchError) {
    guard !inputs.isEmpty else {
      throw .invalidArgument(what: "inputs", reason: "there are no samples; pass at least one")
    }
    if targets.count != inputs.count {
      throw .shapeMismatch(what: "targets", expected: inputs.count, got: targets.count)
    }
  }
}
