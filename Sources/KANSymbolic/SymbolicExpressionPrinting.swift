extension SymbolicExpression: CustomStringConvertible {
  /// The expression in Python and sympy syntax, numbers to 4 significant digits.
  ///
  ///     1.5*sin(3*x1 + 1) + 0.3     exp(-(x - 0.5)**2)     2/x**2 - sqrt(x)
  public var description: String { formatted(significantDigits: 4) }

  /// The expression in Python and sympy syntax.
  ///
  ///     powers u**2, u**(-0.5)     division for negative powers: 2*x/y**2
  ///     a coefficient of 1 is left out, of -1 written as a minus: -x; a - b instead of a + -b
  ///
  /// Variable names are printed as given: they must be Python identifiers for Python to parse
  /// the result.
  ///
  /// - Parameter digits: The significant digits of every number.
  /// - Returns: The text.
  public func formatted(significantDigits digits: Int = 4) -> String {
    render(digits).text
  }

  /// The text and its precedence: 1 sum, 2 product or leading minus, 3 power, 4 atom.
  private func render(_ digits: Int) -> (text: String, precedence: Int) {
    switch self {
    case .constant(let c):
      return (formatNumber(c, significantDigits: digits), c < 0 ? 2 : 4)
    case .variable(let name): return (name, 4)
    case .call(let f, let argument): return ("\(f.rawValue)(\(argument.render(digits).text))", 4)
    case .power(_, let p) where p < 0: return SymbolicExpression.product([self]).render(digits)
    case .power(let base, let p):
      return (base.operand(digits, above: 4) + "**" + formatNumber(p, significantDigits: digits), 3)
    case .product(let factors): return (renderProduct(factors, digits), 2)
    case .sum(let terms):
      var text = ""
      for term in terms {
        let rendered = term.render(digits).text
        if text.isEmpty {
          text = rendered
        } else if rendered.hasPrefix("-") {
          text += " - " + rendered.dropFirst()
        } else {
          text += " + " + rendered
        }
      }
      return (text.isEmpty ? "0" : text, 1)
    }
  }

  /// The text of an operand, in parentheses unless its precedence is at least `minimum`.
  private func operand(_ digits: Int, above minimum: Int) -> String {
    let (text, precedence) = render(digits)
    return precedence >= minimum ? text : "(" + text + ")"
  }

  /// `c*u*v/(w**2*z)`: the coefficient, the factors with non-negative powers, then those with
  /// negative powers as a denominator.
  private func renderProduct(_ factors: [SymbolicExpression], _ digits: Int) -> String {
    var coefficient = ""
    var numerator: [String] = []
    var denominator: [SymbolicExpression] = []
    for (k, factor) in factors.enumerated() {
      switch factor {
      case .constant(let c) where k == 0: coefficient = formatNumber(c, significantDigits: digits)
      case .power(let base, let p) where p < 0:
        denominator.append(p == -1 ? base : .power(base, -p))
      default: numerator.append(factor.operand(digits, above: 3))
      }
    }
    if numerator.isEmpty {
      numerator = [coefficient == "-1" ? "-1" : (coefficient.isEmpty ? "1" : coefficient)]
    } else if coefficient == "-1" {
      numerator[0] = "-" + numerator[0]
    } else if !coefficient.isEmpty, coefficient != "1" {
      numerator.insert(coefficient, at: 0)
    }
    let top = numerator.joined(separator: "*")
    switch denominator.count {
    case 0: return top
    case 1: return top + "/" + denominator[0].operand(digits, above: 3)
    default:
      return top + "/(" + denominator.map { $0.operand(digits, above: 3) }.joined(separator: "*")
        + ")"
    }
  }
}
