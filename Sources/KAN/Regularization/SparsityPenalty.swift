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
/// and the same along columns for `H_col`. The logarithms go eight at a time (`vectorLog2`).
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
  // Rows: the normaliser of v[j, i] is rowSum[j]; columns: columnSum[i].
  var rowSum = [Double](repeating: 1, count: outputs)
  var columnSum = [Double](repeating: 1, count: inputs)
  for j in 0..<outputs {
    for i in 0..<inputs {
      rowSum[j] += v[j * inputs + i]
      columnSum[i] += v[j * inputs + i]
    }
  }
  // Their reciprocals: one division per row and per column instead of per edge.
  let (rowScale, columnScale) = (rowSum.map { 1 / $0 }, columnSum.map { 1 / $0 })
  var terms = EntropyTerms(outputs: outputs, inputs: inputs, lambdaEntropy: lambdaEntropy)
  let entropy = terms.evaluate(v, rowScale, columnScale)
  var gradient = Tensor<Double>(shape: scores.shape)
  terms.gradient(&gradient.scalars, lambdaL1: lambdaL1, rowScale, columnScale)
  return (lambdaL1 * v.reduce(0, +) + entropy, gradient)
}

/// The entropy part of `sparsityPenalty`, eight edges of a row at a time (`vectorLog2`).
private struct EntropyTerms {
  /// `out` and `in`.
  let outputs: Int, inputs: Int
  /// `lambdaEntropy / out` and `lambdaEntropy / in`.
  let rowWeight: Double, columnWeight: Double
  /// `g(p_ji)` and `g(q_ji)`, `(out, in)`.
  var rowSlope: [Double], columnSlope: [Double]
  /// `sum_i g(p_ji) p_ji`, `(out)`, and `sum_j g(q_ji) q_ji`, `(in)`.
  var rowMean: [Double], columnMean: [Double]

  /// Room for the terms of an `(out, in)` score matrix.
  init(outputs: Int, inputs: Int, lambdaEntropy: Double) {
    (self.outputs, self.inputs) = (outputs, inputs)
    (rowWeight, columnWeight) = (lambdaEntropy / Double(outputs), lambdaEntropy / Double(inputs))
    rowSlope = [Double](repeating: 0, count: outputs * inputs)
    columnSlope = rowSlope
    rowMean = [Double](repeating: 0, count: outputs)
    columnMean = [Double](repeating: 0, count: inputs)
  }

  /// `lambdaEntropy (H_row + H_col)`, keeping the slopes and their means; the scales are
  /// `1 / rowSum` and `1 / columnSum`.
  mutating func evaluate(
    _ v: [Double], _ rowScale: [Double], _ columnScale: [Double]
  ) -> Double {
    Self.evaluate(
      &rowSlope, &columnSlope, &rowMean, &columnMean, v, rowScale, columnScale, outputs: outputs,
      inputs: inputs, weights: (rowWeight, columnWeight))
  }

  /// The loop of `evaluate`: the edges of a row in chunks of eight, the last one padded with
  /// `v = 0` (which adds nothing) and a column scale of 1.
  private static func evaluate(
    _ rowSlope: UnsafeMutablePointer<Double>, _ columnSlope: UnsafeMutablePointer<Double>,
    _ rowMean: UnsafeMutablePointer<Double>, _ columnMean: UnsafeMutablePointer<Double>,
    _ v: UnsafePointer<Double>, _ rowScale: UnsafePointer<Double>,
    _ columnScale: UnsafePointer<Double>, outputs: Int, inputs: Int,
    weights: (row: Double, column: Double)
  ) -> Double {
    var entropy = SIMD8<Double>()
    for j in 0..<outputs {
      let row = j * inputs
      var mean = SIMD8<Double>()
      var i = 0
      while i < inputs {
        let count = min(8, inputs - i)
        let scores = loadPadded(v + row + i, count, 0)
        let p = scores * rowScale[j]
        let q = scores * loadPadded(columnScale + i, count, 1)
        let (logP, logQ) = (vectorLog2(p + 1e-4), vectorLog2(q + 1e-4))
        entropy -= weights.row * p * logP + weights.column * q * logQ
        let slopeP = logP + p / ((p + 1e-4) * M_LN2)  // g(p)
        let slopeQ = logQ + q / ((q + 1e-4) * M_LN2)
        storePadded(slopeP, rowSlope + row + i, count)
        storePadded(slopeQ, columnSlope + row + i, count)
        mean += slopeP * p
        storePadded(loadPadded(columnMean + i, count, 0) + slopeQ * q, columnMean + i, count)
        i += count
      }
      rowMean[j] = mean.sum()
    }
    return entropy.sum()
  }

  /// `dR/dv = lambdaL1 + lambdaEntropy (dH_row/dv + dH_col/dv)` into `gradient`, `(out, in)`.
  func gradient(
    _ gradient: inout [Double], lambdaL1: Double, _ rowScale: [Double], _ columnScale: [Double]
  ) {
    Self.gradient(
      &gradient, rowSlope, columnSlope, rowMean, columnMean, rowScale, columnScale,
      lambdaL1: lambdaL1, outputs: outputs, inputs: inputs, weights: (rowWeight, columnWeight))
  }

  /// The loop of `gradient`, in the chunks of `evaluate`.
  private static func gradient(
    _ gradient: UnsafeMutablePointer<Double>, _ rowSlope: UnsafePointer<Double>,
    _ columnSlope: UnsafePointer<Double>, _ rowMean: UnsafePointer<Double>,
    _ columnMean: UnsafePointer<Double>, _ rowScale: UnsafePointer<Double>,
    _ columnScale: UnsafePointer<Double>, lambdaL1: Double, outputs: Int, inputs: Int,
    weights: (row: Double, column: Double)
  ) {
    for j in 0..<outputs {
      let row = j * inputs
      var i = 0
      while i < inputs {
        let count = min(8, inputs - i)
        let rowTerm = (loadPadded(rowSlope + row + i, count, 0) - rowMean[j]) * rowScale[j]
        let columnTerm =
          (loadPadded(columnSlope + row + i, count, 0) - loadPadded(columnMean + i, count, 0))
          * loadPadded(columnScale + i, count, 1)
        let slope = lambdaL1 - weights.row * rowTerm - weights.column * columnTerm
        storePadded(slope, gradient + row + i, count)
        i += count
      }
    }
  }
}

/// `count <= 8` values from `address`, the other lanes `padding`.
@inline(__always)
private func loadPadded(
  _ address: UnsafePointer<Double>, _ count: Int, _ padding: Double
) -> SIMD8<Double> {
  if count == 8 { return load8(address) }
  var lanes = SIMD8<Double>(repeating: padding)
  for l in 0..<count { lanes[l] = address[l] }
  return lanes
}

/// The first `count <= 8` lanes of `value` to `address`.
@inline(__always)
private func storePadded(
  _ value: SIMD8<Double>, _ address: UnsafeMutablePointer<Double>, _ count: Int
) {
  if count == 8 { return store8(value, address) }
  for l in 0..<count { address[l] = value[l] }
}
