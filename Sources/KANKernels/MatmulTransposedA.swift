// MatmulTransposedA: C = Aᵀ · B (the weight-gradient product dW = dYᵀ · X) and its reference.

/// Multiplies the transpose of a row-major matrix by another: C (m×n) = Aᵀ · B with A stored
/// (k×m) and B (k×n), or C += Aᵀ · B.
///
///     C[i, j] = (accumulate ? C[i, j] : 0) + Σ_p A[p, i] · B[p, j]
///
///     c is (m, n): c[i * n + j]
///     a is (k, m): a[p * m + i]
///     b is (k, n): b[p * n + j]
///
/// With `k == 0` the sum is empty: C becomes zeros, or stays as it is when accumulating. The
/// order of the k-sum of each element does not depend on `threads`, so results are
/// bit-identical for any thread count.
///
/// - Parameters:
///   - c: The output, m·n elements; may not overlap `a` or `b`.
///   - a: The left factor stored transposed, k·m elements.
///   - b: The right factor, k·n elements.
///   - m: Rows of C, columns of the stored A, `>= 0`.
///   - n: Columns of C and B, `>= 0`.
///   - k: The shared dimension (rows of A and B), `>= 0`.
///   - accumulate: Add the product to C instead of overwriting it.
///   - threads: The largest number of threads to use, `>= 1`.
@_specialize(where T == Float)
@_specialize(where T == Double)
public func matmulTransposedA<T: KernelScalar>(
  _ c: UnsafeMutablePointer<T>, _ a: UnsafePointer<T>, _ b: UnsafePointer<T>,
  m: Int, n: Int, k: Int, accumulate: Bool = false, threads: Int = Parallelism.defaultThreads
) {
  checkGEMMSizes("matmulTransposedA", m: m, n: n, k: k, threads: threads)
  // A is stored (k, m): element (i, p) of the product's left factor is a[p * m + i].
  gemm(
    c, StridedMatrix(base: a, rowStride: 1, columnStride: m),
    StridedMatrix(base: b, rowStride: n, columnStride: 1),
    m: m, n: n, k: k, accumulate: accumulate, threads: threads)
}

/// Multiplies Aᵀ by B with a plain triple loop: C (m×n) = Aᵀ · B, A stored (k×m), B (k×n).
///
///     C[i, j] = (accumulate ? C[i, j] : 0) + Σ_p A[p, i] · B[p, j]
///
/// The reference `matmulTransposedA` is tested against; same argument order and layout
/// (`a[p * m + i]`, `b[p * n + j]`, `c[i * n + j]`), no tiling, no SIMD, no threads.
///
/// - Parameters:
///   - c: The output, m·n elements.
///   - a: The left factor stored transposed (k, m).
///   - b: The right factor (k, n).
///   - m: Rows of C, columns of the stored A, `>= 0`.
///   - n: Columns of C and B, `>= 0`.
///   - k: The shared dimension, `>= 0`.
///   - accumulate: Add the product to C instead of overwriting it.
public func matmulTransposedAReference<T: BinaryFloatingPoint>(
  _ c: UnsafeMutablePointer<T>, _ a: UnsafePointer<T>, _ b: UnsafePointer<T>,
  m: Int, n: Int, k: Int, accumulate: Bool = false
) {
  checkGEMMSizes("matmulTransposedAReference", m: m, n: n, k: k, threads: 1)
  for i in 0..<m {
    for j in 0..<n {
      var sum: T = 0
      for p in 0..<k { sum += a[p * m + i] * b[p * n + j] }
      c[i * n + j] = accumulate ? c[i * n + j] + sum : sum
    }
  }
}
