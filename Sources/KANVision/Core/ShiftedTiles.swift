// ShiftedTiles: the register tiles of the direct convolution. A patch matrix is never built:
// its row q is the padded image shifted by offset[q], so the tile reads that row in place.

import KAN

/// The rows of a tile, `8`: eight rows of two 8-lane vectors are 16 accumulators, which with
/// the two vectors of `B` and a broadcast fit the 32 vector registers of AVX-512 (with AVX2's
/// 16 the compiler spills a few, and the result is the same).
let tileRows = 8
/// The columns of a tile, `16`: two 8-lane vectors.
let tileColumns = 16

/// One 8 x 16 tile of `C = A . S`, where row `p` of `S` is a run of a padded image starting at
/// `offsets[p]`.
///
///     C[r, n] = sum_{p < depth} A[r lda + p] b[offsets[p] + n],      r < 8, n < 16
///
/// The forward pass calls it with `A` the weights `(O, C k k)` and `b` the padded input, whose
/// run at offset `(c Hp + i) Wp + j` is row `(c, i, j)` of the patch matrix for 16 consecutive
/// output positions.
///
/// - Parameters:
///   - c: The tile's first element; rows `ldc` apart; overwritten.
///   - ldc: The row stride of `C`.
///   - a: The tile's eight rows of `A`, `lda` apart.
///   - lda: The row stride of `A`.
///   - b: The first of the tile's 16 columns in the padded image.
///   - offsets: The run of each `p`, `depth` of them.
///   - depth: The length of the sum.
@inline(__always)
func shiftedColumnsTile<Scalar: KANScalar>(
  _ c: UnsafeMutablePointer<Scalar>, ldc: Int, _ a: UnsafePointer<Scalar>, lda: Int,
  _ b: UnsafePointer<Scalar>, offsets: UnsafePointer<Int>, depth: Int
) {
  var acc = TileAccumulators<Scalar>()
  let rows = (
    a, a + lda, a + 2 * lda, a + 3 * lda, a + 4 * lda, a + 5 * lda, a + 6 * lda, a + 7 * lda
  )
  let high = 8 * MemoryLayout<Scalar>.stride
  for p in 0..<depth {
    let run = UnsafeRawPointer(b + offsets[p])
    acc.add(
      run.loadUnaligned(as: SIMD8<Scalar>.self),
      run.loadUnaligned(fromByteOffset: high, as: SIMD8<Scalar>.self), rows.0[p], rows.1[p],
      rows.2[p], rows.3[p], rows.4[p], rows.5[p], rows.6[p], rows.7[p])
  }
  acc.store(c, ldc: ldc)
}

/// One 8 x 16 tile of `C = S . B` summed over several images, where row `r` of an image's `S`
/// is a run of its padded copy starting at `offsets[r]`, and `B` is read 16 columns at a time,
/// rows `ldb` apart.
///
///     C[r, n] = sum_{image m < images} sum_{p < depth} a_m[offsets[r] + p] B_m[p ldb + n]
///     a_m = a + m aStride,   B_m = b + m bStride                     r < 8, n < 16
///
/// The weight gradient calls it with `S` the patch matrix (row `(c, i, j)` is the padded input
/// at its offset) and `B` the output gradient transposed, `(positions, O)`; summing a group of
/// images in registers writes the tile once per group rather than once per image.
///
/// - Parameters:
///   - c: The tile's first element; rows `ldc` apart; overwritten.
///   - ldc: The row stride of `C`.
///   - a: The first padded image.
///   - aStride: The distance between padded images.
///   - offsets: The run of each of the tile's eight rows.
///   - b: The tile's 16 columns of the first image's `B`.
///   - ldb: The row stride of `B`.
///   - bStride: The distance between images' `B`.
///   - depth: The positions of one image.
///   - images: The number of images.
@inline(__always)
func shiftedRowsTile<Scalar: KANScalar>(
  _ c: UnsafeMutablePointer<Scalar>, ldc: Int, _ a: UnsafePointer<Scalar>, aStride: Int,
  offsets: UnsafePointer<Int>, _ b: UnsafePointer<Scalar>, ldb: Int, bStride: Int, depth: Int,
  images: Int
) {
  var acc = TileAccumulators<Scalar>()
  let high = 8 * MemoryLayout<Scalar>.stride
  for m in 0..<images {
    let image = a + m * aStride
    let rows = (
      image + offsets[0], image + offsets[1], image + offsets[2], image + offsets[3],
      image + offsets[4], image + offsets[5], image + offsets[6], image + offsets[7]
    )
    var run = UnsafeRawPointer(b + m * bStride)
    let step = ldb * MemoryLayout<Scalar>.stride
    for p in 0..<depth {
      acc.add(
        run.loadUnaligned(as: SIMD8<Scalar>.self),
        run.loadUnaligned(fromByteOffset: high, as: SIMD8<Scalar>.self), rows.0[p], rows.1[p],
        rows.2[p], rows.3[p], rows.4[p], rows.5[p], rows.6[p], rows.7[p])
      run += step
    }
  }
  acc.store(c, ldc: ldc)
}

/// The 8 x 16 accumulators of a tile, two 8-lane vectors per row, kept in registers.
struct TileAccumulators<Scalar: KANScalar> {
  var r0 = (SIMD8<Scalar>(), SIMD8<Scalar>())
  var r1 = (SIMD8<Scalar>(), SIMD8<Scalar>())
  var r2 = (SIMD8<Scalar>(), SIMD8<Scalar>())
  var r3 = (SIMD8<Scalar>(), SIMD8<Scalar>())
  var r4 = (SIMD8<Scalar>(), SIMD8<Scalar>())
  var r5 = (SIMD8<Scalar>(), SIMD8<Scalar>())
  var r6 = (SIMD8<Scalar>(), SIMD8<Scalar>())
  var r7 = (SIMD8<Scalar>(), SIMD8<Scalar>())

  /// `row r += a_r [low, high]` for the eight rows (fused multiply-adds).
  @inline(__always)
  mutating func add(
    _ low: SIMD8<Scalar>, _ high: SIMD8<Scalar>, _ a0: Scalar, _ a1: Scalar, _ a2: Scalar,
    _ a3: Scalar, _ a4: Scalar, _ a5: Scalar, _ a6: Scalar, _ a7: Scalar
  ) {
    r0 = (r0.0.addingProduct(low, a0), r0.1.addingProduct(high, a0))
    r1 = (r1.0.addingProduct(low, a1), r1.1.addingProduct(high, a1))
    r2 = (r2.0.addingProduct(low, a2), r2.1.addingProduct(high, a2))
    r3 = (r3.0.addingProduct(low, a3), r3.1.addingProduct(high, a3))
    r4 = (r4.0.addingProduct(low, a4), r4.1.addingProduct(high, a4))
    r5 = (r5.0.addingProduct(low, a5), r5.1.addingProduct(high, a5))
    r6 = (r6.0.addingProduct(low, a6), r6.1.addingProduct(high, a6))
    r7 = (r7.0.addingProduct(low, a7), r7.1.addingProduct(high, a7))
  }

  /// Writes the 8 x 16 tile to `c`, rows `ldc` apart.
  @inline(__always)
  func store(_ c: UnsafeMutablePointer<Scalar>, ldc: Int) {
    store(r0, c)
    store(r1, c + ldc)
    store(r2, c + 2 * ldc)
    store(r3, c + 3 * ldc)
    store(r4, c + 4 * ldc)
    store(r5, c + 5 * ldc)
    store(r6, c + 6 * ldc)
    store(r7, c + 7 * ldc)
  }

  /// Writes one row's two vectors.
  @inline(__always)
  private func store(_ row: (SIMD8<Scalar>, SIMD8<Scalar>), _ out: UnsafeMutablePointer<Scalar>) {
    let raw = UnsafeMutableRawPointer(out)
    raw.storeBytes(of: row.0, as: SIMD8<Scalar>.self)
    raw.storeBytes(of: row.1, toByteOffset: 8 * MemoryLayout<Scalar>.stride, as: SIMD8<Scalar>.self)
  }
}
