// LaneSums: sums over a run of scalars kept in eight lanes, so the loop vectorises (a scalar
// floating-point sum must keep its order and would not). Add the lanes with `.sum()` at the end.

import KAN

/// `lanes[l] = sum_{q = l mod 8} x[q]`, `q < count`.
///
/// - Parameters:
///   - x: The run.
///   - count: Its length.
/// - Returns: The eight partial sums.
@inline(__always)
func lanes<Scalar: KANScalar>(_ x: UnsafePointer<Scalar>, _ count: Int) -> SIMD8<Scalar> {
  var sum = SIMD8<Scalar>()
  let whole = count - count % 8
  for q in stride(from: 0, to: whole, by: 8) {
    sum += UnsafeRawPointer(x + q).loadUnaligned(as: SIMD8<Scalar>.self)
  }
  for q in whole..<count { sum[q - whole] += x[q] }
  return sum
}

/// `lanes[l] = sum_{q = l mod 8} x[q] (y[q] - mean)`, `q < count`.
@inline(__always)
func lanesOfCenteredProducts<Scalar: KANScalar>(
  _ x: UnsafePointer<Scalar>, _ y: UnsafePointer<Scalar>, _ count: Int, mean: Scalar
) -> SIMD8<Scalar> {
  var sum = SIMD8<Scalar>()
  let whole = count - count % 8
  let center = SIMD8<Scalar>(repeating: mean)
  for q in stride(from: 0, to: whole, by: 8) {
    let a = UnsafeRawPointer(x + q).loadUnaligned(as: SIMD8<Scalar>.self)
    let b = UnsafeRawPointer(y + q).loadUnaligned(as: SIMD8<Scalar>.self)
    sum = sum.addingProduct(a, b - center)
  }
  for q in whole..<count { sum[q - whole] += x[q] * (y[q] - mean) }
  return sum
}

/// `lanes[l] = sum_{q = l mod 8} (x[q] - mean)^2`, `q < count`.
@inline(__always)
func squaredDeviations<Scalar: KANScalar>(
  _ x: UnsafePointer<Scalar>, _ count: Int, from mean: Scalar
) -> SIMD8<Scalar> {
  var sum = SIMD8<Scalar>()
  let whole = count - count % 8
  let center = SIMD8<Scalar>(repeating: mean)
  for q in stride(from: 0, to: whole, by: 8) {
    let d = UnsafeRawPointer(x + q).loadUnaligned(as: SIMD8<Scalar>.self) - center
    sum = sum.addingProduct(d, d)
  }
  for q in whole..<count { sum[q - whole] += (x[q] - mean) * (x[q] - mean) }
  return sum
}
