// PackedGEMM: the BLIS-style product behind all three variants.
//
//   for each column block jc (all of n, or what keeps a packed B block within 8 MB)
//     threads pack the block's B panels (B packed by block)          <- fork-join 1
//     threads take equal contiguous shares of the block's tiles       <- fork-join 2
//       for each pc (kc-deep pass over k)
//         for each mc-row cache block the share reaches: copy its A slice (A packed)
//           for each NR-wide column panel: copy its B slice (B packed by thread)
//             for each MR-row panel: micro-kernel, one MR × NR tile of C
//
// Operands are read in place unless a copy pays (GEMMPlan): a row-major A's panel is six rows
// streamed side by side, a stored Aᵀ's six adjacent values per step, a row-major B's panel NR
// adjacent values per row. A partial last panel read in place is shifted back to end at the
// last row (column) and only its new part is stored, so it never reads outside the matrix.
// Every tile belongs to one thread for all of k, and threads never split k, so every element
// of C sums its k-terms in the same order for any thread count.

/// Computes C (m×n) = A · B or C += A · B through register tiles of type `Tile`.
///
///     C[i, j] = (accumulate ? C[i, j] : 0) + Σ_p A[i, p] · B[p, j]
///
///     c is (m, n) row-major; a is (m, k), b is (k, n), both with any strides
///
/// - Parameters:
///   - c: The output, row-major with row stride n.
///   - a: The left factor.
///   - b: The right factor.
///   - plan: The product's blocking for `Tile`, with m, n, k `>= 1`.
///   - accumulate: Add to C instead of overwriting it.
///   - threads: The number of threads, `>= 1`.
///   - tile: The register tile: `SixRowTile<T.KernelVector>` or `EightRowTile<T.WideKernelVector>`.
func packedGEMM<Tile: RegisterTile>(
  _ c: UnsafeMutablePointer<Tile.Vector.Scalar>, _ a: StridedMatrix<Tile.Vector.Scalar>,
  _ b: StridedMatrix<Tile.Vector.Scalar>, plan: GEMMPlan, accumulate: Bool, threads: Int,
  tile: Tile.Type
) {
  // packedB holds a column block's panels, each k × NR: panel q, row p at (q·k + p)·NR.
  let packedB: UnsafeMutablePointer<Tile.Vector.Scalar> = allocatePackingBuffer(
    plan.packB && !plan.packBByThread ? plan.nc * plan.k : 0)
  defer { packedB.deallocate() }
  for jc in stride(from: 0, to: plan.n, by: plan.nc) {
    let block = GEMMBlock(
      c: c, a: a, b: b, plan: plan, columns: jc..<min(jc + plan.nc, plan.n), packedB: packedB)
    if plan.packB && !plan.packBByThread {
      Parallelism.forEachChunk(block.columnPanels, threads: threads, minimumChunk: 1) { panels in
        block.packPanelsOfB(panels)
      }
    }
    Parallelism.forEachChunk(block.tileCount, threads: threads, minimumChunk: 1) { tiles in
      block.multiply(tiles: tiles, accumulate: accumulate, tile: Tile.self)
    }
  }
}
