/// The mean squared error the blog trains with (blog §Implementation details).
public struct MSE: Sendable {
  /// Creates the loss.
  public init() {}

  /// Computes the mean of the squared differences.
  ///
  ///     E = (1/m) sum_m (yTrue_m - yPred_m)^2
  ///
  /// - Parameters:
  ///   - yTrue: The targets; yTrue is (m), m >= 1.
  ///   - yPred: The predictions; yPred is (m).
  /// - Returns: The loss `E`.
  /// - Throws: `FromScratchError` for empty or different lengths or a non-finite value.
  public func forward(yTrue: [Double], yPred: [Double]) throws(FromScratchError) -> Double {
    try check(yTrue: yTrue, yPred: yPred)
    var sum = 0.0
    for m in yTrue.indices {
      sum += (yTrue[m] - yPred[m]) * (yTrue[m] - yPred[m])
    }
    return sum / Double(yTrue.count)
  }

  /// Computes the gradient of the loss with respect to the predictions.
  ///
  ///     dE/dyPred_m = 2 (yPred_m - yTrue_m) / m
  ///
  /// - Parameters:
  ///   - yTrue: The targets; yTrue is (m), m >= 1.
  ///   - yPred: The predictions; yPred is (m).
  /// - Returns: The gradient; dEdY is (m).
  /// - Throws: `FromScratchError` for empty or different lengths or a non-finite value.
  public func backward(yTrue: [Double], yPred: [Double]) throws(FromScratchError) -> [Double] {
    try check(yTrue: yTrue, yPred: yPred)
    let count = Double(yTrue.count)
    return zip(yTrue, yPred).map { yTrue, yPred in 2 * (yPred - yTrue) / count }
  }

  /// Checks that both vectors are non-empty, equally long and finite.
  private func check(yTrue: [Double], yPred: [Double]) throws(FromScratchError) {
    guard !yTrue.isEmpty else {
      throw .invalidArgument(what: "MSE yTrue", reason: "it is empty; pass at least one target")
    }
    try validate(yTrue, count: nil, what: "MSE yTrue")
    try validate(yPred, count: yTrue.count, what: "MSE yPred")
  }
}
