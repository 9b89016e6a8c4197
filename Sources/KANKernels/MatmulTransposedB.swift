// MatmulTransposedB: C = A · Bᵀ (the layer forward Y = X · Wᵀ) and its reference.

/// Multiplies a row-major matrix by the transpose of another: C (m×n) = A · Bᵀ with A (m×k) and
/// B stored (n×k), or C += A · Bᵀ.
///
///     C[i, j] = (accumulate ? C[i, j] : 0) + Σ_p A[i, p] · B[j, p]
///
///     c is (m, n): c[i * n + j]
///     a is (m, k): a[i * k + p]
///     b is (n, k): b[j * k + p]
///
/// With `k == 0` the sum is empty: C becomes zeros, or stays as it is when accumulating. The
/// order of the k-sum of each element does not depend on `threads`, so results are
/// bit-identical for any thread count.
///
/// - Parameters:
///   - c: The output, m·n elements; may not overlap `a` or `b`.
///   - a: The left factor, m·k elements.
///   - b: The right factor stored transposed, n·k elements.
///   - m: Rows of C and A, `>= 0`.
///   - n: Columns of C, rows of the stored B, `>= 0`.
///   - k: The shared dimension (columns of A and B), `>= 0`.
///   - accumulate: Add the product to C instead of overwriting it.
///   - threads: The largest number of threads to use, `>= 1`.
@_specialize(where T == Float)
@_specialize(where T == Double)
public func matmulTransposedB<T: KernelScalar>(
  _ c: UnsafeMutablePointer<T>, _ a: UnsafePointer<T>, _ b: UnsafePointer<T>,
  m: Int, n: Int, k: Int, accumulate: Bool = false, threads: Int = Parallelism.defaultThreads
) {
  checkGEMMSizes("matmulTransposedB", m: m, n: n, k: k, threads: threads)
  // B is stored (n, k): element (p, j) of the product's right factor is b[j * k + p].
  gemm(
    c, StridedMatrix(base: a, rowStride: k, columnStride: 1),
    StridedMatrix(base: b, rowStride: 1, columnStride: k),
    m: m, n: n, k: k, accumulate: accumulate, threads: threads)
}

/// Multiplies A by Bᵀ with a plain triple loop: C (m×n) = A · Bᵀ, A (m×k), B stored (n×k).
///
///     C[i, j] = (accumulate ? C[i, j] : 0) + Σ_p A[i, p] · B[j, p]
///
/// The reference `matmulTransposedB` is tested against; same argument order and layout
/// (`a[i * k + p]`, `b[j * k + p]`, `c[i * n + j]`), no tiling, no SIMD, no threads.
///
/// - Parameters:
///   - c: The output, m·n elements.
///   - a: The left factor (m, k).
///   - b: The right factor stored transposed (n, k).
///   - m: Rows of C and A, `>= 0`.
///   - n: Columns of C, rows of the stored B, `>= 0`.
///   - k: The shared dimension, `>= 0`.
///   - accumulate: Add the product to C instead of overwriting it.
public func matmulTransposedBReference<T: BinaryFloatingPoint>(
  _ c: UnsafeMutablePointer<T>, _ a: UnsafePointer<T>, _ b: UnsafePointer<T>,
  m: Int, n: Int, k: Int, accumulate: Bool = false
) {
  checkGEMMSizes("matmulTransposedBReference", m: m, n: n, k: k, threads: 1)
  for i in 0..<m {
    for j in 0..<n {
      var sum: T = 0
      for p in 0..<k { sum += a[i * k + p] * b[j * k + p] }
      c[i * n + j] = accumulate ? c[i * n + j] + sum : sum
    }
  }
}
