extension SymbolicExpression {
  /// The expression in a canonical, simpler form with the same value wherever it is defined.
  ///
  ///     constants folded        f(2) -> 0.9093,  2 * 3 * x -> 6*x,  x + 1 + 2 -> x + 3
  ///     affine maps folded      a*(p*x + q) + b -> (a p)*x + (a q + b)
  ///     like terms merged       2*sin(x) + 3*sin(x) -> 5*sin(x),  x * x -> x**2
  ///     powers                  u**1 -> u,  u**0 -> 1,  (u**p)**n -> u**(p n),
  ///                             (c*u)**n -> c**n * u**n        (n an integer)
  ///     small terms dropped     |coefficient| < threshold, in every sum
  ///
  /// Terms and factors keep the order in which they first appear, with the constant term last
  /// and the numeric coefficient first, so the result is deterministic. Two terms are alike when
  /// their non-numeric parts print the same to 12 significant digits. Dropping a term changes
  /// the value by at most `threshold` times that term's size, which may be large for a term such
  /// as `1e-5*exp(20*x)`; pass `dropBelow: 0` to keep every term.
  ///
  /// - Parameter threshold: The smallest `|coefficient|` (or `|constant term|`) kept in a sum.
  /// - Returns: The simplified expression.
  public func simplified(dropBelow threshold: Double = 1e-4) -> SymbolicExpression {
    let simplifier = Simplifier(threshold: threshold)
    return simplifier.simplify(self)
  }
}

/// The rewriting rules of ``SymbolicExpression/simplified(dropBelow:)``, applied bottom-up: each node is
/// rebuilt from its simplified children by a constructor that returns a canonical form.
private struct Simplifier {
  /// The smallest coefficient kept in a sum.
  let threshold: Double

  /// Simplifies the children, then the node.
  func simplify(_ e: SymbolicExpression) -> SymbolicExpression {
    switch e {
    case .constant, .variable: return e
    case .sum(let terms): return sum(terms.map(simplify))
    case .product(let factors): return product(factors.map(simplify))
    case .power(let base, let p): return power(simplify(base), p)
    case .call(let f, let argument): return call(f, simplify(argument))
    }
  }

  /// `f(argument)`, folded when the argument is a constant and the value finite.
  private func call(_ f: ElementaryFunction, _ argument: SymbolicExpression) -> SymbolicExpression {
    if case .constant(let c) = argument, f(c).isFinite { return .constant(f(c)) }
    return .call(f, argument)
  }

  /// `base ** p` for a simplified base.
  private func power(_ base: SymbolicExpression, _ p: Double) -> SymbolicExpression {
    if p == 0 { return .constant(1) }
    if p == 1 { return base }
    let integer = p == p.rounded()
    switch base {
    case .constant(let c) where LibM.power(c, p).isFinite: return .constant(LibM.power(c, p))
    case .power(let inner, let q) where integer: return power(inner, q * p)
    case .product(let factors) where integer: return product(factors.map { power($0, p) })
    default: return .power(base, p)
    }
  }

  /// The product of simplified factors: one coefficient first, equal bases merged, and a
  /// coefficient times a single sum distributed over the sum's terms.
  private func product(_ factors: [SymbolicExpression]) -> SymbolicExpression {
    var coefficient = 1.0
    var bases = OrderedGroups()
    for factor in factors.flatMap(\.factors) {
      switch factor {
      case .constant(let c): coefficient *= c
      case .power(let base, let p): bases.add(base, p)
      default: bases.add(factor, 1)
      }
    }
    var rest: [SymbolicExpression] = []
    for group in bases.groups where group.weight != 0 {
      // A power can fold to a constant, or to a product for (c*u)**n: flatten it in.
      for factor in power(group.expression, group.weight).factors {
        if case .constant(let c) = factor { coefficient *= c } else { rest.append(factor) }
      }
    }
    if coefficient == 0 { return .constant(0) }
    guard let first = rest.first else { return .constant(coefficient) }
    if rest.count == 1, case .sum(let terms) = first, coefficient != 1 {
      return sum(terms.map { product([.constant(coefficient), $0]) })
    }
    if coefficient == 1, rest.count == 1 { return first }
    return .product((coefficient == 1 ? [] : [.constant(coefficient)]) + rest)
  }

  /// The sum of simplified terms: like terms merged, small ones dropped, the constant last.
  private func sum(_ terms: [SymbolicExpression]) -> SymbolicExpression {
    var constant = 0.0
    var groups = OrderedGroups()
    for term in terms.flatMap(\.terms) {
      if case .constant(let c) = term {
        constant += c
        continue
      }
      let (coefficient, rest) = splitCoefficient(term)
      groups.add(rest, coefficient)
    }
    var result = groups.groups.filter { Swift.abs($0.weight) >= threshold && $0.weight != 0 }
      .map { product([.constant($0.weight), $0.expression]) }
    if Swift.abs(constant) >= threshold, constant != 0 { result.append(.constant(constant)) }
    guard result.count > 1 else { return result.first ?? .constant(0) }
    return .sum(result)
  }

  /// A simplified term as its numeric coefficient and the rest.
  private func splitCoefficient(_ term: SymbolicExpression) -> (Double, SymbolicExpression) {
    guard case .product(let factors) = term, case .constant(let c) = factors.first else {
      return (1, term)
    }
    let rest = Array(factors.dropFirst())
    return (c, rest.count == 1 ? rest[0] : .product(rest))
  }
}

/// Expressions with a numeric weight each (an exponent, a coefficient), merged when they print
/// alike, in order of first appearance.
private struct OrderedGroups {
  /// The groups, in order of first appearance.
  private(set) var groups: [(expression: SymbolicExpression, weight: Double)] = []
  /// The index of each group by its printed key.
  private var index: [String: Int] = [:]

  /// Adds `weight` to the group of `expression`, starting one if there is none.
  mutating func add(_ expression: SymbolicExpression, _ weight: Double) {
    let key = expression.formatted(significantDigits: 12)
    if let k = index[key] {
      groups[k].weight += weight
    } else {
      index[key] = groups.count
      groups.append((expression, weight))
    }
  }
}
