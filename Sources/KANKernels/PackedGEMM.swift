// PackedGEMM: the BLIS-style cache-blocked product behind all three variants.
//
//   for each column block jc (packed B for all k fits in L3)     <- pack B, threads split panels
//     for each chunk of rows or column panels, one per thread    <- threads split m or n
//       for each pc (kc <= 1024 rows of B, columns of A)
//         for each ic (mc rows: the A block fits in L2)          <- pack A if stored transposed
//           for each NR-wide panel of B (kc × NR, from L1/L2)
//             for each 6-row panel of A: micro-kernel, 6 × NR tile of C
//
// A row-major A is read in place: the micro-kernel's six broadcasts per step come from six
// rows streamed side by side, so packing it would only copy it. Aᵀ (for Aᵀ·B) and B are packed.
//
// Threads never split k, so every element of C sums its k-terms in the same order for any
// thread count.

/// Cache-blocking sizes for the packed GEMM, chosen for 32 KB L1d, 1 MB L2 per core, 32 MB L3.
enum Blocking {
  /// The largest kc, the depth of one pass of the micro-kernel.
  ///
  /// Up to k = 1024 one pass covers all of k, so each tile of C is loaded and stored once; the
  /// kc × NR B micro-panel (up to 64 KB) then streams from L2, which measured faster here than
  /// kc = 256 with four round trips of C through L3.
  static let maximumDepth = 1024
  /// The largest mc: 24 row panels per packed A block.
  static let maximumRows = 144
  /// The packed A block, mc · kc elements, stays within this many bytes: half of L2.
  static let packedABytes = 1 << 19
  /// The largest packed B block, k · nc elements: 8 MB of floats, a quarter of L3.
  static let maximumPackedB = 1 << 21
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

/// Computes C (m×n) = A · B or C += A · B through packed panels and the micro-kernel.
///
///     C[i, j] = (accumulate ? C[i, j] : 0) + Σ_p A[i, p] · B[p, j]
///
///     c is (m, n) row-major; a is (m, k), b is (k, n), both with any strides
///
/// - Parameters:
///   - c: The output, row-major with row stride n.
///   - a: The left factor.
///   - b: The right factor.
///   - m: Rows of C, `>= 1`.
///   - n: Columns of C, `>= 1`.
///   - k: The shared dimension, `>= 1`.
///   - accumulate: Add to C instead of overwriting it.
///   - threads: The number of threads, `>= 1`.
func packedGEMM<T: KernelScalar>(
  _ c: UnsafeMutablePointer<T>, _ a: StridedMatrix<T>, _ b: StridedMatrix<T>,
  m: Int, n: Int, k: Int, accumulate: Bool, threads: Int
) {
  let mr = microTileRows
  let nr = microTileColumns(T.self)
  let kc = balancedBlock(k, maximum: Blocking.maximumDepth, multiple: 1)
  let nc = balancedBlock(
    n, maximum: max(nr, Blocking.maximumPackedB / k / nr * nr), multiple: nr)
  // packedB holds the column block's NR-wide panels, each k × NR: panel q, row p at (q·k + p)·NR.
  let packedB: UnsafeMutablePointer<T> = allocatePackingBuffer(nc * k)
  defer { packedB.deallocate() }
  let rowPanels = (m + mr - 1) / mr
  for jc in stride(from: 0, to: n, by: nc) {
    let columnEnd = min(jc + nc, n)
    let panels = (columnEnd - jc + nr - 1) / nr
    Parallelism.forEachChunk(panels, threads: threads, minimumChunk: 1) { chunk in
      packB(
        packedB + chunk.lowerBound * k * nr, panelStride: k * nr, b, rows: 0..<k,
        columns: (jc + chunk.lowerBound * nr)..<min(jc + chunk.upperBound * nr, columnEnd))
    }
    let block = PackedBBlock(
      panels: packedB, firstColumn: jc, columnEnd: columnEnd, k: k, kc: kc)
    // Split whichever dimension shares out more evenly: the larger per-thread share of tiles,
    // ceil(rows / t) · columns against rows · ceil(columns / t), is the time to beat.
    if (rowPanels + threads - 1) / threads * panels <= rowPanels
      * ((panels + threads - 1) / threads)
    {
      Parallelism.forEachChunk(rowPanels, threads: threads, minimumChunk: 1) { chunk in
        multiplyBlock(
          c, a, block, rows: (chunk.lowerBound * mr)..<min(chunk.upperBound * mr, m),
          panels: 0..<panels, n: n, accumulate: accumulate)
      }
    } else {
      Parallelism.forEachChunk(panels, threads: threads, minimumChunk: 1) { chunk in
        multiplyBlock(c, a, block, rows: 0..<m, panels: chunk, n: n, accumulate: accumulate)
      }
    }
  }
}

/// A packed column block of B: NR-wide panels covering columns firstColumn ..< columnEnd.
struct PackedBBlock<T> {
  /// Panel q, row p starts at panels + (q · k + p) · NR.
  let panels: UnsafeMutablePointer<T>
  /// The column of B (and C) where panel 0 starts.
  let firstColumn: Int
  /// One past the last column of the block.
  let columnEnd: Int
  /// Rows of B, the length of every panel.
  let k: Int
  /// The depth of one pass of the micro-kernel.
  let kc: Int
}

/// Computes the tile rows × (panels of `block`) of C, one kc-deep pass at a time.
///
///     C[i, j] = (accumulate ? C[i, j] : 0) + Σ_pc (Σ_{p in pc ..< pc + kc} A[i, p] · B[p, j])
///
/// - Parameters:
///   - c: The output, row-major with row stride n.
///   - a: The left factor; read in place when row-major, packed per mc × kc block otherwise.
///   - block: The packed column block of B.
///   - rows: The rows of C to compute.
///   - panels: The panels of the block to compute.
///   - n: The row stride of C.
///   - accumulate: Add to C instead of overwriting it.
func multiplyBlock<T: KernelScalar>(
  _ c: UnsafeMutablePointer<T>, _ a: StridedMatrix<T>, _ block: PackedBBlock<T>,
  rows: Range<Int>, panels: Range<Int>, n: Int, accumulate: Bool
) {
  let mr = microTileRows
  let nr = microTileColumns(T.self)
  let k = block.k
  let inPlace = a.columnStride == 1
  let l2Rows = Blocking.packedABytes / (block.kc * MemoryLayout<T>.stride) / mr * mr
  let mc = balancedBlock(
    rows.count, maximum: max(mr, min(Blocking.maximumRows, l2Rows)), multiple: mr)
  // packedA holds a whole mc × kc block of a transposed A, or only the last, partial row panel
  // of an A read in place (its missing rows must read as zeros).
  let packedA: UnsafeMutablePointer<T> = allocatePackingBuffer((inPlace ? mr : mc) * block.kc)
  let edgeTile: UnsafeMutablePointer<T> = allocatePackingBuffer(mr * nr)
  defer {
    packedA.deallocate()
    edgeTile.deallocate()
  }
  for pc in stride(from: 0, to: k, by: block.kc) {
    let kc = min(block.kc, k - pc)
    let overwrite = pc == 0 && !accumulate
    for ic in stride(from: rows.lowerBound, to: rows.upperBound, by: mc) {
      let icEnd = min(ic + mc, rows.upperBound)
      let partialStart = icEnd - (icEnd - ic) % mr
      if !inPlace {
        packA(packedA, a, rows: ic..<icEnd, columns: pc..<(pc + kc))
      } else if partialStart < icEnd {
        packA(packedA, a, rows: partialStart..<icEnd, columns: pc..<(pc + kc))
      }
      for q in panels {
        let bPanel = UnsafePointer(block.panels + (q * k + pc) * nr)
        let j0 = block.firstColumn + q * nr
        let width = min(nr, block.columnEnd - j0)
        for i0 in stride(from: ic, to: icEnd, by: mr) {
          let height = min(mr, icEnd - i0)
          let aPanel =
            inPlace && height == mr
            ? StridedMatrix(
              base: a.base + i0 * a.rowStride + pc, rowStride: a.rowStride, columnStride: 1)
            : StridedMatrix(
              base: packedA + (inPlace ? 0 : (i0 - ic) * kc), rowStride: 1, columnStride: mr)
          let tile = c + i0 * n + j0
          if height == mr && width == nr {
            microKernel(tile, ldc: n, aPanel, bPanel, kc: kc, overwrite: overwrite)
          } else {
            // Edge tile: the same sums, computed into a full scratch tile, then the valid part
            // is merged exactly as the micro-kernel's own store would have done.
            microKernel(edgeTile, ldc: nr, aPanel, bPanel, kc: kc, overwrite: true)
            for r in 0..<height {
              for j in 0..<width {
                let sum = edgeTile[r * nr + j]
                tile[r * n + j] = overwrite ? sum : tile[r * n + j] + sum
              }
            }
          }
        }
      }
    }
  }
}
