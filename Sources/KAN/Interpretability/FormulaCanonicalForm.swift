import KANSymbolic

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SymbolicExpression {
  /// The same function written the way a person would, then simplified: fits land on any of
  /// a function's equivalent forms (`sin(-3.142 x + 9.425)` is `sin(3.142 x)`), and constants
  /// inside an exponential are factored out.
  ///
  ///     exp(u + q)         ->  e^q exp(u)
  ///     sin(u + q)         ->  (-1)^m sin(u + q - m pi),   m = round(q / pi)     (cos alike)
  ///     sin(u +- pi/2)     ->  +-cos(u),     cos(u +- pi/2) -> -+sin(u)
  ///     tan(u + q)         ->  tan(u + q - m pi)
  ///     sqrt(a t + ...)    ->  sqrt(a) sqrt(t + .../a)      a > 0
  ///     f(-u), f odd       ->  -f(u)      sin, tan, tanh, asin, atan, atanh, sign
  ///     f(-u), f even      ->  f(u)       cos, abs
  ///     (a t + ...)**n     ->  a**n (t + .../a)**n          n an integer
  ///
  /// where `-u` is an argument whose first term has a negative coefficient. Each rule keeps the
  /// value at every point, except that a phase within 1e-4 of a quarter turn is taken as one.
  ///
  /// - Parameter threshold: the smallest coefficient kept (see `simplified(dropBelow:)`).
  /// - Returns: the rewritten, simplified expression.
  public func canonicalized(dropBelow threshold: Double = 1e-4) -> SymbolicExpression {
    canonicalForm().simplified(dropBelow: threshold)
  }

  /// The rewrite of `canonicalized`, bottom-up, unsimplified at the top.
  private func canonicalForm() -> SymbolicExpression {
    switch self {
    case .constant, .variable: return self
    case .sum(let terms): return .sum(terms.map { $0.canonicalForm() })
    case .product(let factors): return .product(factors.map { $0.canonicalForm() })
    case .power(let base, let p):
      let u = base.canonicalForm().simplified(dropBelow: 0)
      guard p == p.rounded(), case .sum = u, let a = u.leadingCoefficient, a != 0 else {
        return .power(u, p)
      }
      return .constant(pow(a, p)) * .power((.constant(1 / a) * u).simplified(dropBelow: 0), p)
    case .call(let f, let argument):
      return Self.canonicalCall(f, argument.canonicalForm().simplified(dropBelow: 0))
    }
  }

  /// `f(u)` for a canonical, simplified `u` (see `canonicalized`).
  private static func canonicalCall(_ f: ElementaryFunction, _ u: SymbolicExpression)
    -> SymbolicExpression
  {
    var (f, u, sign) = (f, u, 1.0)
    let (rest, q) = u.splitConstant
    switch f {
    case .exp:
      let factor = exp(q)
      return factor.isFinite && q != 0 ? .constant(factor) * .call(.exp, rest) : .call(f, u)
    case .sqrt:
      guard let a = u.leadingCoefficient, a > 0, a != 1 else { return .call(f, u) }
      return .constant(a.squareRoot())
        * .call(.sqrt, (.constant(1 / a) * u).simplified(dropBelow: 0))
    case .sin, .cos, .tan:
      let m = (q / Double.pi).rounded()
      var shift = q - m * Double.pi  // in [-pi/2, pi/2]
      if f != .tan && Int(m) % 2 != 0 { sign = -sign }
      if f != .tan && abs(abs(shift) - Double.pi / 2) < quarterTurnTolerance {
        // sin(v + pi/2) = cos v, sin(v - pi/2) = -cos v, cos(v + pi/2) = -sin v, cos(v - pi/2) = sin v
        if (f == .sin) != (shift > 0) { sign = -sign }
        (f, shift) = (f == .sin ? .cos : .sin, 0)
      }
      if m != 0 || shift != q { u = (rest + .constant(shift)).simplified(dropBelow: 0) }
    default: break
    }
    let odd: Set<ElementaryFunction> = [.sin, .tan, .tanh, .asin, .atan, .atanh, .sign]
    let even: Set<ElementaryFunction> = [.cos, .abs]
    if u.leadingCoefficientIsNegative && (odd.contains(f) || even.contains(f)) {
      u = u.negated
      if odd.contains(f) { sign = -sign }
    }
    return sign == 1 ? .call(f, u) : .constant(-1) * .call(f, u)
  }

  /// How close a phase must be to a quarter turn to be read as one (`sin(v + 1.5708)` is
  /// `cos v`); as `simplified` drops constants below 1e-4, this drops a phase error below it.
  private static let quarterTurnTolerance = 1e-4

  /// The expression split into its non-constant part and its constant term.
  private var splitConstant: (rest: SymbolicExpression, constant: Double) {
    switch self {
    case .constant(let c): return (.constant(0), c)
    case .sum(let terms):
      guard case .constant(let c) = terms.last else { return (self, 0) }
      let rest = Array(terms.dropLast())
      return (rest.count == 1 ? rest[0] : .sum(rest), c)
    default: return (self, 0)
    }
  }

  /// Whether the first term's numeric coefficient is negative.
  private var leadingCoefficientIsNegative: Bool { (leadingCoefficient ?? 1) < 0 }

  /// The numeric coefficient of the first term (1 for a term without one).
  private var leadingCoefficient: Double? {
    switch self {
    case .constant(let c): return c
    case .sum(let terms): return terms.first?.leadingCoefficient
    case .product(let factors):
      guard case .constant(let c) = factors.first else { return 1 }
      return c
    default: return 1
    }
  }

  /// `-u`, simplified.
  private var negated: SymbolicExpression {
    (.constant(-1) * self).simplified(dropBelow: 0)
  }
}
