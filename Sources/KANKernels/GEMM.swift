// GEMM: the one driver behind matmul, matmulTransposedA and matmulTransposedB. It settles the
// degenerate shapes, sends one-column products to gemv, and everything else to packedGEMM with
// the register-tile width that suits the machine and n.

import KANKernelsCPU

/// The register-tile width of the packed GEMM.
enum KernelWidth {
  /// Two `KernelVector`s per tile row: 6×16 floats, 15 of AVX2's 16 registers.
  case narrow
  /// Two `WideKernelVector`s per tile row: 6×32 floats in AVX-512's zmm registers.
  case wide

  /// Whether this build and processor run the wide kernel in zmm registers (see
  /// `kan_wide_vectors_available`); read once.
  static let wideAvailable = kan_wide_vectors_available() != 0

  /// The width for an n-column, k-deep product: wide where available, unless its 32-column
  /// tiles would compute over 1/8 more columns than 16-column ones (n = 16, 48 or 80, say), or
  /// any more at all when k < 64.
  ///
  ///     wide  <=>  wideAvailable and 8 · roundUp(n, 32) <= 9 · roundUp(n, 16)
  ///                              and (k >= 64 or roundUp(n, 32) == roundUp(n, 16))
  ///
  /// The wide tile loads half as many bytes per flop, which won 4-24% on one core wherever it
  /// computes at most 11% extra (n = 144: 57 against 46 GFLOP/s for the im2col weight gradient;
  /// n = 1000 and 5488 a few %), and lost 15-25% at n = 48 and 80. The extra columns come from a
  /// partial last panel, computed as a scratch tile and merged element by element: with a short
  /// sum that merge costs as much as the tile (n = 144, k = 16: 43 against 57 GFLOP/s). Either
  /// width sums every element in the same order, so the choice never changes a bit.
  static func automatic(n: Int, k: Int) -> KernelWidth {
    let (wideColumns, narrowColumns) = ((n + 31) / 32 * 32, (n + 15) / 16 * 16)
    let fits = 8 * wideColumns <= 9 * narrowColumns && (k >= 64 || wideColumns == narrowColumns)
    return wideAvailable && fits ? .wide : .narrow
  }
}

/// The driver's knobs that tests turn; the defaults are the tuned values.
struct GEMMTuning {
  /// The least work, 2·m·n·k flops, worth a thread of its own; tests lower it to split small
  /// products.
  var flopsPerThread = Blocking.minimumFlopsPerThread
  /// The register-tile width; nil picks it by machine and n (`KernelWidth.automatic`).
  var width: KernelWidth?
  /// The largest kc; tests lower it to make several passes over a small k.
  var maximumDepth = Blocking.maximumDepth
  /// The largest packed block of B in elements; tests lower it to split B into column blocks.
  var maximumPackedB = Blocking.maximumPackedB
}

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
///     min(threads, 2·m·n·k / tuning.flopsPerThread), at least one.
///   - tuning: The driver's knobs; tests change them to reach every path with small shapes.
func gemm<T: KernelScalar>(
  _ c: UnsafeMutablePointer<T>, _ a: StridedMatrix<T>, _ b: StridedMatrix<T>,
  m: Int, n: Int, k: Int, accumulate: Bool, threads: Int, tuning: GEMMTuning = GEMMTuning()
) {
  if m == 0 || n == 0 { return }
  let threads = min(threads, max(1, 2 * m * n * k / tuning.flopsPerThread))
  if k == 0 {
    if !accumulate { c.update(repeating: 0, count: m * n) }
    return
  }
  if m == 1 && a.columnStride == 1 {
    // A one-row A is a contiguous vector: read it as the vector of the transposed product.
    gemv(c, b.transposed, a.base, m: n, k: k, accumulate: accumulate, threads: threads)
  } else if n == 1 && b.rowStride == 1 {
    gemv(c, a, b.base, m: m, k: k, accumulate: accumulate, threads: threads)
  } else if (tuning.width ?? .automatic(n: n, k: k)) == .wide {
    let plan = GEMMPlan(
      a, b, m: m, n: n, k: k, nr: 2 * T.WideKernelVector.scalarCount,
      tuning: tuning)
    packedGEMM(
      c, a, b, plan: plan, accumulate: accumulate, threads: threads,
      vector: T.WideKernelVector.self)
  } else {
    let plan = GEMMPlan(
      a, b, m: m, n: n, k: k, nr: 2 * T.KernelVector.scalarCount,
      tuning: tuning)
    packedGEMM(
      c, a, b, plan: plan, accumulate: accumulate, threads: threads, vector: T.KernelVector.self)
  }
}
