// RegisterTile: the accumulators of the micro-kernel, one type per tile shape. Each lists its
// rows once; the micro-kernel's loop, prefetch and store are shared.

/// The accumulators of an R × 2V register tile of C: one pair of vectors per row.
protocol RegisterTile {
  /// Half a tile row: one SIMD register.
  associatedtype Vector: SIMD where Vector.Scalar: KernelScalar
  /// Rows of the tile, R.
  static var rows: Int { get }
  /// A tile of zeros.
  init()
  /// Adds one step of the sum: row r += A[r] · [b0, b1], A[r] read at `a + r · row` bytes.
  mutating func addProducts(_ a: UnsafeRawPointer, row: Int, _ b0: Vector, _ b1: Vector)
  /// Stores the tile into C (`C = acc`) or adds it (`C += acc`); row r at `c + r · stride` bytes.
  func store(_ c: UnsafeMutableRawPointer, stride: Int, overwrite: Bool)
}

extension RegisterTile {
  /// Columns of the tile: two vectors.
  static var columns: Int { 2 * Vector.scalarCount }
}

/// Six rows: 12 accumulators, which with two B vectors and one broadcast A value use 15 of the
/// 16 registers of AVX2 (the narrow tile, 6 × 16 floats).
struct SixRowTile<Vector: SIMD>: RegisterTile where Vector.Scalar: KernelScalar {
  static var rows: Int { 6 }
  var r0 = (Vector(), Vector())
  var r1 = (Vector(), Vector())
  var r2 = (Vector(), Vector())
  var r3 = (Vector(), Vector())
  var r4 = (Vector(), Vector())
  var r5 = (Vector(), Vector())

  @inline(__always)
  mutating func addProducts(_ a: UnsafeRawPointer, row: Int, _ b0: Vector, _ b1: Vector) {
    addProduct(&r0, a, 0, b0, b1)
    addProduct(&r1, a, row, b0, b1)
    addProduct(&r2, a, 2 * row, b0, b1)
    addProduct(&r3, a, 3 * row, b0, b1)
    addProduct(&r4, a, 4 * row, b0, b1)
    addProduct(&r5, a, 5 * row, b0, b1)
  }

  @inline(__always)
  func store(_ c: UnsafeMutableRawPointer, stride: Int, overwrite: Bool) {
    storeRow(r0, c, overwrite: overwrite)
    storeRow(r1, c + stride, overwrite: overwrite)
    storeRow(r2, c + 2 * stride, overwrite: overwrite)
    storeRow(r3, c + 3 * stride, overwrite: overwrite)
    storeRow(r4, c + 4 * stride, overwrite: overwrite)
    storeRow(r5, c + 5 * stride, overwrite: overwrite)
  }
}

/// Eight rows: 16 accumulators, with two B vectors and a broadcast 19 registers, which AVX-512
/// has (32); 16 FMAs per 10 loads against the six-row tile's 12 per 8 (the wide tile, 8 × 32
/// floats: 2-16% faster on one core than 6 × 32 was, most where m = 16 or 64 fills whole panels).
struct EightRowTile<Vector: SIMD>: RegisterTile where Vector.Scalar: KernelScalar {
  static var rows: Int { 8 }
  /// Rows 0-5.
  var top = SixRowTile<Vector>()
  var r6 = (Vector(), Vector())
  var r7 = (Vector(), Vector())

  @inline(__always)
  mutating func addProducts(_ a: UnsafeRawPointer, row: Int, _ b0: Vector, _ b1: Vector) {
    top.addProducts(a, row: row, b0, b1)
    addProduct(&r6, a, 6 * row, b0, b1)
    addProduct(&r7, a, 7 * row, b0, b1)
  }

  @inline(__always)
  func store(_ c: UnsafeMutableRawPointer, stride: Int, overwrite: Bool) {
    top.store(c, stride: stride, overwrite: overwrite)
    storeRow(r6, c + 6 * stride, overwrite: overwrite)
    storeRow(r7, c + 7 * stride, overwrite: overwrite)
  }
}

/// One row's step of the sum: (left, right) += A value · (b0, b1), fused multiply-adds.
@inline(__always)
private func addProduct<V: SIMD>(
  _ row: inout (V, V), _ a: UnsafeRawPointer, _ offset: Int, _ b0: V, _ b1: V
) where V.Scalar: FloatingPoint {
  let value = V(repeating: a.load(fromByteOffset: offset, as: V.Scalar.self))
  row.0 = row.0.addingProduct(value, b0)
  row.1 = row.1.addingProduct(value, b1)
}

/// Writes one accumulated tile row of two vectors to C: `C = acc` or `C = C + acc`.
///
///     c[0 ..< NR] = (overwrite ? 0 : c[0 ..< NR]) + [left, right]
@inline(__always)
private func storeRow<V: SIMD>(_ row: (V, V), _ c: UnsafeMutableRawPointer, overwrite: Bool)
where V.Scalar: FloatingPoint {
  let width = MemoryLayout<V>.stride
  if overwrite {
    c.storeBytes(of: row.0, as: V.self)
    c.storeBytes(of: row.1, toByteOffset: width, as: V.self)
  } else {
    c.storeBytes(of: c.loadUnaligned(as: V.self) + row.0, as: V.self)
    c.storeBytes(
      of: c.loadUnaligned(fromByteOffset: width, as: V.self) + row.1, toByteOffset: width,
      as: V.self)
  }
}
