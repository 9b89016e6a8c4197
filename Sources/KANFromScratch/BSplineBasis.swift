/// Evaluation of the basis and its derivative: the blog's `_rec_call`, `__call__`, `derivative`.
extension BSpline {
  /// Evaluates one basis element by the Cox-de Boor recursion (the blog's `_rec_call`).
  ///
  ///     B_{i,0}(x) = 1 if t_i <= x < t_{i+1}, else 0
  ///     B_{i,p}(x) = (x - t_i) / (t_{i+p} - t_i) * B_{i,p-1}(x)
  ///                + (t_{i+p+1} - x) / (t_{i+p+1} - t_{i+1}) * B_{i+1,p-1}(x)
  ///
  /// The recursion runs on one scalar `x` and allocates nothing, which is what makes the scratch
  /// track hundreds of times faster than the blog's NumPy version of the same recursion.
  ///
  /// - Parameters:
  ///   - x: The point to evaluate at.
  ///   - degree: The degree of this level of the recursion (`p` at the top).
  ///   - i: The index of the basis element.
  /// - Returns: `B_{i,degree}(x)`; zero for a negative degree or an index whose knots lie outside
  ///   `t`, so that `B_{i,-1} = 0` and the derivative of a degree-0 basis is zero.
  public func basis(_ x: Double, degree: Int, index i: Int) -> Double {
    guard degree >= 0, i >= 0, i + degree + 1 < t.count else { return 0 }
    // Local support: B_{i,degree} is zero outside [t_i, t_{i+degree+1}). Returning early gives
    // the same numbers as recursing down to the indicators, and skips most of the calls.
    guard t[i] <= x, x < t[i + degree + 1] else { return 0 }
    if degree == 0 { return 1 }
    let left = ratio(x - t[i], t[i + degree] - t[i])
    let right = ratio(t[i + degree + 1] - x, t[i + degree + 1] - t[i + 1])
    return left * basis(x, degree: degree - 1, index: i)
      + right * basis(x, degree: degree - 1, index: i + 1)
  }

  /// Evaluates all `n` basis elements at every point (the blog's `__call__`).
  ///
  ///     basis[k][m] = B_{k,p}(x_m)
  ///
  /// - Parameter x: The points; x is (m).
  /// - Returns: The basis values; the result is (n, m).
  /// - Throws: `FromScratchError.nonFiniteInput` if a point is NaN or infinite.
  public func callAsFunction(_ x: [Double]) throws(FromScratchError) -> [[Double]] {
    try validate(x, count: nil, what: "BSpline x")
    return (0..<n).map { k in x.map { basis($0, degree: p, index: k) } }
  }

  /// Evaluates the derivative of one basis element (the blog's formula for `B'`).
  ///
  ///     B'_{i,p}(x) = p * ( B_{i,p-1}(x) / (t_{i+p} - t_i)
  ///                       - B_{i+1,p-1}(x) / (t_{i+p+1} - t_{i+1}) )
  ///
  /// - Parameters:
  ///   - x: The point to evaluate at.
  ///   - i: The index of the basis element.
  /// - Returns: `B'_{i,p}(x)`; zero for `p == 0`, whose bases are piecewise constant, and for an
  ///   index outside `0..<n`.
  public func derivative(_ x: Double, index i: Int) -> Double {
    guard i >= 0, i < n else { return 0 }
    let left = ratio(basis(x, degree: p - 1, index: i), t[i + p] - t[i])
    let right = ratio(basis(x, degree: p - 1, index: i + 1), t[i + p + 1] - t[i + 1])
    return Double(p) * (left - right)
  }

  /// Evaluates the derivative of all `n` basis elements at every point (the blog's `derivative`).
  ///
  ///     basisPrime[k][m] = B'_{k,p}(x_m)
  ///
  /// - Parameter x: The points; x is (m).
  /// - Returns: The derivatives; the result is (n, m).
  /// - Throws: `FromScratchError.nonFiniteInput` if a point is NaN or infinite.
  public func derivative(_ x: [Double]) throws(FromScratchError) -> [[Double]] {
    try validate(x, count: nil, what: "BSpline.derivative x")
    return (0..<n).map { k in x.map { derivative($0, index: k) } }
  }
}

/// Divides, taking `0 / 0` (and anything over a zero-width knot span) as zero.
///
/// - Parameters:
///   - numerator: The numerator.
///   - denominator: The knot difference; zero only for repeated knots.
/// - Returns: `numerator / denominator`, or 0 when `denominator == 0`.
private func ratio(_ numerator: Double, _ denominator: Double) -> Double {
  denominator == 0 ? 0 : numerator / denominator
}
