extension KANLinear {
  /// The basis coefficients that best reproduce given edge outputs on given samples.
  ///
  /// This is efficient-kan's `curve2coeff`, per input feature `i` and output `j`:
  ///
  ///     w[j, i, :] = argmin_c sum_p ( sum_m B_m(x[p, i]) c_m - y[p, i, j] )^2
  ///
  /// solved in Double by `ridgeLeastSquares` on this layer's current grid.
  ///
  /// - Parameters:
  ///   - samples: `x`, `(points, in)`.
  ///   - targets: `y`, `(points, in, out)`, flat.
  /// - Returns: the coefficients, `(out, in, n)`, flat.
  /// - Throws: `KANError.nonFinite` when a fitted coefficient is NaN or infinite.
  func fitCoefficients(samples: Tensor<Scalar>, targets: [Double]) throws(KANError) -> [Double] {
    let points = samples.shape[0]
    let n = basisCount
    let columns = columnsPerInput
    var coefficients = [Double](repeating: 0, count: outFeatures * inFeatures * n)
    let features = featureMatrix(samples)  // (points, in * C)
    for i in 0..<inFeatures {
      var design = [Double](repeating: 0, count: points * n)  // (points, n)
      var right = [Double](repeating: 0, count: points * outFeatures)  // (points, out)
      for p in 0..<points {
        for m in 0..<n {
          design[p * n + m] = Double(
            features[p * inFeatures * columns + i * columns + 1 + m])
        }
        for j in 0..<outFeatures {
          right[p * outFeatures + j] = targets[(p * inFeatures + i) * outFeatures + j]
        }
      }
      let solution = ridgeLeastSquares(design, right, rows: points, n: n, rhs: outFeatures)
      for m in 0..<n {
        for j in 0..<outFeatures {
          let value = solution[m * outFeatures + j]
          guard value.isFinite else { throw .nonFinite(what: "fitted coefficients", index: m) }
          coefficients[(j * inFeatures + i) * n + m] = value
        }
      }
    }
    return coefficients
  }
}
