import Foundation

@testable import KANSymbolic

/// A known edge inside the function's domain and pykan's search box, for each library function.
///
/// On `x` in `[-1, 1]` each `a x + b` stays in the domain, away from poles (`1/x^n`, `log`,
/// `1/sqrt(x)`: `u` in `[0.5, 3.5]`; `tan`: `u` in `[-1, 1.4]`; `arcsin`, `arccos`, `arctanh`:
/// `u` in `[-0.5, 0.7]`), and `sgn` and `abs` have their kink inside the range (`sgn`'s jump at
/// `x = -0.215`, between two of the samples `-1 + 0.02 k`).
func knownEdge(_ f: SymbolicFunction) -> SymbolicEdge {
  switch f {
  case .x: return SymbolicEdge(f, a: 2, b: 1, c: 0.5, d: 0.3)
  case .x2: return SymbolicEdge(f, a: 1.3, b: 0.4, c: 0.7, d: -0.2)
  case .x3: return SymbolicEdge(f, a: 0.9, b: -0.3, c: 1.5, d: 0.1)
  case .x4: return SymbolicEdge(f, a: 1.1, b: 0.2, c: 0.6, d: 0.4)
  case .x5: return SymbolicEdge(f, a: 0.8, b: 0.1, c: 1.2, d: -0.5)
  case .inverse, .inverse2, .inverse3, .inverse4, .inverse5, .sqrt, .x1p5, .inverseSqrt, .log:
    return SymbolicEdge(f, a: 1.5, b: 2, c: 0.7, d: 0.2)
  case .exp: return SymbolicEdge(f, a: 1.2, b: 0.3, c: 0.8, d: -0.4)
  case .abs: return SymbolicEdge(f, a: 2, b: 0.5, c: -0.9, d: 0.6)
  case .sin: return SymbolicEdge(f, a: 3, b: 1, c: 1.5, d: 0.3)
  case .cos: return SymbolicEdge(f, a: 2.5, b: -0.5, c: 0.8, d: -0.1)
  case .tan: return SymbolicEdge(f, a: 1.2, b: 0.2, c: 0.5, d: 0.2)
  case .tanh: return SymbolicEdge(f, a: 2, b: -0.5, c: 1.1, d: 0.3)
  case .sgn: return SymbolicEdge(f, a: 3, b: 0.645, c: 0.5, d: 0.2)
  case .arcsin, .arccos, .arctanh: return SymbolicEdge(f, a: 0.6, b: 0.1, c: 0.9, d: -0.3)
  case .arctan: return SymbolicEdge(f, a: 3, b: 0.5, c: 0.7, d: 0.1)
  case .zero: return SymbolicEdge(f, a: 1, b: 0, c: 0, d: 0.8)
  case .gaussian: return SymbolicEdge(f, a: 2, b: 0.5, c: 1.2, d: -0.3)
  }
}

/// The default fit with a 31 x 31 grid instead of 101 x 101, so `swift test` stays fast.
///
/// The spacing is 2/3 instead of 0.2 in a debug build. Levenberg-Marquardt then starts further from
/// the optimum, which makes the recovery tests harder, not easier.
let testOptions: SymbolicFitOptions = {
  var options = SymbolicFitOptions()
  options.gridPoints = 31
  return options
}()

/// `count` evenly spaced inputs on `[-1, 1]` and the edge's outputs there.
func samples(of edge: SymbolicEdge, count: Int = 101) throws -> EdgeSamples {
  let x = (0..<count).map { -1 + 2 * Double($0) / Double(count - 1) }
  return try EdgeSamples(x: x, y: x.map { edge($0) })
}

/// The combinations of `a, b, c, d` that determine the edge as a function on its domain.
///
/// `c f(a x + b) + d` has symmetries that leave it unchanged: a scale shared by `a`, `b` and `c`
/// for powers (`c (a x + b)^n = c a^n (x + b/a)^n`), `abs` and the roots; `e^b` moving into `c`
/// for `exp`; `c log a` moving into `d` for `log`; `(a, b, c) -> (-a, -b, -c)` for odd
/// functions, `(a, b) -> (-a, -b)` for even ones, and the periods of `sin`, `cos`, `tan`. A fit
/// recovers the known edge when these invariants agree.
func invariants(_ edge: SymbolicEdge) -> [Double] {
  var (a, b, c, d) = (edge.a, edge.b, edge.c, edge.d)
  switch edge.function {
  case .x: return [c * a, c * b + d]
  case .x2, .x3, .x4, .x5:
    return [c * pow(a, Double(edge.function.rawValue.dropFirst(2)) ?? .nan), b / a, d]
  case .inverse, .inverse2, .inverse3, .inverse4, .inverse5:
    return [c * pow(a, -Double(edge.function.inversePower)), b / a, d]
  case .sqrt: return [c * sqrt(abs(a)), b / a, d]
  case .x1p5: return [c * pow(abs(a), 1.5), b / a, d]
  case .inverseSqrt: return [c / sqrt(abs(a)), b / a, d]
  case .abs: return [c * abs(a), b / a, d]
  case .exp: return [a, c * exp(b), d]
  case .log: return [c, b / a, d + c * log(abs(a))]
  case .sgn:
    // Samples determine the jump -b/a only up to their spacing 0.02: compare its cell.
    return [c * (a > 0 ? 1 : -1), d, (-b / a / 0.02).rounded(.down)]
  case .zero: return [d]
  case .sin, .cos, .tan:
    if a < 0 {
      // sin(-t) = sin(t + pi) with c -> -c... written through the odd/even symmetry:
      (a, b) = (-a, -b)
      if edge.function != .cos { c = -c }
    }
    let period = edge.function == .tan ? Double.pi : 2 * Double.pi
    if c < 0, edge.function != .tan {
      (b, c) = (b + Double.pi, -c)
    }
    b = b - period * (b / period).rounded(.down)
    return [a, b, c, d]
  case .tanh, .arctan, .arctanh, .arcsin:
    return a < 0 ? [-a, -b, -c, d] : [a, b, c, d]
  case .arccos:
    return a < 0 ? [-a, -b, -c, d + c * Double.pi] : [a, b, c, d]
  case .gaussian:
    return a < 0 ? [-a, -b, c, d] : [a, b, c, d]
  }
}

/// The largest relative difference of two lists, with an absolute floor of 1.
func maxRelativeDifference(_ u: [Double], _ v: [Double]) -> Double {
  zip(u, v).map { abs($0 - $1) / max(1, abs($0), abs($1)) }.max() ?? .infinity
}
