// GEMM: the one driver behind matmul, matmulTransposedA and matmulTransposedB. It settles the
// degenerate shapes, sends one-column products to gemv, and everything else to packedGEMM with
// the register-tile width that suits the machine and n.

import KANKernelsCPU

/// The register-tile width of the packed GEMM.
enum KernelWidth {
  /// Six rows of two `KernelVector`s: 6×16 floats in 15 of AVX2's 16 registers.
  case narrow
  /// Eight rows of two `WideKernelVector`s: 8×32 floats in 19 of AVX-512's 32 zmm registers.
  case wide

  /// Whether this build and processor run the wide kernel in zmm registers (see
  /// `kan_wide_vectors_available`); read once.
  static let wideAvailable = kan_wide_vectors_available() != 0

  /// The width for an m × n product: wide where available, unless its 8 × 32 tiles would
  /// compute over 3% more elements than 6 × 16 ones (partial last panels count whole).
  ///
  ///     wide  <=>  wideAvailable and 100 · roundUp(m, 8) · roundUp(n, 32)
  ///                                 <= 103 · roundUp(m, 6) · roundUp(n, 16)
  ///
  /// At equal work the wide tile wins by loading half as many bytes per flop (one core: MNIST
  /// 64 × 5488 × 64 at 111 against 98 GFLOP/s; the im2col weight gradient 16 × 144 × 50176 at 71
  /// against 59, its 16 rows two whole panels), and is even at 1000 × 1000 × 900 (1.4% extra);
  /// it loses where it computes more (1000 × 144 × 500: 103 against 112; n = 48: 85 against
  /// 112). Either width sums every element in the same order, so the choice never changes a bit.
  static func automatic(m: Int, n: Int) -> KernelWidth {
    let wide = (m + 7) / 8 * 8 * ((n + 31) / 32 * 32)
    let narrow = (m + 5) / 6 * 6 * ((n + 15) / 16 * 16)
    return wideAvailable && 100 * wide <= 103 * narrow ? .wide : .narrow
  }
}

/// The driver's knobs that tests turn; the defaults are the tuned values.
struct GEMMTuning {
  /// The least work, 2·m·n·k flops, worth a thread of its own; tests lower it to split small
  /// products.
  var flopsPerThread = Blocking.minimumFlopsPerThread
  /// The register-tile width; nil picks it by machine and shape (`KernelWidth.automatic`).
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
  } else if (tuning.width ?? .automatic(m: m, n: n)) == .wide {
    let tile = EightRowTile<T.WideKernelVector>.self
    let plan = GEMMPlan(b, m: m, n: n, k: k, tile: tile, tuning: tuning)
    packedGEMM(c, a, b, plan: plan, accumulate: accumulate, threads: threads, tile: tile)
  } else {
    let tile = SixRowTile<T.KernelVector>.self
    let plan = GEMMPlan(b, m: m, n: n, k: k, tile: tile, tuning: tuning)
    packedGEMM(c, a, b, plan: plan, accumulate: accumulate, threads: threads, tile: tile)
  }
}
