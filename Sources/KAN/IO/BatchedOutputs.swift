extension KANNetwork {
  /// The network's outputs for many samples, computed `batchSize` rows at a time.
  ///
  ///     y[r0 ..< r1, :] = network(x[r0 ..< r1, :]),   r1 = min(r0 + batchSize, rows)
  ///
  /// A layer's feature matrix is `(batch, in*C)`: for MNIST's 10,000 test images that is
  /// 10,000 x 7,056 floats (282 MB) at once, so inference over a data set goes in slices.
  ///
  /// - Parameters:
  ///   - x: The samples, `(rows, in)`; zero rows give a `(0, out)` result.
  ///   - batchSize: The rows per slice, at least 1.
  /// - Returns: `(rows, out)`.
  /// - Throws: `KANError` for a wrong shape, a non-finite value or a batch size below 1.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func outputs(
    _ x: Tensor<Scalar>, batchSize: Int = 1000
  ) throws(KANError) -> Tensor<Scalar> {
    guard batchSize > 0 else {
      throw .invalidArgument(name: "batch size", value: "\(batchSize)", expected: "at least 1")
    }
    let inputs = widths[0]
    let outputs = widths[widths.count - 1]
    guard x.shape.count == 2, x.shape[1] == inputs else {
      throw .shapeMismatch(
        what: "network input", expected: [x.shape.first ?? 1, inputs], got: x.shape)
    }
    let rows = x.shape[0]
    var y = Tensor<Scalar>(shape: [rows, outputs])
    for first in stride(from: 0, to: rows, by: batchSize) {
      let last = min(first + batchSize, rows)
      let slice = try Tensor(
        shape: [last - first, inputs], scalars: Array(x.scalars[(first * inputs)..<(last * inputs)])
      )
      let part = try self(slice)
      y.scalars.replaceSubrange((first * outputs)..<(last * outputs), with: part.scalars)
    }
    return y
  }
}

/// The index of the largest value in each row, the predicted class of each logit row.
///
///     class[b] = argmax_c y[b, c]        (the first such c on a tie)
///
/// - Parameter y: `(rows, classes)`, with at least one class.
/// - Returns: One class index per row.
public func argmaxRows<Scalar: KANScalar>(_ y: Tensor<Scalar>) -> [Int] {
  precondition(y.shape.count == 2 && y.shape[1] > 0, "argmaxRows needs (rows, classes >= 1)")
  let classes = y.shape[1]
  return (0..<y.shape[0]).map { b in
    var best = 0
    for c in 1..<classes where y.scalars[b * classes + c] > y.scalars[b * classes + best] {
      best = c
    }
    return best
  }
}
