extension SymbolicFunction {
  /// The interval of arguments on which ``value(_:)`` is the true function.
  ///
  ///     sqrt, x^1.5: [0, inf)    1/sqrt(x), log: [1/B^2, inf)    exp: (-inf, ln B]
  ///     arcsin, arccos: [-1, 1]  arctanh: [-(1 - 1/B^2), 1 - 1/B^2]    others: (-inf, inf)
  ///
  /// A fit keeps `a x + b` inside it for every sample, so the printed formula is what the edge
  /// computes. The poles of `1/x^n` and `tan` lie inside the interval: there the fit uses the
  /// finite continuation, as the layer does, which differs from the formula only where `|f|`
  /// would exceed `B` (see `SingularityBound`). On `[0, 1/B^2)` `sqrt` is continued by a line
  /// within `1/(4B)` of it.
  public var domain: ClosedRange<Double> {
    switch self {
    case .sqrt, .x1p5: return 0...Double.infinity
    case .inverseSqrt, .log: return SingularityBound.rootZone...Double.infinity
    case .exp: return -Double.infinity...SingularityBound.logValue
    case .arcsin, .arccos: return -1...1
    case .arctanh: return -SingularityBound.arctanhLimit...SingularityBound.arctanhLimit
    default: return -Double.infinity...Double.infinity
    }
  }
}
