// KernelScalar: the element types the GEMM kernels accept.

/// An element type the GEMM kernels accept: a binary floating-point number that can fill SIMD
/// lanes.
///
/// `Float` is the fast path (8 lanes per AVX2 register); `Double` is exact enough for tight
/// gradient checks on small shapes. `Codable` is listed because the standard library's SIMD
/// vectors require their scalars to be codable; without it the compiler warns.
public protocol KernelScalar: BinaryFloatingPoint, SIMDScalar, Codable {}

extension Float: KernelScalar {}

extension Double: KernelScalar {}
