// MicroKernel: the register-tiled inner loop every packed GEMM spends its time in.

import KANKernelsCPU

/// Multiplies an R×kc panel of A by a kc×NR panel of B into an R×NR tile of C, the shape of
/// `Tile` (R rows, NR = 2 · Tile.Vector.scalarCount).
///
///     acc[r, j] = Σ_{p < kc} aPanel[r, p] · bPanel[p * bStep + j]   (fused multiply-adds, p in order)
///     C[r, j]   = acc[r, j]              (overwrite == true)
///     C[r, j]   = C[r, j] + acc[r, j]    (overwrite == false)
///
///     c is (R, NR) with row stride ldc: c[r * ldc + j]
///
/// Each element's sum runs over p in the same order whatever the tile shape and wherever the
/// tile sits, which is what makes the GEMMs bit-identical for any thread count and tile.
///
/// - Parameters:
///   - c: The top-left element of the R×NR tile of C.
///   - ldc: The row stride of C in elements.
///   - aPanel: R rows of A from the tile's first row and the pass's first column, any strides:
///     packed (rowStride 1, columnStride R), a row-major A in place (columnStride 1) or a stored
///     Aᵀ in place (rowStride 1).
///   - bPanel: Row p of the kc×NR panel of B starts at bPanel + p · bStep; any alignment.
///   - bStep: The distance in elements between rows of the B panel (NR when packed, the row
///     stride of a row-major B read in place).
///   - kc: The length of the sum.
///   - overwrite: Store the product instead of adding it to C.
///   - tile: The register tile: its rows and vector (SIMD8<Float> fills an AVX2 register,
///     SIMD16<Float> an AVX-512 one).
///   - prefetch: Memory the next tile will read (min(kc, prefetchLines) cache lines from here),
///     fetched one line per step of the sum; nil for none.
///   - prefetchLines: The number of cache lines at `prefetch`.
@inline(__always)
func microKernel<Tile: RegisterTile>(
  _ c: UnsafeMutablePointer<Tile.Vector.Scalar>, ldc: Int,
  _ aPanel: StridedMatrix<Tile.Vector.Scalar>, _ bPanel: UnsafePointer<Tile.Vector.Scalar>,
  bStep: Int, kc: Int, overwrite: Bool, tile: Tile.Type, prefetch: UnsafeRawPointer? = nil,
  prefetchLines: Int = 0
) {
  typealias V = Tile.Vector
  let scalar = MemoryLayout<V.Scalar>.stride
  var acc = Tile()
  let row = aPanel.rowStride * scalar
  let step = aPanel.columnStride * scalar
  var a = UnsafeRawPointer(aPanel.base)
  var b = UnsafeRawPointer(bPanel)
  let bRow = bStep * scalar
  var line = prefetch ?? UnsafeRawPointer(bPanel)
  var lines = prefetch == nil ? 0 : prefetchLines
  for _ in 0..<kc {
    if lines > 0 {
      kan_prefetch(line)
      line += 64
      lines -= 1
    }
    let b0 = b.loadUnaligned(as: V.self)
    let b1 = b.loadUnaligned(fromByteOffset: MemoryLayout<V>.stride, as: V.self)
    acc.addProducts(a, row: row, b0, b1)
    a += step
    b += bRow
  }
  acc.store(UnsafeMutableRawPointer(c), stride: ldc * scalar, overwrite: overwrite)
}
