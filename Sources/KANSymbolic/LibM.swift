#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(ucrt)
import ucrt
#endif

/// The C math library under names that `SymbolicFunction`'s cases (`sin`, `exp`, ...) and
/// `SymbolicExpression`'s functions do not shadow.
enum LibM {
  /// `e^u`.
  @inline(__always) static func exponential(_ u: Double) -> Double { exp(u) }
  /// `ln u`.
  @inline(__always) static func logarithm(_ u: Double) -> Double { log(u) }
  /// `sin u`.
  @inline(__always) static func sine(_ u: Double) -> Double { sin(u) }
  /// `cos u`.
  @inline(__always) static func cosine(_ u: Double) -> Double { cos(u) }
  /// `tan u`.
  @inline(__always) static func tangent(_ u: Double) -> Double { tan(u) }
  /// `tanh u`.
  @inline(__always) static func hyperbolicTangent(_ u: Double) -> Double { tanh(u) }
  /// `arcsin u`.
  @inline(__always) static func arcsine(_ u: Double) -> Double { asin(u) }
  /// `arccos u`.
  @inline(__always) static func arccosine(_ u: Double) -> Double { acos(u) }
  /// `arctan u`.
  @inline(__always) static func arctangent(_ u: Double) -> Double { atan(u) }
  /// `arctanh u`.
  @inline(__always) static func hyperbolicArctangent(_ u: Double) -> Double { atanh(u) }
  /// `u^p`.
  @inline(__always) static func power(_ u: Double, _ p: Double) -> Double { pow(u, p) }
  /// `log10 u`.
  @inline(__always) static func logarithm10(_ u: Double) -> Double { log10(u) }
}
