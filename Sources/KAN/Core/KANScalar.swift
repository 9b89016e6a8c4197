import KANKernels

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The floating-point types the efficient track computes in: `Float` for speed, `Double` for
/// tight derivative checks.
///
/// The elementary functions are requirements so generic code calls the right libm routine
/// without Foundation.
public protocol KANScalar: KernelScalar, LaneMath, Sendable {
  /// The exponential, `e^x`.
  static func exp(_ x: Self) -> Self
  /// The natural logarithm, `ln x`.
  static func log(_ x: Self) -> Self
  /// The hyperbolic tangent, `tanh x = (e^x - e^-x) / (e^x + e^-x)`.
  static func tanh(_ x: Self) -> Self
  /// The cosine.
  static func cos(_ x: Self) -> Self
  /// The sine.
  static func sin(_ x: Self) -> Self
  /// `e^x` in eight lanes (vectorised for `Float`, lane by lane through libm for `Double`).
  static func exp(_ x: SIMD8<Self>) -> SIMD8<Self>
  /// `Int(self)`, truncating toward zero, by the type's own conversion (the generic one is
  /// many times slower); the value must be finite and within `Int`'s range.
  var truncatedInt: Int { get }
}

extension Float: KANScalar {
  /// The exponential, `e^x`.
  public static func exp(_ x: Float) -> Float { expf(x) }
  /// The natural logarithm, `ln x`.
  public static func log(_ x: Float) -> Float { logf(x) }
  /// The hyperbolic tangent.
  public static func tanh(_ x: Float) -> Float { tanhf(x) }
  /// The cosine.
  public static func cos(_ x: Float) -> Float { cosf(x) }
  /// The sine.
  public static func sin(_ x: Float) -> Float { sinf(x) }
  /// `e^x` in eight lanes, by `vectorExp`.
  public static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> { vectorExp(x) }
  /// `Int(self)`, truncating toward zero.
  public var truncatedInt: Int { Int(self) }
}

extension Double: KANScalar {
  /// The exponential, `e^x`.
  public static func exp(_ x: Double) -> Double { libmExp(x) }
  /// The natural logarithm, `ln x`.
  public static func log(_ x: Double) -> Double { libmLog(x) }
  /// The hyperbolic tangent.
  public static func tanh(_ x: Double) -> Double { libmTanh(x) }
  /// The cosine.
  public static func cos(_ x: Double) -> Double { libmCos(x) }
  /// The sine.
  public static func sin(_ x: Double) -> Double { libmSin(x) }
  /// `e^x` in eight lanes, each by libm (Double is the precise type for checks, not the fast one).
  public static func exp(_ x: SIMD8<Double>) -> SIMD8<Double> {
    var result = x
    for lane in x.indices { result[lane] = libmExp(x[lane]) }
    return result
  }
  /// `Int(self)`, truncating toward zero.
  public var truncatedInt: Int { Int(self) }
}

// The libm routines by another name, so the static requirements above can call them.
private func libmExp(_ x: Double) -> Double { exp(x) }
private func libmLog(_ x: Double) -> Double { log(x) }
private func libmTanh(_ x: Double) -> Double { tanh(x) }
private func libmCos(_ x: Double) -> Double { cos(x) }
private func libmSin(_ x: Double) -> Double { sin(x) }
