// MicroKernel: the register-tiled inner loop every packed GEMM spends its time in.

/// Rows of the register tile: six rows of two vectors each are 12 accumulators, which with two
/// B vectors and one broadcast A value use 15 of the 16 AVX2 registers.
let microTileRows = 6

/// Columns of the register tile for `T`: two `KernelVector`s (16 floats or 8 doubles).
@inline(__always)
func microTileColumns<T: KernelScalar>(_: T.Type) -> Int { 2 * T.KernelVector.scalarCount }

/// Multiplies a 6×kc panel of A by a packed kc×NR panel of B into a 6×NR tile of C.
///
///     acc[r, j] = Σ_{p < kc} aPanel[r, p] · bPanel[p * NR + j]   (fused multiply-adds, p in order)
///     C[r, j]   = acc[r, j]              (overwrite == true)
///     C[r, j]   = C[r, j] + acc[r, j]    (overwrite == false)
///
///     c is (6, NR) with row stride ldc: c[r * ldc + j]; NR = 2 · T.KernelVector.scalarCount
///
/// Each element's sum runs over p in the same order wherever the tile sits, which is what makes
/// the GEMMs bit-identical for any thread count.
///
/// - Parameters:
///   - c: The top-left element of the 6×NR tile of C.
///   - ldc: The row stride of C in elements.
///   - aPanel: Six rows of A from the tile's first row and the pass's first column: packed
///     (rowStride 1, columnStride 6) or read in place from a row-major A (columnStride 1).
///   - bPanel: kc·NR packed B values, row by row; aligned to 32 bytes.
///   - kc: The length of the sum.
///   - overwrite: Store the product instead of adding it to C.
@inline(__always)
func microKernel<T: KernelScalar>(
  _ c: UnsafeMutablePointer<T>, ldc: Int, _ aPanel: StridedMatrix<T>,
  _ bPanel: UnsafePointer<T>, kc: Int, overwrite: Bool
) {
  typealias V = T.KernelVector
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
  var a = UnsafeRawPointer(aPanel.base)
  let row = aPanel.rowStride * scalar
  let step = aPanel.columnStride * scalar
  var b = UnsafeRawPointer(bPanel)
  for _ in 0..<kc {
    let b0 = b.load(as: V.self)
    let b1 = b.load(fromByteOffset: width, as: V.self)
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
    b += 2 * width
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
