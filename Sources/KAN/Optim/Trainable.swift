/// A model an optimizer can update: learnable tensors, each with the gradient its backward
/// pass accumulated.
///
/// `KANLinear` and `KANNetwork` conform; so can any model built from them (a residual network
/// with a KAN head, say), by visiting the tensors of its parts with distinct slots.
public protocol Trainable {
  /// The element type of every tensor.
  associatedtype Scalar: KANScalar

  /// The threads an update may use.
  var threads: Int { get }

  /// Calls `body` with each learnable tensor and its gradient, in a fixed order; `slot` is a
  /// number per tensor, stable across calls, that optimizers key their state on.
  mutating func forEachParameter(
    _ body: (_ slot: Int, _ parameter: inout [Scalar], _ gradient: [Scalar]) -> Void)
}

extension Trainable {
  /// The number of learnable scalars.
  public mutating func learnableCount() -> Int {
    var total = 0
    forEachParameter { _, parameter, _ in total += parameter.count }
    return total
  }

  /// Every learnable scalar in one flat vector, in `forEachParameter` order.
  public mutating func flatParameters() -> [Scalar] {
    var flat: [Scalar] = []
    forEachParameter { _, parameter, _ in flat.append(contentsOf: parameter) }
    return flat
  }

  /// Every accumulated gradient in one flat vector, in `forEachParameter` order.
  public mutating func flatGradients() -> [Scalar] {
    var flat: [Scalar] = []
    forEachParameter { _, _, gradient in flat.append(contentsOf: gradient) }
    return flat
  }

  /// Overwrites every learnable scalar from a flat vector in `forEachParameter` order.
  ///
  /// - Throws: `KANError.shapeMismatch` when the count differs, `.nonFinite` for a NaN.
  public mutating func setFlatParameters(_ flat: [Scalar]) throws(KANError) {
    let total = learnableCount()
    guard flat.count == total else {
      throw .shapeMismatch(what: "flat parameters", expected: [total], got: [flat.count])
    }
    if let index = flat.firstIndex(where: { !$0.isFinite }) {
      throw .nonFinite(what: "flat parameters", index: index)
    }
    var offset = 0
    forEachParameter { _, parameter, _ in
      parameter.replaceSubrange(
        0..<parameter.count, with: flat[offset..<(offset + parameter.count)])
      offset += parameter.count
    }
  }
}
