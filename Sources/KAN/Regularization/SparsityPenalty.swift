#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// pykan's penalty on one layer's edge scores (`MultKAN.reg`), and its gradient.
///
///     R      = lambdaL1 sum_ji v_ji + lambdaEntropy (H_row + H_col)
///     p_ji   = v_ji / (sum_i' v_ji' + 1)                     (each output row j)
///     q_ji   = v_ji / (sum_j' v_j'i + 1)                     (each input column i)
///     H_row  = -(1 / out) sum_j sum_i p_ji log2(p_ji + 1e-4)
///     H_col  = -(1 / in)  sum_i sum_j q_ji log2(q_ji + 1e-4)
///
/// The `+ 1` in the normalisers and the `1e-4` inside the logarithm are pykan's: they keep the
/// entropy and its gradient finite when scores vanish, so no `log 0` guard is needed.
///
///     dH_row/dv_jk = -(1 / out) (g(p_jk) - sum_i g(p_ji) p_ji) / S_j,   S_j = sum_i v_ji + 1
///     g(p)         = d(p log2(p + e)) / dp = log2(p + e) + p / ((p + e) ln 2)
///
/// and the same along columns for `H_col`.
///
/// - Parameters:
///   - scores: `v`, `(out, in)`, non-negative.
///   - lambdaL1: the weight of the L1 part.
///   - lambdaEntropy: the weight of the entropy part.
/// - Returns: `R` and `dR/dv`, `(out, in)`.
public func sparsityPenalty(
  scores: Tensor<Double>, lambdaL1: Double, lambdaEntropy: Double
) -> (value: Double, gradient: Tensor<Double>) {
  let (outputs, inputs) = (scores.shape[0], scores.shape[1])
  let v = scores.scalars
  var gradient = Tensor<Double>(shape: scores.shape, repeating: lambdaL1)
  var value = lambdaL1 * v.reduce(0, +)
  // Rows: j fixed, i varies (stride 1); columns: i fixed, j varies (stride in).
  let lines = [
    (count: outputs, length: inputs, start: inputs, step: 1),
    (count: inputs, length: outputs, start: 1, step: inputs),
  ]
  for line in lines {
    let weight = lambdaEntropy / Double(line.count)
    for index in 0..<line.count {
      let offsets = (0..<line.length).map { index * line.start + $0 * line.step }
      let normaliser = offsets.reduce(1) { $0 + v[$1] }
      var entropy = 0.0
      var mean = 0.0
      for offset in offsets {
        let p = v[offset] / normaliser
        entropy -= p * log2(p + 1e-4)
        mean += entropyDerivative(p) * p
      }
      value += weight * entropy
      for offset in offsets {
        let p = v[offset] / normaliser
        gradient.scalars[offset] -= weight * (entropyDerivative(p) - mean) / normaliser
      }
    }
  }
  return (value, gradient)
}

/// `d(p log2(p + 1e-4)) / dp = log2(p + 1e-4) + p / ((p + 1e-4) ln 2)`.
private func entropyDerivative(_ p: Double) -> Double {
  log2(p + 1e-4) + p / ((p + 1e-4) * M_LN2)
}
