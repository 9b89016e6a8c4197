// KernelScalar: the element types the GEMM kernels accept, and the SIMD vector each one uses.

/// An element type the GEMM kernels accept: a binary floating-point number with a SIMD vector
/// that fills one 256-bit register.
///
///     Float:  KernelVector = SIMD8<Float>   (the fast path; 8 lanes per AVX2 register)
///     Double: KernelVector = SIMD4<Double>  (exact enough for tight gradient checks)
///
/// `Codable` is listed because the standard library's SIMD vectors require their scalars to be
/// codable; without it the compiler warns.
public protocol KernelScalar: BinaryFloatingPoint, SIMDScalar, Codable {
  /// The vector the micro-kernel keeps in one register; two of them span a micro-tile row.
  associatedtype KernelVector: SIMD where KernelVector.Scalar == Self
}

extension Float: KernelScalar {
  /// Eight floats: one AVX2 `ymm` register.
  public typealias KernelVector = SIMD8<Float>
}

extension Double: KernelScalar {
  /// Four doubles: one AVX2 `ymm` register.
  public typealias KernelVector = SIMD4<Double>
}
