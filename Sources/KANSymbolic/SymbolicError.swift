// KANSymbolic: symbolic regression for KAN edges. A library of functions f, the fit of
// y ~ c f(a x + b) + d to an edge's samples, pykan's ranking, and formula expressions that Python
// and sympy parse as printed. Double precision, standard library only, no dependency on a layer.

/// An error thrown by the symbolic-regression module when an input cannot be used as given.
///
/// Every message says what was wrong and what to do about it.
public enum SymbolicError: Error, Equatable, CustomStringConvertible {
  /// A function id (from a model file or a command line) names no library function.
  case unknownFunction(id: String, valid: [String])
  /// The x and y samples of an edge have different lengths.
  case sampleCountMismatch(x: Int, y: Int)
  /// Too few samples to fit the four parameters' linear part (`c` and `d`).
  case tooFewSamples(count: Int, minimum: Int)
  /// A sample is NaN or infinite.
  case nonFiniteSample(what: String, index: Int, value: Double)
  /// An option is out of its allowed range.
  case invalidOption(name: String, reason: String)
  /// An expression names a variable that has no value.
  case unboundVariable(name: String, bound: [String])
  /// An expression evaluated to NaN or an infinity (an argument outside a function's domain).
  case nonFiniteValue(expression: String, value: Double)

  /// A message that says what was wrong and what to do.
  public var description: String {
    switch self {
    case .unknownFunction(let id, let valid):
      return "unknown symbolic function \"\(id)\"; use one of: "
        + valid.joined(separator: ", ") + "."
    case .sampleCountMismatch(let x, let y):
      return "the edge has \(x) x samples but \(y) y samples; pass one y for every x."
    case .tooFewSamples(let count, let minimum):
      return "the edge has \(count) samples; a fit needs at least \(minimum), pass more rows."
    case .nonFiniteSample(let what, let index, let value):
      return "\(what)[\(index)] is \(value); remove or replace non-finite samples "
        + "(NaN, +-infinity) before fitting."
    case .invalidOption(let name, let reason):
      return "invalid \(name): \(reason)."
    case .unboundVariable(let name, let bound):
      return "the expression uses the variable \(name), which has no value; give values for: "
        + bound.joined(separator: ", ") + "."
    case .nonFiniteValue(let expression, let value):
      return "\(expression) evaluates to \(value) at these inputs (an argument outside the "
        + "function's domain); evaluate the formula inside the range it was fitted on."
    }
  }
}
