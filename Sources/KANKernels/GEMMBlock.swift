// GEMMBlock: one column block of a packed product: where each tile's panels are, and the loop
// one thread runs over its share of the tiles.

import KANKernelsCPU

/// A column block of C = A · B with its operands' panels, packed or in place.
///
///     tiles:  rowPanels × columnPanels register tiles of mr × nr
///     order:  (cache block of mc rows, column panel q, row panel i), i fastest
struct GEMMBlock<T: KernelScalar> {
  let c: UnsafeMutablePointer<T>
  let a: StridedMatrix<T>
  let b: StridedMatrix<T>
  let plan: GEMMPlan
  /// The columns of C (and B) this block covers.
  let columns: Range<Int>
  /// The block's packed B panels when B is packed by block: panel q, row p at (q·k + p)·nr.
  let packedB: UnsafeMutablePointer<T>

  /// Rows of C.
  var m: Int { plan.m }
  /// Columns of C.
  var n: Int { plan.n }
  /// The shared dimension.
  var k: Int { plan.k }
  /// Row panels of mr rows; the last may be partial.
  var rowPanels: Int { (m + plan.mr - 1) / plan.mr }
  /// Column panels of nr columns; the last may be partial.
  var columnPanels: Int { (columns.count + plan.nr - 1) / plan.nr }
  /// Register tiles in the block.
  var tileCount: Int { rowPanels * columnPanels }

  /// Packs column panels `panels` of the block's B, zero-padding a partial last panel.
  func packPanelsOfB(_ panels: Range<Int>) {
    let first = columns.lowerBound + panels.lowerBound * plan.nr
    let end = min(columns.lowerBound + panels.upperBound * plan.nr, columns.upperBound)
    packB(
      packedB + panels.lowerBound * k * plan.nr, panelStride: k * plan.nr, b, rows: 0..<k,
      columns: first..<end, nr: plan.nr)
  }

  /// Computes the tiles `tiles` (indices in the block's tile order) for all of k.
  ///
  ///     C[tile] = (accumulate ? C[tile] : 0) + Σ_pc (Σ_{p in pc ..< pc + kc} A[·, p] · B[p, ·])
  ///
  /// With `plan.packA` (m < mr) the thread copies A's one panel, and with `plan.packBByThread`
  /// each B panel slice it uses (a panel split between two threads is copied by both).
  ///
  /// - Parameters:
  ///   - tiles: A contiguous range of tile indices.
  ///   - accumulate: Add to C instead of overwriting it.
  ///   - tile: The register tile, plan.mr × plan.nr.
  func multiply<Tile: RegisterTile>(tiles: Range<Int>, accumulate: Bool, tile: Tile.Type)
  where Tile.Vector.Scalar == T {
    let panelsPerCacheBlock = plan.mc / plan.mr
    let edgeTile: UnsafeMutablePointer<T> = allocatePackingBuffer(plan.mr * plan.nr)
    let packedA: UnsafeMutablePointer<T>? =
      plan.packA ? allocatePackingBuffer(plan.mc * plan.kc) : nil
    let panelOfB: UnsafeMutablePointer<T>? =
      plan.packBByThread ? allocatePackingBuffer(plan.kc * plan.nr) : nil
    defer {
      edgeTile.deallocate()
      packedA?.deallocate()
      panelOfB?.deallocate()
    }
    for pc in stride(from: 0, to: k, by: plan.kc) {
      let depth = min(plan.kc, k - pc)
      var start = 0
      for first in stride(from: 0, to: rowPanels, by: panelsPerCacheBlock) {
        let height = min(panelsPerCacheBlock, rowPanels - first)
        let cacheBlock = start..<(start + height * columnPanels)
        start = cacheBlock.upperBound
        let mine = cacheBlock.clamped(to: tiles)
        if mine.isEmpty { continue }
        if let packedA {
          let rows = (first * plan.mr)..<min((first + height) * plan.mr, m)
          packA(packedA, a, rows: rows, columns: pc..<(pc + depth), mr: plan.mr)
        }
        let pass = Pass(
          pc: pc, depth: depth, overwrite: pc == 0 && !accumulate, firstPanel: first,
          height: height, packedA: packedA, panelOfB: panelOfB, edgeTile: edgeTile)
        multiply(
          (mine.lowerBound - cacheBlock.lowerBound)..<(mine.upperBound - cacheBlock.lowerBound),
          of: pass, tile: Tile.self)
      }
    }
  }

  /// One kc-deep pass of a thread over its tiles of one cache block.
  struct Pass {
    /// The first column of A (row of B) of the pass.
    let pc: Int
    /// The pass's depth, min(kc, k − pc).
    let depth: Int
    /// Whether the pass stores into C (the first pass, not accumulating) or adds to it.
    let overwrite: Bool
    /// The cache block's first row panel.
    let firstPanel: Int
    /// The cache block's row panels.
    let height: Int
    /// The thread's packed A slice of the cache block, when `plan.packA`.
    let packedA: UnsafeMutablePointer<T>?
    /// The thread's copy of the current B panel slice, depth × nr, when `plan.packBByThread`.
    let panelOfB: UnsafeMutablePointer<T>?
    /// The thread's scratch tile, mr × nr.
    let edgeTile: UnsafeMutablePointer<T>
  }

  /// Computes one pass of the cache block's tiles `local` (t = q · height + r for column
  /// panel q, row panel firstPanel + r): the micro-kernel straight into C, or into the scratch
  /// tile whose new part is then merged exactly as the micro-kernel's store would have.
  ///
  ///     A panel:  packed:   the thread's copy, top = i · mr
  ///               in place: top = min(i · mr, m − mr)   (a partial last panel shifted up)
  ///     B panel:  packed:   the thread's or the block's copy, left = q · nr
  ///               in place: left = min(q · nr, n − nr)  (a partial last panel shifted left)
  ///
  /// On the first sweep of the block's rows (q = 0) the micro-kernel also fetches the next
  /// row panel of a row-major A read in place whose mr rows are one block of memory (the pass
  /// covers all of k). A tall A with short rows (an im2col matrix, k = 144) is mr interleaved
  /// streams of nine cache lines per tile, too short for the hardware prefetcher: without this
  /// the micro-kernel waits on memory (46 against 105 GFLOP/s for 50176 × 16 × 144 on one core
  /// here; a burst of prefetches before each tile reached 55).
  private func multiply<Tile: RegisterTile>(_ local: Range<Int>, of pass: Pass, tile: Tile.Type)
  where Tile.Vector.Scalar == T {
    let (mr, nr) = (plan.mr, plan.nr)
    let prefetchA = pass.packedA == nil && a.columnStride == 1 && pass.depth == k
    let lines = (mr * k * MemoryLayout<T>.stride + 63) / 64
    var (q, r) = local.lowerBound.quotientAndRemainder(dividingBy: pass.height)
    var bPanel = panelOfB(q, pass: pass)
    for _ in local {
      if r == pass.height {
        (q, r) = (q + 1, 0)
        bPanel = panelOfB(q, pass: pass)
      }
      let i = pass.firstPanel + r
      let rows = (i * mr)..<min(i * mr + mr, m)
      let top = pass.packedA == nil ? min(i * mr, m - mr) : i * mr
      let aPanel =
        if let packedA = pass.packedA {
          StridedMatrix(
            base: UnsafePointer(packedA + r * pass.depth * mr), rowStride: 1, columnStride: mr)
        } else {
          StridedMatrix(
            base: a.base + top * a.rowStride + pass.pc * a.columnStride, rowStride: a.rowStride,
            columnStride: a.columnStride)
        }
      let prefetch =
        prefetchA && q == 0 && i + 1 < rowPanels
        ? UnsafeRawPointer(a.base + min(i * mr + mr, m - mr) * a.rowStride) : nil
      if top == rows.lowerBound && bPanel.left == bPanel.columns.lowerBound && rows.count == mr
        && bPanel.columns.count == nr
      {
        microKernel(
          c + top * n + bPanel.left, ldc: n, aPanel, bPanel.base, bStep: bPanel.step,
          kc: pass.depth, overwrite: pass.overwrite, tile: Tile.self, prefetch: prefetch,
          prefetchLines: lines)
      } else {
        microKernel(
          pass.edgeTile, ldc: nr, aPanel, bPanel.base, bStep: bPanel.step, kc: pass.depth,
          overwrite: true, tile: Tile.self, prefetch: prefetch, prefetchLines: lines)
        for row in rows {
          for j in bPanel.columns {
            let sum = pass.edgeTile[(row - top) * nr + (j - bPanel.left)]
            c[row * n + j] = pass.overwrite ? sum : c[row * n + j] + sum
          }
        }
      }
      r += 1
    }
  }

  /// Column panel `q` of B for a pass: where its rows start, their step, the columns of C it
  /// stands for and the first column it computes; copies it first when `plan.packBByThread`.
  private func panelOfB(_ q: Int, pass: Pass) -> (
    base: UnsafePointer<T>, step: Int, columns: Range<Int>, left: Int
  ) {
    let nr = plan.nr
    let first = columns.lowerBound + q * nr
    let tileColumns = first..<min(first + nr, columns.upperBound)
    if let panelOfB = pass.panelOfB {
      packB(
        panelOfB, panelStride: pass.depth * nr, b, rows: pass.pc..<(pass.pc + pass.depth),
        columns: tileColumns, nr: nr)
      return (UnsafePointer(panelOfB), nr, tileColumns, first)
    }
    if plan.packB {
      return (UnsafePointer(packedB + (q * k + pass.pc) * nr), nr, tileColumns, first)
    }
    let left = min(first, n - nr)
    return (b.base + pass.pc * b.rowStride + left, b.rowStride, tileColumns, left)
  }
}
