/// What went wrong in the efficient track, said so a user can fix it.
///
/// Every public entry point that takes user data validates it and throws one of these instead
/// of trapping or returning NaN.
public enum KANError: Error, Equatable, CustomStringConvertible {
  /// An array's shape does not match what the operation needs.
  case shapeMismatch(what: String, expected: [Int], got: [Int])
  /// A tensor's element count does not match the product of its shape.
  case countMismatch(shape: [Int], count: Int)
  /// A value is NaN or infinite.
  case nonFinite(what: String, index: Int)
  /// A batch with no samples.
  case emptyBatch(what: String)
  /// A hyper-parameter outside its valid range.
  case invalidArgument(name: String, value: String, expected: String)
  /// `backward` was called before `forward`, or with a batch other than the last forward's.
  case noForwardPass(layer: Int)
  /// Too few distinct samples to determine the basis coefficients.
  case tooFewDistinctSamples(feature: Int, distinct: Int, needed: Int)
  /// A model description that cannot be built or loaded.
  case invalidModel(String)

  /// A sentence saying what was wrong and what to do.
  public var description: String {
    switch self {
    case .shapeMismatch(let what, let expected, let got):
      return "\(what) has shape \(got), expected \(expected): reshape the input to match the model"
    case .countMismatch(let shape, let count):
      let product = KANLimits.product(shape).map(String.init) ?? "more than Int.max"
      return "shape \(shape) holds \(product) elements but \(count) values were given"
    case .nonFinite(let what, let index):
      return "\(what) holds a NaN or infinite value at flat index \(index): clean the data "
        + "(or lower the learning rate if this arose during training)"
    case .emptyBatch(let what):
      return "\(what) is an empty batch: pass at least one sample"
    case .invalidArgument(let name, let value, let expected):
      return "\(name) = \(value) is invalid: expected \(expected)"
    case .noForwardPass(let layer):
      return "layer \(layer): backward needs the activations of a forward pass on the same batch;"
        + " call forward first"
    case .tooFewDistinctSamples(let feature, let distinct, let needed):
      return "input feature \(feature) has \(distinct) distinct sample values but the fit needs "
        + "at least \(needed): use a larger or more varied batch"
    case .invalidModel(let message):
      return message
    }
  }
}
