/// A function of pykan's symbolic library, which a fixed edge applies as `c f(a x + b) + d`.
///
/// The raw value is the function's stable id, the name pykan's `SYMBOLIC_LIB` uses; model files
/// store it. pykan's two aliases, `"x^0.5"` and `"1/x^0.5"`, parse (to ``sqrt`` and
/// ``inverseSqrt``) but are not cases, so a library lists each function once.
public enum SymbolicFunction: String, CaseIterable, Sendable, Hashable {
  /// `f(u) = u`.
  case x = "x"
  /// `f(u) = u^2`.
  case x2 = "x^2"
  /// `f(u) = u^3`.
  case x3 = "x^3"
  /// `f(u) = u^4`.
  case x4 = "x^4"
  /// `f(u) = u^5`.
  case x5 = "x^5"
  /// `f(u) = 1/u`.
  case inverse = "1/x"
  /// `f(u) = 1/u^2`.
  case inverse2 = "1/x^2"
  /// `f(u) = 1/u^3`.
  case inverse3 = "1/x^3"
  /// `f(u) = 1/u^4`.
  case inverse4 = "1/x^4"
  /// `f(u) = 1/u^5`.
  case inverse5 = "1/x^5"
  /// `f(u) = sqrt(u)`.
  case sqrt = "sqrt"
  /// `f(u) = u^1.5`.
  case x1p5 = "x^1.5"
  /// `f(u) = 1/sqrt(u)`.
  case inverseSqrt = "1/sqrt(x)"
  /// `f(u) = exp(u)`.
  case exp = "exp"
  /// `f(u) = log(u)`.
  case log = "log"
  /// `f(u) = |u|`.
  case abs = "abs"
  /// `f(u) = sin(u)`.
  case sin = "sin"
  /// `f(u) = cos(u)`.
  case cos = "cos"
  /// `f(u) = tan(u)`.
  case tan = "tan"
  /// `f(u) = tanh(u)`.
  case tanh = "tanh"
  /// `f(u) = sgn(u)`.
  case sgn = "sgn"
  /// `f(u) = arcsin(u)`.
  case arcsin = "arcsin"
  /// `f(u) = arccos(u)`.
  case arccos = "arccos"
  /// `f(u) = arctan(u)`.
  case arctan = "arctan"
  /// `f(u) = arctanh(u)`.
  case arctanh = "arctanh"
  /// `f(u) = 0`: the edge is the constant `d`.
  case zero = "0"
  /// `f(u) = exp(-u^2)`.
  case gaussian = "gaussian"

  /// The stable id stored in model files, as pykan names the function (`"sin"`, `"x^2"`).
  public var id: String { rawValue }

  /// The function with this id, or with one of pykan's aliases `"x^0.5"`, `"1/x^0.5"`.
  ///
  /// - Parameter id: A stable id such as `"sin"` or `"x^2"`.
  /// - Throws: `SymbolicError.unknownFunction`, listing every valid id.
  public init(id: String) throws(SymbolicError) {
    switch id {
    case "x^0.5": self = .sqrt
    case "1/x^0.5": self = .inverseSqrt
    default:
      guard let function = SymbolicFunction(rawValue: id) else {
        throw .unknownFunction(id: id, valid: SymbolicFunction.allCases.map(\.id))
      }
      self = function
    }
  }

  /// pykan's complexity of the function, the cost its ranking weighs against the fit.
  ///
  ///     0: 0    x: 1    x^2, 1/x, 1/x^2, sqrt, 1/sqrt(x), exp, log, sin, cos: 2
  ///     x^3, x^4, x^5, 1/x^3, abs, tan, tanh, sgn, gaussian: 3
  ///     1/x^4, x^1.5, arcsin, arccos, arctan, arctanh: 4    1/x^5: 5
  public var complexity: Int {
    switch self {
    case .zero: return 0
    case .x: return 1
    case .x2, .inverse, .inverse2, .sqrt, .inverseSqrt, .exp, .log, .sin, .cos: return 2
    case .x3, .x4, .x5, .inverse3, .abs, .tan, .tanh, .sgn, .gaussian: return 3
    case .inverse4, .x1p5, .arcsin, .arccos, .arctan, .arctanh: return 4
    case .inverse5: return 5
    }
  }

  /// `n` for `1/x^n`, 0 for every other function.
  var inversePower: Int {
    switch self {
    case .inverse: return 1
    case .inverse2: return 2
    case .inverse3: return 3
    case .inverse4: return 4
    case .inverse5: return 5
    default: return 0
    }
  }
}
