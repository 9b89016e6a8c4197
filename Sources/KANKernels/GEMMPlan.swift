// GEMMPlan: the blocking and packing decisions of one product. They follow from the shape and
// the layouts alone, never from the thread count, so neither does the order of any sum.

/// Cache-blocking sizes for the packed GEMM, chosen for 32 KB L1d, 1 MB L2 per core, 32 MB L3.
enum Blocking {
  /// The largest kc, the depth of one pass of the micro-kernel.
  ///
  /// Up to k = 1024 one pass covers all of k, so each tile of C is loaded and stored once; the
  /// kc × NR B micro-panel (up to 128 KB) then streams from L2, which measured faster here than
  /// shallower passes (1000 × 1000 × 900 on one core: 103.5, 99, 93 and 80 GFLOP/s for kc =
  /// 1024, 512, 256 and 128; the im2col weight gradients gained at most 5% from 512).
  static let maximumDepth = 1024
  /// The largest mc: 24 six-row or 18 eight-row panels share each sweep of the B panels.
  static let maximumRows = 144
  /// The A slice of a cache block, mc · kc elements, stays within this many bytes: half of L2.
  static let cacheBlockBytes = 1 << 19
  /// The largest packed B block, k · nc elements: 8 MB of floats, a quarter of L3.
  static let maximumPackedB = 1 << 21
  /// Row panels up to which a row-major B is read in place: packing it would cost a copy of B
  /// for too few products to pay back (the MNIST steps, m = 64, are 8 or 11 panels).
  static let maximumRowPanelsForBInPlace = 24
  /// Work below which one more thread costs more than it saves: 2·m·n·k flops per thread.
  static let minimumFlopsPerThread = 2_000_000
}

/// Splits `total` into equal blocks of at most `maximum`, each a multiple of `multiple`.
///
///     blocks = ceil(total / maximum);  size = roundUp(ceil(total / blocks), multiple)
///
/// Equal blocks avoid a thin last block (k = 1100 gives kc = 550 twice, not 1024 + 76).
///
/// - Returns: The block size, at least `multiple`.
func balancedBlock(_ total: Int, maximum: Int, multiple: Int) -> Int {
  let blocks = max(1, (total + maximum - 1) / maximum)
  let size = (total + blocks - 1) / blocks
  return max(multiple, (size + multiple - 1) / multiple * multiple)
}

/// How one product is blocked and which operands are packed.
///
///     kc = balancedBlock(k, 1024)           passes over k; depends on k alone
///     mc = L2 share / kc, <= 144            rows of A per cache block
///     B packed   when stored transposed (Bᵀ row-major), n < NR, or m > 24 · MR:
///                slice by slice by each thread when A is one cache block (m <= mc),
///                else a whole column block at a time by all threads
///     B in place otherwise: panel rows are B's own rows, step = its row stride
///     A packed   only when m < MR (no full panel to shift the last one into)
///     A in place otherwise: a row-major A's MR rows side by side, or a stored Aᵀ's MR
///                adjacent values per step; the last partial panel shifted up
///     nc = all of n, or what keeps a packed column block of B within 8 MB
///
/// A is never copied otherwise: with the short rows of a tall A prefetched (GEMMBlock), a copy
/// per cache block measured 0-10% slower on one core everywhere, from Aᵀ·B at 1024³ (stored Aᵀ
/// rows 4 KB apart: 99.5 against 101 GFLOP/s) to the im2col products (32 against 73).
struct GEMMPlan {
  /// Rows of C.
  let m: Int
  /// Columns of C.
  let n: Int
  /// The shared dimension.
  let k: Int
  /// Rows of the register tile.
  let mr: Int
  /// Columns of the register tile: two vectors.
  let nr: Int
  /// The depth of one pass of the micro-kernel.
  let kc: Int
  /// Rows per cache block, a multiple of mr.
  let mc: Int
  /// Columns per block of B, a multiple of nr unless it is all of n.
  let nc: Int
  /// Whether B's panels are copies rather than B read in place.
  let packB: Bool
  /// Whether each thread copies each kc × nr slice of a B panel just before its tiles use it,
  /// rather than all threads copying the whole column block first: when A is one cache block,
  /// every slice is used once, and copying it while it is wanted reads B once from memory
  /// instead of writing and reading back a copy of it (the MNIST forward, 64 × 64 × 7056).
  let packBByThread: Bool
  /// Whether each thread copies A's one panel (m < mr), pass by pass.
  let packA: Bool

  /// Plans C (m×n) = A · B for B's layout and the register tile.
  ///
  /// - Parameters:
  ///   - b: The right factor's layout.
  ///   - m: Rows of C, `>= 1`.
  ///   - n: Columns of C, `>= 1`.
  ///   - k: The shared dimension, `>= 1`.
  ///   - tile: The register tile, mr × nr.
  ///   - tuning: The largest kc and packed B block (lowered by tests).
  init<Tile: RegisterTile>(
    _ b: StridedMatrix<Tile.Vector.Scalar>, m: Int, n: Int, k: Int, tile: Tile.Type,
    tuning: GEMMTuning = GEMMTuning()
  ) {
    typealias T = Tile.Vector.Scalar
    self.m = m
    self.n = n
    self.k = k
    mr = Tile.rows
    nr = Tile.columns
    kc = balancedBlock(k, maximum: tuning.maximumDepth, multiple: 1)
    let l2Rows = Blocking.cacheBlockBytes / (kc * MemoryLayout<T>.stride) / mr * mr
    mc = max(mr, min(Blocking.maximumRows, l2Rows))
    let rowPanels = (m + mr - 1) / mr
    packA = m < mr
    packB = b.columnStride != 1 || n < nr || rowPanels > Blocking.maximumRowPanelsForBInPlace
    packBByThread = packB && rowPanels <= mc / mr
    let packedColumns = max(nr, tuning.maximumPackedB / k / nr * nr)
    nc = packB && !packBByThread ? balancedBlock(n, maximum: packedColumns, multiple: nr) : n
  }
}
