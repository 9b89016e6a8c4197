/// The value and derivative of each library function, in its singularity-avoiding form.
extension SymbolicFunction {
  /// Evaluates the function at `u`; finite for every finite `u` (see `SingularityBound`).
  ///
  ///     x^n: u^n   1/x^n: 1/u^n   sqrt: sign(u) sqrt|u|   x^1.5: |u|^1.5   1/sqrt(x): |u|^-0.5
  ///     exp, log (ln|u|), abs, sin, cos, tan, tanh, sgn, arcsin, arccos, arctan, arctanh
  ///     0: 0   gaussian: exp(-u^2)
  ///
  /// On ``domain`` this is the true function; outside it, pykan's finite continuation.
  ///
  /// - Parameter u: The argument, `a x + b` on a fixed edge.
  /// - Returns: `f(u)`.
  @inline(__always)
  public func value(_ u: Double) -> Double {
    let bound = SingularityBound.value
    switch self {
    case .x: return u
    case .x2: return u * u
    case .x3: return u * u * u
    case .x4: return (u * u) * (u * u)
    case .x5: return (u * u) * (u * u) * u
    case .inverse, .inverse2, .inverse3, .inverse4, .inverse5:
      let n = inversePower
      let zone = SingularityBound.inverseZone[n]
      guard Swift.abs(u) >= zone else { return n % 2 == 1 ? bound / zone * u : bound }
      return 1 / integerPower(u, n)
    case .sqrt:
      guard Swift.abs(u) >= SingularityBound.rootZone else { return bound * u }
      return u < 0 ? -(-u).squareRoot() : u.squareRoot()
    case .x1p5: return Swift.abs(u) * Swift.abs(u).squareRoot()
    case .inverseSqrt:
      guard Swift.abs(u) >= SingularityBound.rootZone else { return bound }
      return 1 / Swift.abs(u).squareRoot()
    case .exp: return u > SingularityBound.logValue ? bound : LibM.exponential(u)
    case .log:
      let magnitude = Swift.max(Swift.abs(u), SingularityBound.rootZone)
      return LibM.logarithm(magnitude)
    case .abs: return Swift.abs(u)
    case .sin: return LibM.sine(u)
    case .cos: return LibM.cosine(u)
    case .tan:
      let pole = tanPoleOffset(u)
      guard Swift.abs(pole) >= SingularityBound.tanZone else {
        return -bound / SingularityBound.tanZone * pole
      }
      return LibM.tangent(u)
    case .tanh: return LibM.hyperbolicTangent(u)
    case .sgn: return u > 0 ? 1 : (u < 0 ? -1 : 0)
    case .arcsin: return LibM.arcsine(Swift.min(Swift.max(u, -1), 1))
    case .arccos: return LibM.arccosine(Swift.min(Swift.max(u, -1), 1))
    case .arctan: return LibM.arctangent(u)
    case .arctanh:
      let limit = SingularityBound.arctanhLimit
      return LibM.hyperbolicArctangent(Swift.min(Swift.max(u, -limit), limit))
    case .zero: return 0
    case .gaussian: return LibM.exponential(-u * u)
    }
  }

  /// Evaluates the function and its derivative at `u`, for a fixed edge's forward and backward.
  ///
  ///     x^n: n u^(n-1)        1/x^n: -n / u^(n+1)      sqrt: 1 / (2 sqrt|u|)
  ///     x^1.5: 1.5 sign(u) sqrt|u|    1/sqrt(x): -sign(u) / (2 |u|^1.5)
  ///     exp: e^u   log: 1/u   abs: sign(u)   sin: cos   cos: -sin   tan: 1 + tan^2
  ///     tanh: 1 - tanh^2   sgn: 0   arcsin: 1/sqrt(1-u^2)   arccos: -1/sqrt(1-u^2)
  ///     arctan: 1/(1+u^2)   arctanh: 1/(1-u^2)   0: 0   gaussian: -2u exp(-u^2)
  ///
  /// Inside a zone of `SingularityBound` the derivative is that of the continuation: the slope
  /// of its line or 0 for its constant. For the edge `y = c f(a x + b) + d`, with `u = a x + b`:
  ///
  ///     dy/dx = c f'(u) a    dy/da = c f'(u) x    dy/db = c f'(u)    dy/dc = f(u)    dy/dd = 1
  ///
  /// - Parameter u: The argument, `a x + b` on a fixed edge.
  /// - Returns: `(f(u), f'(u))`.
  @inline(__always)
  public func valueAndDerivative(_ u: Double) -> (value: Double, derivative: Double) {
    let bound = SingularityBound.value
    let magnitude = Swift.abs(u)
    let sign: Double = u > 0 ? 1 : (u < 0 ? -1 : 0)
    switch self {
    case .x: return (u, 1)
    case .x2: return (u * u, 2 * u)
    case .x3: return (u * u * u, 3 * u * u)
    case .x4: return ((u * u) * (u * u), 4 * u * u * u)
    case .x5: return ((u * u) * (u * u) * u, 5 * (u * u) * (u * u))
    case .inverse, .inverse2, .inverse3, .inverse4, .inverse5:
      let n = inversePower
      let zone = SingularityBound.inverseZone[n]
      guard magnitude >= zone else {
        return n % 2 == 1 ? (bound / zone * u, bound / zone) : (bound, 0)
      }
      let f = 1 / integerPower(u, n)
      return (f, -Double(n) * f / u)
    case .sqrt:
      guard magnitude >= SingularityBound.rootZone else { return (bound * u, bound) }
      let root = magnitude.squareRoot()
      return (sign * root, 0.5 / root)
    case .x1p5:
      let root = magnitude.squareRoot()
      return (magnitude * root, 1.5 * sign * root)
    case .inverseSqrt:
      guard magnitude >= SingularityBound.rootZone else { return (bound, 0) }
      let f = 1 / magnitude.squareRoot()
      return (f, -0.5 * sign * f / magnitude)
    case .exp:
      guard u <= SingularityBound.logValue else { return (bound, 0) }
      let f = LibM.exponential(u)
      return (f, f)
    case .log:
      guard magnitude >= SingularityBound.rootZone else {
        return (LibM.logarithm(SingularityBound.rootZone), 0)
      }
      return (LibM.logarithm(magnitude), 1 / u)
    case .abs: return (magnitude, sign)
    case .sin: return (LibM.sine(u), LibM.cosine(u))
    case .cos: return (LibM.cosine(u), -LibM.sine(u))
    case .tan:
      let pole = tanPoleOffset(u)
      let zone = SingularityBound.tanZone
      guard Swift.abs(pole) >= zone else { return (-bound / zone * pole, -bound / zone) }
      let f = LibM.tangent(u)
      return (f, 1 + f * f)
    case .tanh:
      let f = LibM.hyperbolicTangent(u)
      return (f, 1 - f * f)
    case .sgn: return (sign, 0)
    case .arcsin, .arccos:
      let f = value(u)
      guard magnitude < 1 else { return (f, 0) }
      let slope = 1 / (1 - u * u).squareRoot()
      return (f, self == .arcsin ? slope : -slope)
    case .arctan: return (LibM.arctangent(u), 1 / (1 + u * u))
    case .arctanh:
      let f = value(u)
      return (f, magnitude > SingularityBound.arctanhLimit ? 0 : 1 / (1 - u * u))
    case .zero: return (0, 0)
    case .gaussian:
      let f = LibM.exponential(-u * u)
      return (f, -2 * u * f)
    }
  }
}

/// `u^n` by repeated multiplication, for `n` in 1...5.
@inline(__always)
private func integerPower(_ u: Double, _ n: Int) -> Double {
  var result = u
  for _ in 1..<n { result *= u }
  return result
}

/// The signed distance from `u` to the nearest pole `pi/2 + k pi` of `tan`, in `[-pi/2, pi/2]`.
@inline(__always)
private func tanPoleOffset(_ u: Double) -> Double {
  let v = u - Double.pi / 2
  return v - Double.pi * (v / Double.pi).rounded()
}
