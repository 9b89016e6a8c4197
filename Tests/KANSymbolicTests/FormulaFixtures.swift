import Foundation

@testable import KANSymbolic

/// A formula built from fixed edges, with the value its edges compute directly.
struct FormulaFixture {
  /// The unsimplified expression, as a network's `formula()` builds it.
  let expression: SymbolicExpression
  /// How far simplification may move the value: the size of the dropped terms.
  var dropped = 0.0
  /// `sum of c f(a x + b) + d` evaluated edge by edge (`SymbolicEdge.callAsFunction`).
  let direct: ([String: Double]) -> Double
}

/// The formulas whose printed form `Tests/Symbolic/printed-formulas.tsv` pins, by name; the
/// script `Tests/Symbolic/check_formulas_sympy.py` checks that Python and sympy parse the same
/// strings to the same values.
let formulaFixtures: [String: FormulaFixture] = {
  let x1 = SymbolicExpression.variable("x1")
  let x2 = SymbolicExpression.variable("x2")
  var fixtures: [String: FormulaFixture] = [:]

  let sine = SymbolicEdge(.sin, a: 3, b: 1, c: 1.5, d: 0.3)
  fixtures["affine-sin"] = FormulaFixture(expression: sine.expression(of: x1)) {
    sine($0["x1", default: .nan])
  }

  // The showcase, exp(sin(pi x1) + x2^2), as a [2, 1, 1] network of fixed edges.
  let (showSin, showSquare) = (SymbolicEdge(.sin, a: 3.142), SymbolicEdge(.x2))
  let showExp = SymbolicEdge(.exp)
  fixtures["showcase"] = FormulaFixture(
    expression: showExp.expression(of: showSin.expression(of: x1) + showSquare.expression(of: x2))
  ) { showExp(showSin($0["x1", default: .nan]) + showSquare($0["x2", default: .nan])) }

  // An affine edge feeding another: the inner a, b, c, d fold into the outer argument.
  let (inner, outer) = (
    SymbolicEdge(.x, a: 3, b: -1, c: 0.5, d: 0.1),
    SymbolicEdge(
      .tanh, a: 2, b: 0.5, c: -1.5, d: 0.25)
  )
  fixtures["nested-affine"] = FormulaFixture(
    expression: outer.expression(of: inner.expression(of: x1))
  ) {
    outer(inner($0["x1", default: .nan]))
  }

  // Like terms merge; a term with |c| below 1e-4 is dropped (its value is in `direct`).
  let like = [
    SymbolicEdge(.sin, c: 2, d: 1), SymbolicEdge(.sin, c: 3, d: -1), SymbolicEdge(.x, c: 1e-6),
  ]
  fixtures["merged-terms"] = FormulaFixture(
    expression: like[0].expression(of: x1) + like[1].expression(of: x1)
      + like[2].expression(of: x2),
    dropped: 1e-6
  ) {
    like[0]($0["x1", default: .nan]) + like[1]($0["x1", default: .nan])
      + like[2]($0["x2", default: .nan])
  }

  // Minus signs, a coefficient of -1, a large and a small coefficient, a negative constant.
  let signs = [
    SymbolicEdge(.inverse, a: 1, b: 2, c: -1), SymbolicEdge(.x, c: 123_400),
    SymbolicEdge(.x3, a: 1, b: -1, c: -1, d: -2.5), SymbolicEdge(.sqrt, a: 2, b: 1, c: 0.00025),
  ]
  fixtures["signs-and-scales"] = FormulaFixture(
    expression: signs[0].expression(of: x2) + signs[1].expression(of: x1)
      + signs[2].expression(of: x1) + signs[3].expression(of: x2)
  ) {
    signs[0]($0["x2", default: .nan]) + signs[1]($0["x1", default: .nan])
      + signs[2]($0["x1", default: .nan]) + signs[3]($0["x2", default: .nan])
  }

  // One known edge of every library function, summed: every function's printed form.
  let library = SymbolicFunction.allCases.map(knownEdge)
  fixtures["whole-library"] = FormulaFixture(
    expression: library.map { $0.expression(of: x1) }.reduce(.constant(0), +)
  ) { values in library.map { $0(values["x1", default: .nan]) }.reduce(0, +) }
  return fixtures
}()

/// One line of `Tests/Symbolic/printed-formulas.tsv`: name, printed formula, point, value.
struct PrintedFormula {
  /// The fixture's name in `formulaFixtures`.
  let name: String
  /// The simplified expression's `description`.
  let formula: String
  /// The input values.
  let point: [String: Double]
  /// The expression's value at `point`.
  let value: Double
}

/// The lines of `Tests/Symbolic/printed-formulas.tsv` (comments starting with `#` skipped).
func printedFormulas() throws -> [PrintedFormula] {
  let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Symbolic/printed-formulas.tsv")
  let text = try String(contentsOf: url, encoding: .utf8)
  return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
    let fields = line.split(separator: "\t").map(String.init)
    let point = fields[2].split(separator: ",").map { $0.split(separator: "=") }
    return PrintedFormula(
      name: fields[0], formula: fields[1],
      point: Dictionary(uniqueKeysWithValues: point.map { (String($0[0]), Double($0[1]) ?? .nan) }),
      value: Double(fields[3]) ?? .nan)
  }
}
