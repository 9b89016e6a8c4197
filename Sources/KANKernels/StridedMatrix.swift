// StridedMatrix: one read-only view type for A, Aᵀ, B and Bᵀ, so the three GEMM variants share
// one driver; packing reads through it and absorbs the transposes.

/// A read-only matrix in memory with arbitrary row and column strides.
///
///     element(i, p) = base[i * rowStride + p * columnStride]
///
///     row-major (rows, cols):     rowStride = cols, columnStride = 1
///     its transpose (cols, rows): rowStride = 1,    columnStride = cols
struct StridedMatrix<T> {
  /// The address of element (0, 0).
  let base: UnsafePointer<T>
  /// The distance in elements between (i, p) and (i + 1, p).
  let rowStride: Int
  /// The distance in elements between (i, p) and (i, p + 1).
  let columnStride: Int

  /// The element in row `i`, column `p`.
  @inline(__always)
  subscript(i: Int, p: Int) -> T { base[i * rowStride + p * columnStride] }

  /// The same memory read as the transposed matrix: `transposed[p, i] == self[i, p]`.
  var transposed: StridedMatrix<T> {
    StridedMatrix(base: base, rowStride: columnStride, columnStride: rowStride)
  }
}

/// Traps with a clear message when a GEMM size or thread count is invalid.
///
///     m >= 0, n >= 0, k >= 0, threads >= 1
///
/// Callers validate user input; reaching this trap is a programming error.
func checkGEMMSizes(_ name: StaticString, m: Int, n: Int, k: Int, threads: Int) {
  precondition(m >= 0 && n >= 0 && k >= 0, "\(name): sizes must be >= 0, got m=\(m) n=\(n) k=\(k)")
  precondition(threads >= 1, "\(name): threads must be >= 1, got \(threads)")
}
