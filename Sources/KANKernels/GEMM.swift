// GEMM: the one driver behind matmul, matmulTransposedA and matmulTransposedB. It settles the
// degenerate shapes, sends one-column products to gemv, and everything else to packedGEMM.

/// Computes C (m×n) = A · B or C += A · B for strided A and B, choosing the algorithm by shape.
///
///     C[i, j] = (accumulate ? C[i, j] : 0) + Σ_p A[i, p] · B[p, j]
///
///     m == 0 or n == 0:  nothing to do
///     k == 0:            C = 0 (or unchanged when accumulating)
///     m == 1:            Cᵀ (n×1) = Bᵀ · Aᵀ, the same memory as C, by gemv
///     n == 1:            gemv
///     otherwise:         packedGEMM
///
/// - Parameters:
///   - c: The output, row-major (m, n).
///   - a: The left factor (m, k), any strides.
///   - b: The right factor (k, n), any strides.
///   - m: Rows of C.
///   - n: Columns of C.
///   - k: The shared dimension.
///   - accumulate: Add to C instead of overwriting it.
///   - threads: The largest number of threads, `>= 1`; the product uses
///     min(threads, 2·m·n·k / flopsPerThread), at least one.
///   - flopsPerThread: The least work, 2·m·n·k flops, worth a thread of its own; tests lower it
///     to split small products.
func gemm<T: KernelScalar>(
  _ c: UnsafeMutablePointer<T>, _ a: StridedMatrix<T>, _ b: StridedMatrix<T>,
  m: Int, n: Int, k: Int, accumulate: Bool, threads: Int,
  flopsPerThread: Int = Blocking.minimumFlopsPerThread
) {
  if m == 0 || n == 0 { return }
  let threads = min(threads, max(1, 2 * m * n * k / flopsPerThread))
  if k == 0 {
    if !accumulate { c.update(repeating: 0, count: m * n) }
    return
  }
  if m == 1 && a.columnStride == 1 {
    // A one-row A is a contiguous vector: read it as the vector of the transposed product.
    gemv(c, b.transposed, a.base, m: n, k: k, accumulate: accumulate, threads: threads)
  } else if n == 1 && b.rowStride == 1 {
    gemv(c, a, b.base, m: m, k: k, accumulate: accumulate, threads: threads)
  } else {
    packedGEMM(c, a, b, m: m, n: n, k: k, accumulate: accumulate, threads: threads)
  }
}
