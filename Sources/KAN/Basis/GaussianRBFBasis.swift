/// The `n` Gaussian radial basis functions of one input at `x`, and optionally their
/// derivatives, on uniform centres over `[lower, upper]` (fast-kan's `RadialBasisFunction`).
///
///     h     = (upper - lower) / (n - 1)          (upper - lower when n = 1)
///     c_m   = lower + m h,                        m = 0 ... n - 1
///     u_m   = (x - c_m) / h
///     B_m   = exp(-u_m^2)
///     B'_m  = -2 u_m B_m / h
///
/// The width `h` is the centre spacing, fast-kan's default `denominator`. Each input has its own
/// centres and its own sum, as the better-kan README insists: the layer stays
/// `y_j = sum_i phi_ji(x_i)`, never a radial function of the whole input vector.
///
/// - Parameters:
///   - x: the input value.
///   - lower: the first centre, `t_k` of the input's grid row.
///   - upper: the last centre, `t_{G+k}`.
///   - n: the number of centres.
///   - values: receives `n` basis values.
///   - derivatives: receives `n` derivatives when not nil.
@inline(__always)
func gaussianRBFBases<Scalar: KANScalar>(
  _ x: Scalar, lower: Scalar, upper: Scalar, count n: Int,
  values: UnsafeMutablePointer<Scalar>, derivatives: UnsafeMutablePointer<Scalar>?
) {
  let width = (upper - lower) / Scalar(max(n - 1, 1))
  let inverseWidth = 1 / width
  for m in 0..<n {
    let u = (x - (lower + Scalar(m) * width)) * inverseWidth
    let value = Scalar.exp(-u * u)
    values[m] = value
    derivatives?[m] = -2 * u * value * inverseWidth
  }
}
