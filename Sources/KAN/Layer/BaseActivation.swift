/// The fixed function on the residual branch of every edge, `b(x)` in
/// `phi(x) = w_b b(x) + w_s spline(x)`.
public enum BaseActivation: String, Sendable, CaseIterable {
  /// `silu(x) = x / (1 + e^-x)`, the paper's and efficient-kan's choice.
  case silu
  /// `b(x) = x`.
  case identity
  /// `b(x) = 0`: the edge is the spline alone, as in the from-scratch track.
  case zero

  /// The value and the derivative at `x`.
  ///
  ///     silu(x)  = x s(x)               with s(x) = 1 / (1 + e^-x)
  ///     silu'(x) = s(x) (1 + x (1 - s(x)))
  @inline(__always)
  func valueAndDerivative<Scalar: KANScalar>(_ x: Scalar) -> (value: Scalar, derivative: Scalar) {
    switch self {
    case .silu:
      let sigmoid = 1 / (1 + Scalar.exp(-x))
      return (x * sigmoid, sigmoid * (1 + x * (1 - sigmoid)))
    case .identity:
      return (x, 1)
    case .zero:
      return (0, 0)
    }
  }
}
