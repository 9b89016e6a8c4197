/// Creating a layer with random weights, and checking a layer's weights.
extension Layer {
  /// Creates a layer with weights drawn from N(0, 0.1) (blog: `np.random.normal(0, .1, ...)`).
  ///
  /// The weights are drawn in the order `w[0][0][0], w[0][0][1], ...`, as NumPy fills its array.
  ///
  /// - Parameters:
  ///   - inFeatures: The number of inputs; at least 1.
  ///   - outFeatures: The number of outputs; at least 1.
  ///   - weights: The number of basis elements per edge (the blog's `weights`, default 7).
  ///   - generator: The seeded generator to draw from.
  /// - Throws: `FromScratchError.invalidArgument` for a size below 1 or `weights <= 3` (the
  ///   cubic grid needs n > p = 3).
  public init(
    _ inFeatures: Int, _ outFeatures: Int, weights: Int = 7, generator: inout SplitMix64
  ) throws(FromScratchError) {
    guard inFeatures >= 1, outFeatures >= 1 else {
      throw .invalidArgument(
        what: "Layer(\(inFeatures), \(outFeatures))",
        reason: "a layer needs at least 1 input and 1 output")
    }
    let spline = try BSpline(p: 3, n: weights)
    let w = (0..<inFeatures).map { _ in
      (0..<outFeatures).map { _ in
        (0..<weights).map { _ in generator.normal(mean: 0, std: 0.1) }
      }
    }
    try self.init(w: w, spline: spline)
  }

  /// Creates a layer with weights drawn from N(0, 0.1) by a generator seeded with `seed`.
  ///
  /// - Parameters:
  ///   - inFeatures: The number of inputs; at least 1.
  ///   - outFeatures: The number of outputs; at least 1.
  ///   - weights: The number of basis elements per edge (default 7).
  ///   - seed: The seed; equal seeds give equal weights.
  /// - Throws: `FromScratchError.invalidArgument` for a size below 1 or `weights <= 3`.
  public init(_ inFeatures: Int, _ outFeatures: Int, weights: Int = 7, seed: UInt64)
    throws(FromScratchError)
  {
    var generator = SplitMix64(seed: seed)
    try self.init(inFeatures, outFeatures, weights: weights, generator: &generator)
  }

  /// Checks that `w` is (in, out, n) and finite, since it is a public, settable property.
  func checkWeights() throws(FromScratchError) {
    try validateCount(w.count, inFeatures, "Layer w (in)")
    for i in 0..<inFeatures {
      try validateCount(w[i].count, outFeatures, "Layer w[\(i)] (out)")
      for j in 0..<outFeatures {
        try validate(w[i][j], count: spline.n, what: "Layer w[\(i)][\(j)] (n)")
      }
    }
  }
}

/// Throws a shape mismatch when `got` differs from `expected`.
private func validateCount(
  _ got: Int, _ expected: Int, _ what: @autoclosure () -> String
) throws(FromScratchError) {
  if got != expected { throw .shapeMismatch(what: what(), expected: expected, got: got) }
}
