// Transpose: moving between one row per window position, (positions, channels), and the image
// layout, (channels, positions).

import KAN

/// `b = a^T`: a `(rows, columns)` matrix written as `(columns, rows)`.
///
///     b[c rows + r] = a[r columns + c]
///
/// Walks `a` in tiles of 8 x 8 so that both sides stay in cache lines.
func transpose<Scalar: KANScalar>(
  _ b: UnsafeMutablePointer<Scalar>, _ a: UnsafePointer<Scalar>, rows: Int, columns: Int
) {
  for r0 in stride(from: 0, to: rows, by: 8) {
    let r1 = min(r0 + 8, rows)
    for c0 in stride(from: 0, to: columns, by: 8) {
      for c in c0..<min(c0 + 8, columns) {
        for r in r0..<r1 { b[c * rows + r] = a[r * columns + c] }
      }
    }
  }
}

/// Transposes `count` consecutive `(rows, columns)` matrices, each in place of its own block.
///
///     b[n][c, r] = a[n][r, c],     n < count;   a[n] starts at n rows columns, as does b[n]
func transposeEach<Scalar: KANScalar>(
  _ b: UnsafeMutablePointer<Scalar>, _ a: UnsafePointer<Scalar>, count: Int, rows: Int,
  columns: Int
) {
  for n in 0..<count {
    transpose(b + n * rows * columns, a + n * rows * columns, rows: rows, columns: columns)
  }
}
