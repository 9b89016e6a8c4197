extension SymbolicExpression {
  /// Evaluates the expression as Python's `math` module would, at given values of its inputs.
  ///
  ///     sum: sum of terms   product: product of factors   power: base ** p   call: f(argument)
  ///
  /// Functions are the true ones, not the singularity-avoiding versions of the fixed edges, so
  /// this is the value of the printed formula (to the printed digits).
  ///
  /// - Parameter values: A value for every variable, by name.
  /// - Returns: The value.
  /// - Throws: `SymbolicError.unboundVariable` for a variable without a value, and
  ///   `SymbolicError.nonFiniteValue` naming the first subexpression that is NaN or infinite
  ///   (such as `log` of a negative number).
  public func evaluate(_ values: [String: Double]) throws(SymbolicError) -> Double {
    let value: Double
    switch self {
    case .constant(let c): value = c
    case .variable(let name):
      guard let bound = values[name] else {
        throw .unboundVariable(name: name, bound: values.keys.sorted())
      }
      value = bound
    case .sum(let terms):
      var total = 0.0
      for term in terms { total += try term.evaluate(values) }
      value = total
    case .product(let factors):
      var total = 1.0
      for factor in factors { total *= try factor.evaluate(values) }
      value = total
    case .power(let base, let p): value = LibM.power(try base.evaluate(values), p)
    case .call(let f, let argument): value = f(try argument.evaluate(values))
    }
    guard value.isFinite else { throw .nonFiniteValue(expression: description, value: value) }
    return value
  }
}
