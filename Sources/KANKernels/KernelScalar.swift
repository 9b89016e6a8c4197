// KernelScalar: the element types the GEMM kernels accept, and the SIMD vector each one uses.

/// An element type the GEMM kernels accept: a binary floating-point number with the SIMD vectors
/// that fill one 256-bit and one 512-bit register.
///
///     Float:  KernelVector = SIMD8<Float>,  WideKernelVector = SIMD16<Float>  (the fast path)
///     Double: KernelVector = SIMD4<Double>, WideKernelVector = SIMD8<Double>  (exact enough for
///             tight gradient checks)
///
/// `Codable` is listed because the standard library's SIMD vectors require their scalars to be
/// codable; without it the compiler warns.
public protocol KernelScalar: BinaryFloatingPoint, SIMDScalar, Codable {
  /// The vector the micro-kernel keeps in one register; two of them span a micro-tile row.
  associatedtype KernelVector: SIMD where KernelVector.Scalar == Self
  /// The vector of the wide micro-kernel, twice as many lanes: one AVX-512 register.
  associatedtype WideKernelVector: SIMD where WideKernelVector.Scalar == Self
}

extension Float: KernelScalar {
  /// Eight floats: one AVX2 `ymm` register.
  public typealias KernelVector = SIMD8<Float>
  /// Sixteen floats: one AVX-512 `zmm` register.
  public typealias WideKernelVector = SIMD16<Float>
}

extension Double: KernelScalar {
  /// Four doubles: one AVX2 `ymm` register.
  public typealias KernelVector = SIMD4<Double>
  /// Eight doubles: one AVX-512 `zmm` register.
  public typealias WideKernelVector = SIMD8<Double>
}
