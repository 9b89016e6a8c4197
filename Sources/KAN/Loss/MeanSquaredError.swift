/// Mean squared error and its gradient.
///
///     L = (1 / N) sum_{b, j} (y[b, j] - t[b, j])^2          N = batch * out
///     dL/dy[b, j] = 2 (y[b, j] - t[b, j]) / N
///
/// - Parameters:
///   - prediction: `y`, `(batch, out)`.
///   - target: `t`, same shape.
/// - Returns: the loss (accumulated in Double) and `dL/dy`.
/// - Throws: `KANError.shapeMismatch` or `.emptyBatch`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func meanSquaredError<Scalar: KANScalar>(
  _ prediction: Tensor<Scalar>, _ target: Tensor<Scalar>
) throws(KANError) -> (loss: Double, gradient: Tensor<Scalar>) {
  guard prediction.shape == target.shape else {
    throw .shapeMismatch(what: "MSE target", expected: prediction.shape, got: target.shape)
  }
  guard prediction.count > 0 else { throw .emptyBatch(what: "MSE prediction") }
  let scale = 2 / Scalar(prediction.count)
  var gradient = Tensor<Scalar>(shape: prediction.shape)
  var sum = 0.0
  for index in 0..<prediction.count {
    let difference = prediction.scalars[index] - target.scalars[index]
    sum += Double(difference) * Double(difference)
    gradient.scalars[index] = scale * difference
  }
  return (sum / Double(prediction.count), gradient)
}
