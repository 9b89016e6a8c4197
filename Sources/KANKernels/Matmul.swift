// Matmul: C = A · B, the fast kernel and, beside it, the plain triple loop it is tested against.

/// Multiplies two row-major matrices: C (m×n) = A (m×k) · B (k×n), or C += A · B.
///
///     C[i, j] = Σ_p A[i, p] · B[p, j]          (accumulate == false)
///     C[i, j] = C[i, j] + Σ_p A[i, p] · B[p, j] (accumulate == true)
///
///     c is (m, n): c[i * n + j]
///     a is (m, k): a[i * k + p]
///     b is (k, n): b[p * n + j]
///
/// With `k == 0` the sum is empty: C becomes zeros, or stays as it is when accumulating. The
/// order of the k-sum of each element does not depend on `threads`, so results are
/// bit-identical for any thread count.
///
/// - Parameters:
///   - c: The output, m·n elements; may not overlap `a` or `b`.
///   - a: The left factor, m·k elements.
///   - b: The right factor, k·n elements.
///   - m: Rows of C and A, `>= 0`.
///   - n: Columns of C and B, `>= 0`.
///   - k: The shared dimension, `>= 0`.
///   - accumulate: Add the product to C instead of overwriting it.
///   - threads: The largest number of threads to use, `>= 1`.
@_specialize(where T == Float)
@_specialize(where T == Double)
public func matmul<T: KernelScalar>(
  _ c: UnsafeMutablePointer<T>, _ a: UnsafePointer<T>, _ b: UnsafePointer<T>,
  m: Int, n: Int, k: Int, accumulate: Bool = false, threads: Int = Parallelism.defaultThreads
) {
  checkGEMMSizes("matmul", m: m, n: n, k: k, threads: threads)
  gemm(
    c, StridedMatrix(base: a, rowStride: k, columnStride: 1),
    StridedMatrix(base: b, rowStride: n, columnStride: 1),
    m: m, n: n, k: k, accumulate: accumulate, threads: threads)
}

/// Multiplies two row-major matrices with a plain triple loop: C (m×n) = A (m×k) · B (k×n).
///
///     C[i, j] = (accumulate ? C[i, j] : 0) + Σ_p A[i, p] · B[p, j]
///
/// The reference `matmul` is tested against; same argument order and layout (`a[i * k + p]`,
/// `b[p * n + j]`, `c[i * n + j]`), no tiling, no SIMD, no threads.
///
/// - Parameters:
///   - c: The output, m·n elements.
///   - a: The left factor (m, k).
///   - b: The right factor (k, n).
///   - m: Rows of C and A, `>= 0`.
///   - n: Columns of C and B, `>= 0`.
///   - k: The shared dimension, `>= 0`.
///   - accumulate: Add the product to C instead of overwriting it.
public func matmulReference<T: BinaryFloatingPoint>(
  _ c: UnsafeMutablePointer<T>, _ a: UnsafePointer<T>, _ b: UnsafePointer<T>,
  m: Int, n: Int, k: Int, accumulate: Bool = false
) {
  checkGEMMSizes("matmulReference", m: m, n: n, k: k, threads: 1)
  for i in 0..<m {
    for j in 0..<n {
      var sum: T = 0
      for p in 0..<k { sum += a[i * k + p] * b[p * n + j] }
      c[i * n + j] = accumulate ? c[i * n + j] + sum : sum
    }
  }
}
