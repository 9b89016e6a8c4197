/// Cross-entropy of the softmax of the logits against class labels, and its gradient, through a
/// stable log-softmax.
///
///     log p[b, c] = z[b, c] - M_b - log sum_c' exp(z[b, c'] - M_b),   M_b = max_c z[b, c]
///     L = -(1 / B) sum_b log p[b, label_b]
///     dL/dz[b, c] = (p[b, c] - [c == label_b]) / B
///
/// Subtracting the row maximum keeps every `exp` at most 1, so large logits cannot overflow.
///
/// - Parameters:
///   - logits: `z`, `(batch, classes)`.
///   - labels: one class index in `0..<classes` per sample.
/// - Returns: the mean loss and `dL/dz`.
/// - Throws: `KANError.shapeMismatch` for a label count that is not the batch, or
///   `.invalidArgument` for a label outside the classes.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func crossEntropy<Scalar: KANScalar>(
  _ logits: Tensor<Scalar>, labels: [Int]
) throws(KANError) -> (loss: Double, gradient: Tensor<Scalar>) {
  guard logits.shape.count == 2, logits.shape[0] == labels.count else {
    throw .shapeMismatch(
      what: "cross-entropy labels", expected: [logits.shape.first ?? 0], got: [labels.count])
  }
  let batch = labels.count
  let classes = logits.shape[1]
  guard batch > 0 else { throw .emptyBatch(what: "cross-entropy logits") }
  if let bad = labels.first(where: { !(0..<classes).contains($0) }) {
    throw .invalidArgument(name: "label", value: "\(bad)", expected: "a class in 0..<\(classes)")
  }
  var gradient = Tensor<Scalar>(shape: logits.shape)
  var total = 0.0
  for b in 0..<batch {
    let row = b * classes
    var maximum = logits.scalars[row]
    for c in 1..<classes { maximum = max(maximum, logits.scalars[row + c]) }
    var sum: Scalar = 0
    for c in 0..<classes { sum += Scalar.exp(logits.scalars[row + c] - maximum) }
    let logSum = Scalar.log(sum)
    total -= Double(logits.scalars[row + labels[b]] - maximum - logSum)
    for c in 0..<classes {
      let probability = Scalar.exp(logits.scalars[row + c] - maximum - logSum)
      let indicator: Scalar = c == labels[b] ? 1 : 0
      gradient.scalars[row + c] = (probability - indicator) / Scalar(batch)
    }
  }
  return (total / Double(batch), gradient)
}
