// KANFromScratch: the blog "Kolmogorov-Arnold Networks from scratch", line by line, in Swift.
//
// What this module is: a frozen, readable reference. Double precision, nested arrays
// ([Double], [[Double]], [[[Double]]]), plain loops, no SIMD, no threads, one formula per
// function. What it is not: fast at scale. The efficient track (module KAN) is tested for parity
// against the types here, given the same weights and knots.

/// An error thrown by the from-scratch track when an input cannot be used as given.
///
/// Every message says what was wrong and what to do about it, so a learner who passes a vector of
/// the wrong length sees the expected length instead of a crash or a silent NaN.
public enum FromScratchError: Error, Equatable, CustomStringConvertible {
  /// An array had the wrong number of elements.
  case shapeMismatch(what: String, expected: Int, got: Int)
  /// An input held NaN or an infinity, which would turn every later number into NaN.
  case nonFiniteInput(what: String, index: Int, value: Double)
  /// A size or hyper-parameter was out of its allowed range.
  case invalidArgument(what: String, reason: String)
  /// A backward pass was asked for before any forward pass stored its inputs.
  case backwardBeforeForward(what: String)

  /// A message that says what was wrong and what to do.
  public var description: String {
    switch self {
    case .shapeMismatch(let what, let expected, let got):
      return "\(what) has \(got) elements but \(expected) were expected; "
        + "pass an array of length \(expected)."
    case .nonFiniteInput(let what, let index, let value):
      return "\(what)[\(index)] is \(value); remove or replace non-finite values "
        + "(NaN, +-infinity) before calling."
    case .invalidArgument(let what, let reason):
      return "invalid \(what): \(reason)."
    case .backwardBeforeForward(let what):
      return "\(what).backward was called before \(what).forward; "
        + "run forward on a sample first, it stores the inputs backward needs."
    }
  }
}

/// Checks that `values` has `count` finite elements, naming the array `what` in the error.
///
/// - Parameters:
///   - values: The array to check.
///   - count: The expected number of elements, or `nil` to accept any length.
///   - what: The name used in the error message, such as `"Layer.forward x"`; only built when
///     the check fails, so the hot path pays nothing for it.
/// - Throws: `FromScratchError.shapeMismatch` or `FromScratchError.nonFiniteInput`.
func validate(
  _ values: [Double], count: Int?, what: @autoclosure () -> String
) throws(FromScratchError) {
  if let count, values.count != count {
    throw .shapeMismatch(what: what(), expected: count, got: values.count)
  }
  for index in values.indices where !values[index].isFinite {
    throw .nonFiniteInput(what: what(), index: index, value: values[index])
  }
}
