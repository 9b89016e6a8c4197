extension KANLinear {
  /// The learned function of edge `i -> j` at the given points, for plots and inspection.
  ///
  ///     phi_ji(x) = w_b[j, i] b(x) + s[j, i] sum_m w_s[j, i, m] B_m(x)
  ///
  /// - Parameters:
  ///   - i: the input feature.
  ///   - j: the output.
  ///   - points: where to evaluate it.
  /// - Returns: `phi_ji` at each point.
  /// - Throws: `KANError.invalidArgument` for an edge outside the layer, `.nonFinite` for a
  ///   non-finite point.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func edge(from i: Int, to j: Int, at points: [Scalar]) throws(KANError) -> [Scalar] {
    guard (0..<inFeatures).contains(i), (0..<outFeatures).contains(j) else {
      throw .invalidArgument(
        name: "edge", value: "\(i) -> \(j)",
        expected: "an input in 0..<\(inFeatures) and an output in 0..<\(outFeatures)")
    }
    guard !points.isEmpty else { return [] }
    // Every input feature takes the same values; only column block i is read.
    var x = Tensor<Scalar>(shape: [points.count, inFeatures])
    for (p, point) in points.enumerated() {
      for feature in 0..<inFeatures { x.scalars[p * inFeatures + feature] = point }
    }
    try validateInput(x)
    let features = featureMatrix(x)  // (points, in * C)
    let weight = combinedWeight()  // (out, in * C)
    let columns = columnsPerInput
    let width = inFeatures * columns
    return (0..<points.count).map { p in
      var sum: Scalar = 0
      for c in 0..<columns {
        sum +=
          features.scalars[p * width + i * columns + c]
          * weight.scalars[j * width + i * columns + c]
      }
      return sum
    }
  }
}
