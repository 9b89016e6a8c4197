extension KANLinear {
  /// The grid range of input `i`, the interval its bases are fitted on.
  ///
  ///     [lo_i, hi_i] = [t_k, t_{G+k}]       of the knot row grid[i, :] (G + 2k + 1 knots)
  ///
  /// - Parameter i: the input feature.
  /// - Returns: `lo_i ... hi_i`.
  /// - Throws: `KANError.invalidArgument` for an input outside the layer.
  public func gridRange(input i: Int) throws(KANError) -> ClosedRange<Scalar> {
    guard (0..<inFeatures).contains(i) else {
      throw .invalidArgument(name: "input", value: "\(i)", expected: "in 0..<\(inFeatures)")
    }
    let row = i * grid.shape[1]
    return grid.scalars[row + splineOrder]...grid.scalars[row + splineOrder + gridSize]
  }

  /// The fraction of the entries of a batch that fall outside their input's grid range.
  ///
  ///     fraction = #{ (b, i) : x[b, i] < lo_i or x[b, i] > hi_i } / (batch * in)
  ///
  /// Always 0 for the Chebyshev basis, which has no grid.
  ///
  /// - Parameter x: the batch, `(batch, in)`.
  /// - Returns: a fraction in `[0, 1]`.
  /// - Throws: `KANError` for a wrong shape, an empty batch or a non-finite input.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func outOfGridFraction(_ x: Tensor<Scalar>) throws(KANError) -> Double {
    try validateInput(x)
    guard basis.usesGrid else { return 0 }
    let ranges = (0..<inFeatures).map { i in
      grid.scalars[
        i * grid.shape[1] + splineOrder]...grid.scalars[i * grid.shape[1] + splineOrder + gridSize]
    }
    var outside = 0
    for (index, value) in x.scalars.enumerated() where !ranges[index % inFeatures].contains(value) {
      outside += 1
    }
    return Double(outside) / Double(x.count)
  }
}

extension KANLinear {
  /// The fraction of a batch's entries far outside their input's grid range: more than the
  /// range's own width beyond either end, where a model has never seen data.
  ///
  ///     far  <=>  x[b, i] < lo_i - (hi_i - lo_i)  or  x[b, i] > hi_i + (hi_i - lo_i)
  ///
  /// Always 0 for the Chebyshev basis, which has no grid.
  ///
  /// - Parameter x: the batch, `(batch, in)`.
  /// - Returns: a fraction in `[0, 1]`.
  /// - Throws: `KANError` for a wrong shape, an empty batch or a non-finite input.
  public func farOutsideFraction(_ x: Tensor<Scalar>) throws(KANError) -> Double {
    try validateInput(x)
    guard basis.usesGrid else { return 0 }
    var outside = 0
    for i in 0..<inFeatures {
      let range = try gridRange(input: i)
      let width = range.upperBound - range.lowerBound
      let (low, high) = (range.lowerBound - width, range.upperBound + width)
      for b in 0..<x.shape[0] {
        let value = x.scalars[b * inFeatures + i]
        if value < low || value > high { outside += 1 }
      }
    }
    return Double(outside) / Double(x.count)
  }
}

extension KANNetwork {
  /// The out-of-grid fraction of every layer's input on a batch (see
  /// `KANLinear.outOfGridFraction`), input layer first.
  ///
  /// - Parameter x: the network's input, `(batch, in)`.
  /// - Returns: one fraction per layer.
  /// - Throws: `KANError` for a wrong shape, an empty batch or a non-finite value.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func outOfGridFractions(_ x: Tensor<Scalar>) throws(KANError) -> [Double] {
    var activation = x
    var fractions: [Double] = []
    for layer in layers {
      fractions.append(try layer.outOfGridFraction(activation))
      activation = try layer(activation)
    }
    return fractions
  }

}
