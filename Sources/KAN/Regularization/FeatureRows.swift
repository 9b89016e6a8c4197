/// Eight scalars from `address` (no alignment needed).
@inline(__always)
func load8<Scalar: KANScalar>(_ address: UnsafePointer<Scalar>) -> SIMD8<Scalar> {
  UnsafeRawPointer(address).loadUnaligned(as: SIMD8<Scalar>.self)
}

/// Eight scalars to `address` (no alignment needed).
@inline(__always)
func store8<Scalar: KANScalar>(_ value: SIMD8<Scalar>, _ address: UnsafeMutablePointer<Scalar>) {
  UnsafeMutableRawPointer(address).storeBytes(of: value, as: SIMD8<Scalar>.self)
}

/// `v[0] + ... + v[7]`, by halves (`SIMD.sum()` adds the lanes one at a time).
@inline(__always)
func horizontalSum<Scalar: KANScalar>(_ v: SIMD8<Scalar>) -> Scalar {
  let quarter = v.lowHalf + v.highHalf
  let pair = quarter.lowHalf + quarter.highHalf
  return pair[0] + pair[1]
}

extension FeatureLanes {
  /// Where lane `l`'s window sits in its feature row: the entries `r` whose basis
  /// `m = o_l - k + r` is one of the `n`, and the column of entry 0.
  ///
  ///     f(x_l)[column + r] = window_l[r]    for r in entries      (column = 1 + o_l - k)
  ///
  /// Every other basis of the row is zero.
  ///
  /// - Parameters:
  ///   - l: the lane.
  ///   - n: the bases per input.
  ///   - k: the window's padding (`FeatureEvaluator.padding`).
  /// - Returns: the entries and the column.
  @inline(__always)
  func window(lane l: Int, n: Int, padding k: Int) -> (entries: Range<Int>, column: Int) {
    let first = offset[l] - k  // the basis of entry 0
    let lower = max(0, -first)
    return (lower..<max(lower, min(width, n - first)), 1 + first)
  }

  /// Lane `l`'s whole feature row, `C = 1 + n` values in basis order.
  ///
  ///     row = f(x_l) = [ b(x_l), B_0(x_l), ..., B_{n-1}(x_l) ]
  ///
  /// - Parameters:
  ///   - l: the lane.
  ///   - row: receives `C` values.
  ///   - n: the bases per input.
  ///   - k: the window's padding.
  @inline(__always)
  func writeFeatureRow(lane l: Int, to row: UnsafeMutablePointer<Scalar>, n: Int, padding k: Int) {
    row[0] = base[l]
    (row + 1).update(repeating: 0, count: n)
    let (entries, column) = window(lane: l, n: n, padding: k)
    for r in entries { row[column + r] = values[8 * r + l] }
  }
}
