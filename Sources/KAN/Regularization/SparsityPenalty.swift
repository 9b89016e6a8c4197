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
  // Rows: the normaliser of v[j, i] is rowSum[j]; columns: columnSum[i].
  var rowSum = [Double](repeating: 1, count: outputs)
  var columnSum = [Double](repeating: 1, count: inputs)
  for (edge, score) in v.enumerated() {
    rowSum[edge / inputs] += score
    columnSum[edge % inputs] += score
  }
  for (sums, weight, isRow) in [
    (rowSum, lambdaEntropy / Double(outputs), true),
    (columnSum, lambdaEntropy / Double(inputs), false),
  ] {
    var slope = [Double](repeating: 0, count: v.count)  // g(p) per edge
    var mean = [Double](repeating: 0, count: sums.count)  // sum g(p) p per line
    for (edge, score) in v.enumerated() {
      let line = isRow ? edge / inputs : edge % inputs
      let p = score / sums[line]
      let logarithm = log2(p + 1e-4)
      value -= weight * p * logarithm
      slope[edge] = logarithm + p / ((p + 1e-4) * M_LN2)
      mean[line] += slope[edge] * p
    }
    for edge in v.indices {
      let line = isRow ? edge / inputs : edge % inputs
      gradient.scalars[edge] -= weight * (slope[edge] - mean[line]) / sums[line]
    }
  }
  return (value, gradient)
}
