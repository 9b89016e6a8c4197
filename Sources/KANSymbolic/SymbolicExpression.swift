/// A formula over named inputs, such as a whole network's `formula()`.
///
///     e ::= constant | variable | e + e + ... | e * e * ... | e ** p | f(e)
///
/// Build one from fixed edges (``SymbolicEdge/expression(of:)``) and the operators `+`, `*`,
/// then call ``simplified(dropBelow:)`` and print it: ``description`` is valid Python and sympy
/// (`**` for powers, `exp(...)`, numbers to 4 significant digits).
public indirect enum SymbolicExpression: Sendable, Hashable {
  /// A number.
  case constant(Double)
  /// A named input, such as `x1` or a CSV column name.
  case variable(String)
  /// The sum of the terms.
  case sum([SymbolicExpression])
  /// The product of the factors.
  case product([SymbolicExpression])
  /// `base ** exponent`, with a numeric exponent.
  case power(SymbolicExpression, Double)
  /// An elementary function applied to an argument.
  case call(ElementaryFunction, SymbolicExpression)

  /// `lhs + rhs`, as a flat sum.
  ///
  /// - Parameters:
  ///   - lhs: A term.
  ///   - rhs: Another term.
  /// - Returns: `.sum` of the terms of both.
  public static func + (lhs: SymbolicExpression, rhs: SymbolicExpression) -> SymbolicExpression {
    .sum(lhs.terms + rhs.terms)
  }

  /// `lhs * rhs`, as a flat product.
  ///
  /// - Parameters:
  ///   - lhs: A factor.
  ///   - rhs: Another factor.
  /// - Returns: `.product` of the factors of both.
  public static func * (lhs: SymbolicExpression, rhs: SymbolicExpression) -> SymbolicExpression {
    .product(lhs.factors + rhs.factors)
  }

  /// The terms of a sum, or the expression itself.
  var terms: [SymbolicExpression] {
    if case .sum(let terms) = self { return terms }
    return [self]
  }

  /// The factors of a product, or the expression itself.
  var factors: [SymbolicExpression] {
    if case .product(let factors) = self { return factors }
    return [self]
  }
}

/// A function that Python's `math` module and sympy both know by this name.
public enum ElementaryFunction: String, Sendable, Hashable, CaseIterable {
  /// `e^u`.
  case exp
  /// `ln u`.
  case log
  /// `sqrt(u)`.
  case sqrt
  /// `sin u`.
  case sin
  /// `cos u`.
  case cos
  /// `tan u`.
  case tan
  /// `tanh u`.
  case tanh
  /// `|u|` (Python's built-in `abs`, sympy's `Abs`).
  case abs
  /// `sgn u` (sympy's `sign`; Python's `math` has none, so a caller defines it).
  case sign
  /// `arcsin u`.
  case asin
  /// `arccos u`.
  case acos
  /// `arctan u`.
  case atan
  /// `arctanh u`.
  case atanh

  /// Evaluates the function as Python's `math` module does (NaN outside the domain).
  ///
  /// - Parameter u: The argument.
  /// - Returns: `f(u)`.
  func callAsFunction(_ u: Double) -> Double {
    switch self {
    case .exp: return LibM.exponential(u)
    case .log: return LibM.logarithm(u)
    case .sqrt: return u.squareRoot()
    case .sin: return LibM.sine(u)
    case .cos: return LibM.cosine(u)
    case .tan: return LibM.tangent(u)
    case .tanh: return LibM.hyperbolicTangent(u)
    case .abs: return Swift.abs(u)
    case .sign: return u > 0 ? 1 : (u < 0 ? -1 : 0)
    case .asin: return LibM.arcsine(u)
    case .acos: return LibM.arccosine(u)
    case .atan: return LibM.arctangent(u)
    case .atanh: return LibM.hyperbolicArctangent(u)
    }
  }
}
