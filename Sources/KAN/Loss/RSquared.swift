/// The coefficient of determination of predictions against targets: the share of the targets'
/// variance the predictions explain.
///
///     R^2 = 1 - sum_b (y_b - p_b)^2 / sum_b (y_b - mean y)^2
///
/// - Parameters:
///   - prediction: `p`.
///   - target: `y`, as many values, not all equal.
/// - Returns: `R^2`: 1 for a perfect fit, 0 for predicting the mean, negative for worse.
public func rSquared(_ prediction: [Double], _ target: [Double]) -> Double {
  let mean = target.reduce(0, +) / Double(target.count)
  let residual = zip(prediction, target).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
  let total = target.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
  return 1 - residual / total
}
