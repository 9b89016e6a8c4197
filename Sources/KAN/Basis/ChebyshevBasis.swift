/// The Chebyshev polynomials `T_0 ... T_{n-1}` of `tanh x`, and optionally their derivatives in
/// `x`, by the three-term recurrence.
///
///     t = tanh x
///     T_0 = 1,   T_1 = t,   T_{m+1} = 2 t T_m - T_{m-1}
///     T'_0 = 0,  T'_1 = 1,  T'_{m+1} = 2 T_m + 2 t T'_m - T'_{m-1}      (d/dt)
///     d T_m(tanh x) / dx = T'_m(t) (1 - t^2)
///
/// The recurrence, not `cos(m acos t)`: the latter needs `acos`, whose derivative
/// `-1 / sqrt(1 - t^2)` is infinite at `t = +-1`, which `tanh` reaches in floating point for
/// `|x| > 9` (Float) or `|x| > 19` (Double). The polynomials are bounded by 1 on `[-1, 1]` and
/// their derivatives by `m^2`, so nothing overflows however large `x` is.
///
/// - Parameters:
///   - x: the input value.
///   - n: the number of polynomials, at least 1.
///   - values: receives `n` values.
///   - derivatives: receives `n` derivatives when not nil.
@inline(__always)
func chebyshevBases<Scalar: KANScalar>(
  _ x: Scalar, count n: Int, values: UnsafeMutablePointer<Scalar>,
  derivatives: UnsafeMutablePointer<Scalar>?
) {
  let t = Scalar.tanh(x)
  let squash = 1 - t * t
  values[0] = 1
  derivatives?[0] = 0
  guard n > 1 else { return }
  values[1] = t
  derivatives?[1] = squash
  var previous: Scalar = 1  // T_{m-1}
  var current = t  // T_m
  var previousSlope: Scalar = 0  // T'_{m-1}(t)
  var currentSlope: Scalar = 1  // T'_m(t)
  for m in stride(from: 1, to: n - 1, by: 1) {
    let next = 2 * t * current - previous
    let nextSlope = 2 * current + 2 * t * currentSlope - previousSlope
    values[m + 1] = next
    derivatives?[m + 1] = nextSlope * squash
    (previous, current) = (current, next)
    (previousSlope, currentSlope) = (currentSlope, nextSlope)
  }
}
