// MicroKernel: the register-tiled inner loop every packed GEMM spends its time in.

import KANKernelsCPU

/// Rows of the register tile: six rows of two vectors each are 12 accumulators, which with two
/// B vectors and one broadcast A value use 15 of the 16 AVX2 registers.
let microTileRows = 6

/// Multiplies a 6×kc panel of A by a kc×NR panel of B into a 6×NR tile of C, NR = 2 · V.width.
///
///     acc[r, j] = Σ_{p < kc} aPanel[r, p] · bPanel[p * bStep + j]   (fused multiply-adds, p in order)
///     C[r, j]   = acc[r, j]              (overwrite == true)
///     C[r, j]   = C[r, j] + acc[r, j]    (overwrite == false)
///
///     c is (6, NR) with row stride ldc: c[r * ldc + j]
///
/// Each element's sum runs over p in the same order whatever the vector width and wherever the
/// tile sits, which is what makes the GEMMs bit-identical for any thread count and either width.
///
/// - Parameters:
///   - c: The top-left element of the 6×NR tile of C.
///   - ldc: The row stride of C in elements.
///   - aPanel: Six rows of A from the tile's first row and the pass's first column, any strides:
///     packed (rowStride 1, columnStride 6), a row-major A in place (columnStride 1) or a stored
///     Aᵀ in place (rowStride 1).
///   - bPanel: Row p of the kc×NR panel of B starts at bPanel + p · bStep; any alignment.
///   - bStep: The distance in elements between rows of the B panel (NR when packed, the row
///     stride of a row-major B read in place).
///   - kc: The length of the sum.
///   - overwrite: Store the product instead of adding it to C.
///   - vector: The SIMD vector of one half tile row: SIMD8<Float> fills an AVX2 register,
///     SIMD16<Float> an AVX-512 one.
///   - prefetch: Memory the next tile will read (min(kc, prefetchLines) cache lines from here),
///     fetched one line per step of the sum; nil for none.
///   - prefetchLines: The number of cache lines at `prefetch`.
@inline(__always)
func microKernel<V: SIMD>(
  _ c: UnsafeMutablePointer<V.Scalar>, ldc: Int, _ aPanel: StridedMatrix<V.Scalar>,
  _ bPanel: UnsafePointer<V.Scalar>, bStep: Int, kc: Int, overwrite: Bool, vector: V.Type,
  prefetch: UnsafeRawPointer? = nil, prefetchLines: Int = 0
) where V.Scalar: KernelScalar {
  typealias T = V.Scalar
  let width = MemoryLayout<V>.stride
  let scalar = MemoryLayout<T>.stride
  var c00 = V()
  var c01 = V()
  var c10 = V()
  var c11 = V()
  var c20 = V()
  var c21 = V()
  var c30 = V()
  var c31 = V()
  var c40 = V()
  var c41 = V()
  var c50 = V()
  var c51 = V()
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
    let b1 = b.loadUnaligned(fromByteOffset: width, as: V.self)
    var ar = V(repeating: a.load(as: T.self))
    c00 = c00.addingProduct(ar, b0)
    c01 = c01.addingProduct(ar, b1)
    ar = V(repeating: a.load(fromByteOffset: row, as: T.self))
    c10 = c10.addingProduct(ar, b0)
    c11 = c11.addingProduct(ar, b1)
    ar = V(repeating: a.load(fromByteOffset: 2 * row, as: T.self))
    c20 = c20.addingProduct(ar, b0)
    c21 = c21.addingProduct(ar, b1)
    ar = V(repeating: a.load(fromByteOffset: 3 * row, as: T.self))
    c30 = c30.addingProduct(ar, b0)
    c31 = c31.addingProduct(ar, b1)
    ar = V(repeating: a.load(fromByteOffset: 4 * row, as: T.self))
    c40 = c40.addingProduct(ar, b0)
    c41 = c41.addingProduct(ar, b1)
    ar = V(repeating: a.load(fromByteOffset: 5 * row, as: T.self))
    c50 = c50.addingProduct(ar, b0)
    c51 = c51.addingProduct(ar, b1)
    a += step
    b += bRow
  }
  let tile = UnsafeMutableRawPointer(c)
  let stride = ldc * scalar
  storeRow(tile, c00, c01, overwrite: overwrite)
  storeRow(tile + stride, c10, c11, overwrite: overwrite)
  storeRow(tile + 2 * stride, c20, c21, overwrite: overwrite)
  storeRow(tile + 3 * stride, c30, c31, overwrite: overwrite)
  storeRow(tile + 4 * stride, c40, c41, overwrite: overwrite)
  storeRow(tile + 5 * stride, c50, c51, overwrite: overwrite)
}

/// Writes one accumulated tile row of two vectors to C: `C = acc` or `C = C + acc`.
///
///     row[0 ..< NR] = (overwrite ? 0 : row[0 ..< NR]) + [left, right]
///
/// - Parameters:
///   - row: The first element of the tile row in C; any alignment.
///   - left: The accumulator for columns 0 ..< NR/2.
///   - right: The accumulator for columns NR/2 ..< NR.
///   - overwrite: Store the accumulators instead of adding them to C.
@inline(__always)
private func storeRow<V: SIMD>(
  _ row: UnsafeMutableRawPointer, _ left: V, _ right: V, overwrite: Bool
) where V.Scalar: FloatingPoint {
  let width = MemoryLayout<V>.stride
  if overwrite {
    row.storeBytes(of: left, as: V.self)
    row.storeBytes(of: right, toByteOffset: width, as: V.self)
  } else {
    row.storeBytes(of: row.loadUnaligned(as: V.self) + left, as: V.self)
    row.storeBytes(
      of: row.loadUnaligned(fromByteOffset: width, as: V.self) + right, toByteOffset: width,
      as: V.self)
  }
}
