import Foundation
import Testing

@testable import KANSymbolic

@Suite("Formulas print as Python and sympy read them (Tests/Symbolic/printed-formulas.tsv)")
struct FormulaPrintingTests {
  @Test("each fixture simplifies to its pinned string and evaluates to its pinned value")
  func fixturesPrintAsPinned() throws {
    let lines = try printedFormulas()
    #expect(Set(lines.map(\.name)) == Set(formulaFixtures.keys))
    for line in lines {
      let fixture = try #require(formulaFixtures[line.name])
      let simplified = fixture.expression.simplified()
      #expect(simplified.description == line.formula, "\(line.name)")
      let value = try simplified.evaluate(line.point)
      #expect(abs(value - line.value) <= 1e-12 * max(1, abs(value)), "\(line.name)")
    }
  }

  @Test("simplifying keeps the value: simplified = unsimplified = the edges computed directly")
  func simplifyingKeepsTheValue() throws {
    for (name, fixture) in formulaFixtures {
      for point in [["x1": 0.3, "x2": -0.4], ["x1": -0.7, "x2": 0.55]] {
        let direct = fixture.direct(point)
        let plain = try fixture.expression.evaluate(point)
        let simplified = try fixture.expression.simplified().evaluate(point)
        let tolerance = 1e-12 * max(1, abs(direct))
        #expect(abs(plain - direct) <= tolerance, "\(name) at \(point)")
        #expect(abs(simplified - direct) <= tolerance + fixture.dropped, "\(name) at \(point)")
      }
    }
  }

  @Test(
    "numbers: 4 significant digits, no trailing zeros, %g's switch to exponents",
    arguments: [
      (1.5, "1.5"), (3.0, "3"), (3.14159, "3.142"), (-0.000123456, "-0.0001235"),
      (123_456, "1.235e5"), (1e-7, "1e-7"), (9.99996, "10"), (0.3, "0.3"), (0, "0"),
      (-2.5e-12, "-2.5e-12"), (1234.4, "1234"), (0.1 + 0.2, "0.3"),
    ])
  func numbersPrintWithFourDigits(value: Double, text: String) {
    #expect(formatNumber(value, significantDigits: 4) == text)
  }

  @Test("operators: no 1*, no + -, -x for -1*x, parentheses only where Python needs them")
  func operatorsPrintAsPythonReadsThem() {
    let (x, y, z) = (
      SymbolicExpression.variable("x"), SymbolicExpression.variable("y"),
      SymbolicExpression.variable("z")
    )
    let cases: [(SymbolicExpression, String)] = [
      (.product([.constant(1), x]), "x"),
      (.sum([x, .constant(-2)]), "x - 2"),
      (.sum([x, .product([.constant(-3), y])]), "x - 3*y"),
      (.product([.constant(-1), x]), "-x"),
      (.power(x + .constant(1), 2), "(x + 1)**2"),
      (.power(.power(x, 2), 3), "(x**2)**3"),
      (.power(.constant(-2), 0.5), "(-2)**0.5"),
      (.product([.constant(-1), .power(x, 2)]), "-x**2"),
      (.product([.constant(2), x, .power(y, -2), .power(z, -1)]), "2*x/(y**2*z)"),
      (.power(x + y, -1), "1/(x + y)"),
      (.call(.exp, .product([.constant(-1), .power(x, 2)])), "exp(-x**2)"),
    ]
    for (expression, text) in cases { #expect(expression.description == text) }
  }
}

@Suite(
  "Simplification: constants folded, affine maps folded, like terms merged, small terms dropped")
struct FormulaSimplificationTests {
  let x = SymbolicExpression.variable("x")

  @Test("c f(a (p x + q) + b) + d folds p and q into the argument")
  func affineCompositionFolds() {
    let inner = SymbolicEdge(.x, a: 2, b: 1, c: 3, d: -1).expression(of: x)  // 3 (2x + 1) - 1
    let outer = SymbolicEdge(.sin, a: 0.5, b: 0.25, c: 2, d: 0).expression(of: inner)
    #expect(outer.simplified().description == "2*sin(3*x + 1.25)")
  }

  @Test("x**1 -> x, x * x -> x**2, (2*x)**2 -> 4*x**2, 2 * 3 -> 6, exp(0) -> 1")
  func powersAndConstantsFold() {
    #expect(SymbolicExpression.power(x, 1).simplified() == x)
    #expect((x * x).simplified().description == "x**2")
    #expect(SymbolicExpression.power(.constant(2) * x, 2).simplified().description == "4*x**2")
    #expect((SymbolicExpression.constant(2) * .constant(3)).simplified() == .constant(6))
    #expect(SymbolicExpression.call(.exp, .constant(0)).simplified() == .constant(1))
  }

  @Test("2 sin(x) + 3 sin(x) -> 5 sin(x); sin(x) - sin(x) -> 0; |c| < threshold is dropped")
  func likeTermsMergeAndSmallOnesDrop() {
    let sine = SymbolicExpression.call(.sin, x)
    #expect((.constant(2) * sine + .constant(3) * sine).simplified().description == "5*sin(x)")
    #expect((sine + .constant(-1) * sine).simplified() == .constant(0))
    let small = sine + .constant(5e-5) * x + .constant(2e-5)
    #expect(small.simplified().description == "sin(x)")
    #expect(small.simplified(dropBelow: 0).description == "sin(x) + 5e-5*x + 2e-5")
  }
}

@Suite("Evaluation: the printed formula's value, typed errors for what has none")
struct FormulaEvaluationTests {
  @Test("a variable without a value throws unboundVariable, naming the bound ones")
  func unboundVariableThrows() {
    let e = SymbolicExpression.variable("x1") + .variable("x2")
    #expect(throws: SymbolicError.unboundVariable(name: "x2", bound: ["x1"])) {
      try e.evaluate(["x1": 1])
    }
  }

  @Test("log of a negative number throws nonFiniteValue naming the subexpression")
  func outsideTheDomainThrows() {
    let e = SymbolicExpression.call(.log, .variable("x")) + .constant(1)
    #expect {
      try e.evaluate(["x": -1])
    } throws: { error in
      guard case .nonFiniteValue(let expression, let value) = error as? SymbolicError else {
        return false
      }
      return expression == "log(x)" && value.isNaN
    }
  }
}

@Suite("A network of fixed edges, layer by layer: y_j = sum_i c f(a x_i + b) + d")
struct LayerFormulaTests {
  @Test(
    "the showcase [2, 1, 1] network prints exp(sin(3.142*x1) + x2**2) and evaluates as its edges")
  func showcaseNetworkFormula() throws {
    let inputs = [SymbolicExpression.variable("x1"), .variable("x2")]
    let first = [[SymbolicEdge(.sin, a: 3.142), SymbolicEdge(.x2)]]
    let second = [[SymbolicEdge(.exp)]]
    let hidden = try SymbolicExpression.layer(first, inputs: inputs)
    let output = try SymbolicExpression.layer(second, inputs: hidden)[0].simplified()
    #expect(output.description == "exp(sin(3.142*x1) + x2**2)")
    let (x1, x2) = (0.3, -0.4)
    let direct = second[0][0](first[0][0](x1) + first[0][1](x2))
    #expect(abs(try output.evaluate(["x1": x1, "x2": x2]) - direct) <= 1e-12 * abs(direct))
  }

  @Test("a row with the wrong number of edges throws, naming the row")
  func wrongRowLengthThrows() {
    #expect(throws: SymbolicError.self) {
      try SymbolicExpression.layer(
        [[SymbolicEdge(.x)]], inputs: [.variable("x1"), .variable("x2")])
    }
  }
}
