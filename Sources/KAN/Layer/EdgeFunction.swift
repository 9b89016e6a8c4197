extension KANLinear {
  /// The learned function of edge `i -> j` at the given points, for plots and inspection.
  ///
  ///     phi_ji(x) = w_b[j, i] b(x) + s[j, i] sum_m w_s[j, i, m] B_m(x) = f(x) . W_c[j, i*C ..< (i+1)*C]
  ///
  /// or its formula `c f(a x + b) + d` when fixed (0 when masked).
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
    try checkEdge(i: i, j: j)
    if let index = points.firstIndex(where: { !$0.isFinite }) {
      throw .nonFinite(what: "edge points", index: index)
    }
    if let e = fixedEdges.index(i: i, j: j) {
      let formula = fixedEdges.symbolicEdge(e)
      return points.map { Scalar(formula(Double($0))) }
    }
    let columns = columnsPerInput
    let evaluator = FeatureEvaluator(grid: grid, configuration: configuration)
    let lanes = FeatureLanes<Scalar>(width: evaluator.width)
    let weight = combinedWeight(.product(self))  // W_c (out, in*C)
    let block = (j * inFeatures + i) * columns
    var features = [Scalar](repeating: 0, count: columns)
    return points.map { x in
      evaluator.featureRow(x, input: i, lanes: lanes, values: &features, derivatives: nil)
      var sum: Scalar = 0
      for c in 0..<columns { sum += features[c] * weight[block + c] }
      return sum
    }
  }
}
