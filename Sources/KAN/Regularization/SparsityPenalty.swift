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
  for j in 0..<outputs {
    for i in 0..<inputs {
      rowSum[j] += v[j * inputs + i]
      columnSum[i] += v[j * inputs + i]
    }
  }
  let rowWeight = lambdaEntropy / Double(outputs)
  let columnWeight = lambdaEntropy / Double(inputs)
  var rowSlope = [Double](repeating: 0, count: v.count)  // g(p_ji)
  var columnSlope = [Double](repeating: 0, count: v.count)  // g(q_ji)
  var rowMean = [Double](repeating: 0, count: outputs)  // sum_i g(p_ji) p_ji
  var columnMean = [Double](repeating: 0, count: inputs)  // sum_j g(q_ji) q_ji
  for j in 0..<outputs {
    for i in 0..<inputs {
      let edge = j * inputs + i
      let p = v[edge] / rowSum[j]
      let q = v[edge] / columnSum[i]
      let (logP, logQ) = (log2(p + 1e-4), log2(q + 1e-4))
      value -= rowWeight * p * logP + columnWeight * q * logQ
      rowSlope[edge] = logP + p / ((p + 1e-4) * M_LN2)
      columnSlope[edge] = logQ + q / ((q + 1e-4) * M_LN2)
      rowMean[j] += rowSlope[edge] * p
      columnMean[i] += columnSlope[edge] * q
    }
  }
  for j in 0..<outputs {
    for i in 0..<inputs {
      let edge = j * inputs + i
      gradient.scalars[edge] -=
        rowWeight * (rowSlope[edge] - rowMean[j]) / rowSum[j]
        + columnWeight * (columnSlope[edge] - columnMean[i]) / columnSum[i]
    }
  }
  return (value, gradient)
}
