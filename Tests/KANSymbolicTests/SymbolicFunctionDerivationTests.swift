import Foundation
import KANFromScratch
import Testing

@testable import KANSymbolic

/// Points away from every kink and zone edge, where `f'` is checked with the default step.
private func regularPoints(_ f: SymbolicFunction) -> [Double] {
  switch f {
  case .arcsin, .arccos, .arctanh: return [-1.5, -0.93, -0.4, 0.1, 0.77, 1.4]
  case .exp: return [-2.3, -0.7, 0.45, 1.3, 2.9, 12]
  default: return [-2.3, -0.7, 0.45, 1.3, 2.9]
  }
}

/// Points inside a singularity zone, each with a step small enough to stay inside it.
private func zonePoints(_ f: SymbolicFunction) -> [(u: Double, h: Double)] {
  switch f {
  case .inverse, .inverse2, .inverse3, .inverse4, .inverse5:
    let zone = SingularityBound.inverseZone[f.inversePower]
    return [(0.3 * zone, 0.05 * zone), (-0.6 * zone, 0.05 * zone)]
  case .sqrt, .inverseSqrt, .log: return [(3e-9, 1e-10), (-4e-9, 1e-10)]
  case .tan: return [(Double.pi / 2 + 3e-5, 1e-6), (-Double.pi / 2 - 2e-5, 1e-6)]
  default: return []
  }
}

/// The function an id names, from Foundation's libm, for comparison on the domain.
private func reference(_ f: SymbolicFunction) -> (Double) -> Double {
  switch f {
  case .x: return { $0 }
  case .x2, .x3, .x4, .x5: return { pow($0, Double(f.rawValue.dropFirst(2)) ?? .nan) }
  case .inverse: return { 1 / $0 }
  case .inverse2, .inverse3, .inverse4, .inverse5:
    return { pow($0, -(Double(f.rawValue.dropFirst(4)) ?? .nan)) }
  case .sqrt: return { sqrt($0) }
  case .x1p5: return { pow($0, 1.5) }
  case .inverseSqrt: return { 1 / sqrt($0) }
  case .exp: return { exp($0) }
  case .log: return { log($0) }
  case .abs: return { abs($0) }
  case .sin: return { sin($0) }
  case .cos: return { cos($0) }
  case .tan: return { tan($0) }
  case .tanh: return { tanh($0) }
  case .sgn: return { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
  case .arcsin: return { asin($0) }
  case .arccos: return { acos($0) }
  case .arctan: return { atan($0) }
  case .arctanh: return { atanh($0) }
  case .zero: return { _ in 0 }
  case .gaussian: return { exp(-$0 * $0) }
  }
}

@Suite("Library functions: f'(u) = (f(u + h) - f(u - h)) / 2h; f is its formula on its domain")
struct SymbolicFunctionDerivationTests {
  @Test(
    "f'(u) from valueAndDerivative equals the central difference of value, every function",
    arguments: SymbolicFunction.allCases)
  func derivativeMatchesCentralDifference(_ f: SymbolicFunction) {
    let points = regularPoints(f)
    let report = gradientCheck(analytic: points.map { f.valueAndDerivative($0).derivative }) {
      f.value(points[$0] + $1)
    }
    #expect(report.passed, "\(f.id): \(report)")
    for (u, h) in zonePoints(f) {
      let zone = gradientCheck(analytic: [f.valueAndDerivative(u).derivative], step: h) {
        f.value(u + $1)
      }
      #expect(zone.passed, "\(f.id) in its singularity zone at u = \(u): \(zone)")
    }
  }

  @Test(
    "value(u) = valueAndDerivative(u).value = the formula the id names, on the domain",
    arguments: SymbolicFunction.allCases)
  func valueIsTheNamedFormulaOnTheDomain(_ f: SymbolicFunction) {
    let formula = reference(f)
    for u in regularPoints(f) + [0.2, 0.9] where f.domain.contains(u) {
      let expected = formula(u)
      #expect(f.valueAndDerivative(u).value == f.value(u))
      #expect(
        abs(f.value(u) - expected) <= 1e-12 * max(1, abs(expected)),
        "\(f.id)(\(u)) = \(f.value(u)), formula \(expected)")
    }
  }

  @Test(
    "the finite continuation meets the formula at the edge of each singularity zone",
    arguments: SymbolicFunction.allCases)
  func continuationMeetsFormula(_ f: SymbolicFunction) {
    // (edge of the zone, the side the zone is on: -1 towards 0, +1 away from 0)
    let edges: [(u: Double, side: Double)]
    switch f {
    case .inverse, .inverse2, .inverse3, .inverse4, .inverse5:
      edges = [(SingularityBound.inverseZone[f.inversePower], -1)]
    case .sqrt, .inverseSqrt, .log: edges = [(SingularityBound.rootZone, -1)]
    case .exp: edges = [(SingularityBound.logValue, 1)]
    case .tan: edges = [(Double.pi / 2 - SingularityBound.tanZone, 1)]
    case .arctanh:
      edges = [(SingularityBound.arctanhLimit, 1), (-SingularityBound.arctanhLimit, 1)]
    case .arcsin, .arccos: edges = [(1, 1), (-1, 1)]
    default: edges = []
    }
    for (u, side) in edges {
      let formula = reference(f)(u)
      let step = 1e-13 * abs(u)
      let continued = f.value(u + side * step * (u < 0 ? -1 : 1))
      // What the step itself moves f by (tan's slope is about B^2 there), plus rounding.
      let moved = 2 * step * abs(f.valueAndDerivative(u).derivative)
      #expect(
        abs(continued - formula) <= moved + 1e-9 * max(1, abs(formula)),
        "\(f.id) at the zone edge \(u): formula \(formula), continuation \(continued)")
    }
  }

  @Test(
    "every value and derivative is finite, poles and far outside the domain included",
    arguments: SymbolicFunction.allCases)
  func finiteEverywhere(_ f: SymbolicFunction) {
    let probes = [0, -0.0, 1, -1, 1e-300, -1e-300, Double.pi / 2, 700, -700, 1e12, -1e12]
    for u in probes {
      let (value, slope) = f.valueAndDerivative(u)
      #expect(value.isFinite && slope.isFinite, "\(f.id)(\(u)) = \(value), f' = \(slope)")
    }
  }

  @Test(
    "dy/dx = c f'(u) a, dy/da = c f'(u) x, dy/db = c f'(u), dy/dc = f(u), dy/dd = 1",
    arguments: SymbolicFunction.allCases)
  func edgeGradientMatchesCentralDifference(_ f: SymbolicFunction) {
    let edge = SymbolicEdge(f, a: 0.7, b: 0.2, c: -1.3, d: 0.4)
    let x = 0.45
    let g = edge.valueAndGradient(x)
    #expect(g.value == edge(x))
    let moved: [(SymbolicEdge, Double, Double) -> Double] = [
      { e, x, h in e(x + h) },
      { e, x, h in SymbolicEdge(f, a: e.a + h, b: e.b, c: e.c, d: e.d)(x) },
      { e, x, h in SymbolicEdge(f, a: e.a, b: e.b + h, c: e.c, d: e.d)(x) },
      { e, x, h in SymbolicEdge(f, a: e.a, b: e.b, c: e.c + h, d: e.d)(x) },
      { e, x, h in SymbolicEdge(f, a: e.a, b: e.b, c: e.c, d: e.d + h)(x) },
    ]
    let report = gradientCheck(analytic: [g.x, g.a, g.b, g.c, g.d]) { moved[$0](edge, x, $1) }
    #expect(report.passed, "\(f.id): \(report)")
  }

  @Test("a wrong derivative fails the same check (negative control: f' of sin taken as -cos)")
  func wrongDerivativeFails() {
    let points = regularPoints(.sin)
    let report = gradientCheck(analytic: points.map { -cos($0) }) {
      SymbolicFunction.sin.value(points[$0] + $1)
    }
    #expect(!report.passed)
  }
}
