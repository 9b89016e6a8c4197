extension SymbolicFunction {
  /// The function applied to an expression, in the elementary functions and powers that Python
  /// and sympy print.
  ///
  ///     x: u   x^n: u**n   1/x^n: u**(-n)   sqrt: sqrt(u)   x^1.5: u**1.5   1/sqrt(x): 1/sqrt(u)
  ///     sgn: sign(u)   arcsin: asin(u) ...   0: 0   gaussian: exp(-u**2)
  ///
  /// - Parameter u: The argument.
  /// - Returns: `f(u)` as an expression.
  public func expression(of u: SymbolicExpression) -> SymbolicExpression {
    if let f = elementary { return .call(f, u) }
    switch self {
    case .x2, .x3, .x4, .x5: return .power(u, Double(rawValue.dropFirst(2)) ?? 1)
    case .inverse, .inverse2, .inverse3, .inverse4, .inverse5:
      return .power(u, -Double(inversePower))
    case .x1p5: return .power(u, 1.5)
    case .inverseSqrt: return .power(.call(.sqrt, u), -1)
    case .zero: return .constant(0)
    case .gaussian: return .call(.exp, .constant(-1) * .power(u, 2))
    default: return u  // x
    }
  }

  /// The elementary function sympy knows this function as, if it is one: the same name for
  /// `exp`, `log`, `sqrt`, `sin`, `cos`, `tan`, `tanh`, `abs`; `sign`, `asin`, `acos`, `atan`,
  /// `atanh` for `sgn` and the `arc` functions.
  var elementary: ElementaryFunction? {
    switch self {
    case .sgn: return .sign
    case .arcsin: return .asin
    case .arccos: return .acos
    case .arctan: return .atan
    case .arctanh: return .atanh
    default: return ElementaryFunction(rawValue: rawValue)
    }
  }
}

extension SymbolicEdge {
  /// The edge applied to an expression, unsimplified.
  ///
  ///     c * f(a * input + b) + d
  ///
  /// - Parameter input: The edge's input: a variable, or the expression of the node before.
  /// - Returns: The edge's output as an expression.
  public func expression(of input: SymbolicExpression) -> SymbolicExpression {
    let u = .constant(a) * input + .constant(b)
    return .constant(c) * function.expression(of: u) + .constant(d)
  }
}

extension SymbolicExpression {
  /// The outputs of a layer whose edges are all fixed, as expressions of its inputs.
  ///
  ///     y_j = sum_i (c_ji f_ji(a_ji x_i + b_ji) + d_ji)
  ///
  /// Chain it layer by layer from `.variable` inputs, then call ``simplified(dropBelow:)`` on the
  /// outputs: the network's formula. A pruned edge is `SymbolicEdge(.zero, c: 0, d: 0)`.
  ///
  /// - Parameters:
  ///   - edges: The fixed edges, `edges[j][i]` from input `i` to output `j`; edges is (out, in).
  ///   - inputs: The layer's inputs; inputs is (in).
  /// - Returns: The layer's outputs, unsimplified; the result is (out).
  /// - Throws: `SymbolicError.invalidOption` when a row of `edges` does not have one edge per
  ///   input.
  public static func layer(_ edges: [[SymbolicEdge]], inputs: [SymbolicExpression])
    throws(SymbolicError) -> [SymbolicExpression]
  {
    if let j = edges.firstIndex(where: { $0.count != inputs.count }) {
      throw .invalidOption(
        name: "edges[\(j)]",
        reason: "it has \(edges[j].count) edges for \(inputs.count) inputs; pass one per input")
    }
    return edges.map { row in
      .sum(zip(row, inputs).map { edge, input in edge.expression(of: input) })
    }
  }
}
