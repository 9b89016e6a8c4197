#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension KANLinear {
  /// efficient-kan's weight-based sparsity term (`regularization_loss`) and its gradient with
  /// respect to `w_s`.
  ///
  ///     l_ji = (1 / n) sum_m |w_s[j, i, m]|,   S = sum_ji l_ji,   p_ji = l_ji / S
  ///     H    = -sum_ji p_ji ln p_ji            (0 ln 0 = 0)
  ///     R    = lambdaL1 S + lambdaEntropy H
  ///     dR/dw_s[j, i, m] = (lambdaL1 - lambdaEntropy (ln p_ji + H) / S) sign(w_s[j, i, m]) / n
  ///
  /// Guarding `log 0`: an edge whose weights are all zero has `p = 0`, adds nothing to `H` and
  /// gets a zero gradient (`sign(0) = 0`, the subgradient at the kink of `|w|`); a layer whose
  /// weights are all zero has `R = 0`. efficient-kan evaluates `0 * log 0 = NaN` in both cases.
  /// The scale `s` is not penalised (efficient-kan uses the unscaled `spline_weight`).
  ///
  /// - Parameters:
  ///   - lambdaL1: the weight of `S` (efficient-kan's `regularize_activation`).
  ///   - lambdaEntropy: the weight of `H` (efficient-kan's `regularize_entropy`).
  /// - Returns: `R` and `dR/dw_s`, `(out, in, n)`, flat.
  func weightSparsityAndGradient(
    lambdaL1: Double, lambdaEntropy: Double
  ) -> (value: Double, gradient: [Double]) {
    let n = basisCount
    let edges = outFeatures * inFeatures
    var l = [Double](repeating: 0, count: edges)  // (out, in)
    for edge in 0..<edges {
      for m in 0..<n { l[edge] += abs(Double(splineWeight.scalars[edge * n + m])) }
      l[edge] /= Double(n)
    }
    let total = l.reduce(0, +)
    var gradient = [Double](repeating: 0, count: edges * n)
    guard total > 0 else { return (0, gradient) }
    var entropy = 0.0
    for edge in 0..<edges where l[edge] > 0 {
      let p = l[edge] / total
      entropy -= p * log(p)
    }
    for edge in 0..<edges where l[edge] > 0 {
      let slope = lambdaL1 - lambdaEntropy * (log(l[edge] / total) + entropy) / total
      for m in 0..<n {
        let w = splineWeight.scalars[edge * n + m]
        gradient[edge * n + m] = w > 0 ? slope / Double(n) : w < 0 ? -slope / Double(n) : 0
      }
    }
    return (lambdaL1 * total + lambdaEntropy * entropy, gradient)
  }

  /// efficient-kan's weight-based sparsity term of this layer (see
  /// `weightSparsityAndGradient`).
  ///
  ///     R = lambdaL1 sum_ji l_ji + lambdaEntropy H,   l_ji = mean_m |w_s[j, i, m]|
  ///
  /// - Parameters:
  ///   - lambdaL1: the weight of the L1 part (efficient-kan's `regularize_activation`).
  ///   - lambdaEntropy: the weight of the entropy (efficient-kan's `regularize_entropy`).
  /// - Returns: `R`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func weightSparsity(lambdaL1: Double = 1, lambdaEntropy: Double = 1) -> Double {
    weightSparsityAndGradient(lambdaL1: lambdaL1, lambdaEntropy: lambdaEntropy).value
  }
}
