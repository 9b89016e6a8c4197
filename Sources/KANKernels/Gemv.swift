// Gemv: the matrix-vector product for outputs one column wide. Packing would copy all of A to
// use one column of each tile, so these stream A once instead.

/// Computes c (m) = A (m×k) · x (k), or c += A · x, streaming A once.
///
///     c[i] = (accumulate ? c[i] : 0) + Σ_p A[i, p] · x[p]
///
/// Row-major A takes a SIMD dot product per row; column-major A (Aᵀ stored row-major) adds
/// `x[p] · A[·, p]` to running sums, sixteen columns of A (rows of memory) at a time. Either way each element sums its terms in an
/// order fixed by k alone, and threads split only the rows, so results do not depend on
/// `threads`.
///
/// - Parameters:
///   - c: The output vector, m elements.
///   - a: The matrix (any strides).
///   - x: The input vector, k contiguous elements.
///   - m: Rows of A, `>= 1`.
///   - k: Columns of A, `>= 1`.
///   - accumulate: Add to c instead of overwriting it.
///   - threads: The number of threads, `>= 1`.
func gemv<T: KernelScalar>(
  _ c: UnsafeMutablePointer<T>, _ a: StridedMatrix<T>, _ x: UnsafePointer<T>,
  m: Int, k: Int, accumulate: Bool, threads: Int
) {
  if a.columnStride == 1 {
    Parallelism.forEachChunk(m, threads: threads, minimumChunk: 1) { rows in
      for i in rows {
        let sum = dot(a.base + i * a.rowStride, x, count: k)
        c[i] = accumulate ? c[i] + sum : sum
      }
    }
  } else {
    // Chunks of whole 16-row groups (a cache line of floats), so two threads never write to
    // the same line of c.
    let group = 16
    Parallelism.forEachChunk((m + group - 1) / group, threads: threads, minimumChunk: 1) { chunk in
      let rows = (chunk.lowerBound * group)..<min(chunk.upperBound * group, m)
      columnCombination(c, a, x, rows: rows, k: k, accumulate: accumulate)
    }
  }
}

/// Returns the dot product of two contiguous vectors with four SIMD accumulators.
///
///     Σ_p u[p] · v[p]
///
/// - Parameters:
///   - u: The first vector, `count` elements.
///   - v: The second vector, `count` elements.
///   - count: The length, `>= 0`.
/// - Returns: The sum; its rounding depends only on `count`.
func dot<T: KernelScalar>(_ u: UnsafePointer<T>, _ v: UnsafePointer<T>, count: Int) -> T {
  typealias V = T.KernelVector
  let width = V.scalarCount
  let ur = UnsafeRawPointer(u)
  let vr = UnsafeRawPointer(v)
  let step = MemoryLayout<V>.stride
  var s0 = V()
  var s1 = V()
  var s2 = V()
  var s3 = V()
  var p = 0
  while p + 4 * width <= count {
    let offset = p * MemoryLayout<T>.stride
    s0 = s0.addingProduct(
      ur.loadUnaligned(fromByteOffset: offset, as: V.self),
      vr.loadUnaligned(fromByteOffset: offset, as: V.self))
    s1 = s1.addingProduct(
      ur.loadUnaligned(fromByteOffset: offset + step, as: V.self),
      vr.loadUnaligned(fromByteOffset: offset + step, as: V.self))
    s2 = s2.addingProduct(
      ur.loadUnaligned(fromByteOffset: offset + 2 * step, as: V.self),
      vr.loadUnaligned(fromByteOffset: offset + 2 * step, as: V.self))
    s3 = s3.addingProduct(
      ur.loadUnaligned(fromByteOffset: offset + 3 * step, as: V.self),
      vr.loadUnaligned(fromByteOffset: offset + 3 * step, as: V.self))
    p += 4 * width
  }
  var sum = ((s0 + s1) + (s2 + s3)).sum()
  while p < count {
    sum = sum.addingProduct(u[p], v[p])
    p += 1
  }
  return sum
}

/// Adds the columns of a column-major A weighted by x to rows `rows` of c.
///
///     c[i] = (accumulate ? c[i] : 0) + Σ_p x[p] · A[i, p]      for i in rows
///
/// A column-major A is Aᵀ stored row-major, so its columns are the rows of memory. They are
/// read sixteen at a time, each front to back, into running sums kept in a small buffer: every
/// sum is still one chain of fused multiply-adds over p in order, the same in the vector and the
/// scalar loop, so the result does not depend on how threads split the rows.
///
/// - Parameters:
///   - c: The output vector.
///   - a: The matrix, with `rowStride == 1` expected for speed (any strides work).
///   - x: The weights, k contiguous elements.
///   - rows: The rows of c to compute.
///   - k: Columns of A.
///   - accumulate: Add to c instead of overwriting it.
private func columnCombination<T: KernelScalar>(
  _ c: UnsafeMutablePointer<T>, _ a: StridedMatrix<T>, _ x: UnsafePointer<T>,
  rows: Range<Int>, k: Int, accumulate: Bool
) {
  typealias V = T.KernelVector
  let width = V.scalarCount
  let count = rows.count
  let vectorEnd = a.rowStride == 1 ? count / width * width : 0
  let sums: UnsafeMutablePointer<T> = allocatePackingBuffer(count)
  defer { sums.deallocate() }
  sums.initialize(repeating: 0, count: count)
  let sumBytes = UnsafeMutableRawPointer(sums)
  let step = MemoryLayout<V>.stride
  for p0 in stride(from: 0, to: k, by: 16) {
    let p1 = min(p0 + 16, k)
    for i in stride(from: 0, to: vectorEnd, by: width) {
      let offset = i / width * step
      var sum = sumBytes.load(fromByteOffset: offset, as: V.self)
      for p in p0..<p1 {
        let column = UnsafeRawPointer(a.base + rows.lowerBound + i + p * a.columnStride)
        sum = sum.addingProduct(column.loadUnaligned(as: V.self), V(repeating: x[p]))
      }
      sumBytes.storeBytes(of: sum, toByteOffset: offset, as: V.self)
    }
    for i in vectorEnd..<count {
      for p in p0..<p1 { sums[i] = sums[i].addingProduct(a[rows.lowerBound + i, p], x[p]) }
    }
  }
  for i in 0..<count {
    c[rows.lowerBound + i] = accumulate ? c[rows.lowerBound + i] + sums[i] : sums[i]
  }
}
