import KANKernels

extension KANLinear {
  /// A layer from its tensors, checked against each other and the configuration; no
  /// initialisation runs (the way a model file is loaded).
  ///
  /// - Parameters:
  ///   - configuration: grid size, order, basis, activation, policy and scaler.
  ///   - grid: `(in, G + 2k + 1)`, finite, increasing along each row.
  ///   - baseWeight: `w_b`, `(out, in)`.
  ///   - splineWeight: `w_s`, `(out, in, n)`.
  ///   - splineScaler: `s`, `(out, in)`; nil (required when not standalone) means all ones.
  /// - Throws: `KANError` naming the first tensor whose shape or values do not fit.
  public init(
    configuration: KANConfiguration, grid: Tensor<Scalar>, baseWeight: Tensor<Scalar>,
    splineWeight: Tensor<Scalar>, splineScaler: Tensor<Scalar>? = nil
  ) throws(KANError) {
    try configuration.validate()
    guard baseWeight.shape.count == 2 else {
      throw .shapeMismatch(what: "base weight", expected: [1, 1], got: baseWeight.shape)
    }
    let (outputs, inputs) = (baseWeight.shape[0], baseWeight.shape[1])
    try KANLimits.checkLayer(inFeatures: inputs, outFeatures: outputs, configuration)
    self.inFeatures = inputs
    self.outFeatures = outputs
    self.configuration = configuration
    self.grid = grid
    self.baseWeight = baseWeight
    self.splineWeight = splineWeight
    self.splineScaler = Tensor(shape: [outputs, inputs], repeating: 1)
    baseWeightGradient = Tensor(shape: [outputs, inputs])
    splineWeightGradient = Tensor(shape: [outputs, inputs, configuration.basisCount])
    splineScalerGradient = Tensor(shape: [outputs, inputs])
    try setGrid(grid)
    try setBaseWeight(baseWeight)
    try setSplineWeight(splineWeight)
    if let splineScaler {
      guard configuration.standaloneSplineScaler else {
        throw .invalidModel("a spline scaler was given for a layer without a standalone scaler")
      }
      try setSplineScaler(splineScaler)
    }
  }

  /// Replaces the grid, after checking its shape `(in, G + 2k + 1)`, that it is finite and that
  /// every row increases.
  ///
  /// - Throws: `KANError` for a wrong shape, a non-finite knot or a row that does not increase.
  public mutating func setGrid(_ knots: Tensor<Scalar>) throws(KANError) {
    let count = configuration.knotCount
    try Self.check(knots, "grid", shape: [inFeatures, count])
    for i in 0..<inFeatures {
      for m in 1..<count where !(knots.scalars[i * count + m] > knots.scalars[i * count + m - 1]) {
        throw .invalidArgument(
          name: "grid row \(i)", value: "knot \(m) = \(knots.scalars[i * count + m])",
          expected: "knots that increase along the row")
      }
    }
    grid = knots
    saved = nil
  }

  /// Replaces `w_b` after checking its shape `(out, in)` and values.
  ///
  /// - Throws: `KANError` for a wrong shape or a non-finite value.
  public mutating func setBaseWeight(_ weight: Tensor<Scalar>) throws(KANError) {
    try replace(\.baseWeight, with: weight, "base weight", shape: [outFeatures, inFeatures])
  }

  /// Replaces `w_s` after checking its shape `(out, in, n)` and values.
  ///
  /// - Throws: `KANError` for a wrong shape or a non-finite value.
  public mutating func setSplineWeight(_ weight: Tensor<Scalar>) throws(KANError) {
    try replace(
      \.splineWeight, with: weight, "spline weight", shape: [outFeatures, inFeatures, basisCount])
  }

  /// Replaces `s` after checking its shape `(out, in)` and values.
  ///
  /// - Throws: `KANError` for a wrong shape or a non-finite value.
  public mutating func setSplineScaler(_ scaler: Tensor<Scalar>) throws(KANError) {
    try replace(\.splineScaler, with: scaler, "spline scaler", shape: [outFeatures, inFeatures])
  }

  /// Replaces one parameter tensor after `check`, dropping the saved forward pass.
  private mutating func replace(
    _ parameter: WritableKeyPath<Self, Tensor<Scalar>>, with tensor: Tensor<Scalar>,
    _ what: String, shape: [Int]
  ) throws(KANError) {
    try Self.check(tensor, what, shape: shape)
    self[keyPath: parameter] = tensor
    saved = nil
  }

  /// Throws unless `tensor` has `shape` and finite values.
  private static func check(
    _ tensor: Tensor<Scalar>, _ what: String, shape: [Int]
  ) throws(KANError) {
    guard tensor.shape == shape else {
      throw .shapeMismatch(what: what, expected: shape, got: tensor.shape)
    }
    try tensor.checkFinite(what)
  }

  /// Throws unless `x` is a non-empty, finite `(batch, in)` batch.
  func validateInput(_ x: Tensor<Scalar>) throws(KANError) {
    guard x.shape.count == 2, x.shape[1] == inFeatures else {
      throw .shapeMismatch(
        what: "layer input", expected: [x.shape.first ?? 1, inFeatures], got: x.shape)
    }
    guard x.shape[0] > 0 else { throw .emptyBatch(what: "layer input") }
    try x.checkFinite("layer input")
  }

  /// `G`, the number of grid intervals.
  public var gridSize: Int { configuration.gridSize }
  /// `k`, the degree of the B-splines.
  public var splineOrder: Int { configuration.splineOrder }
  /// The basis family of the learnable part of every edge.
  public var basis: BasisKind { configuration.basis }
  /// The fixed function on the residual branch.
  public var baseActivation: BaseActivation { configuration.baseActivation }
  /// Whether each edge's spline has its own learnable scale `s[j, i]`.
  public var standaloneSplineScaler: Bool { configuration.standaloneSplineScaler }
  /// What the learnable part does outside the grid range (see `OutOfGridPolicy`).
  public var outOfGridPolicy: OutOfGridPolicy {
    get { configuration.outOfGridPolicy }
    set {
      configuration.outOfGridPolicy = newValue
      saved = nil
    }
  }
  /// The number of basis functions per input, `n`.
  public var basisCount: Int { configuration.basisCount }
  /// The number of feature columns per input, `C = 1 + n`.
  public var columnsPerInput: Int { configuration.columnsPerInput }
  /// The number of learnable scalars.
  public var parameterCount: Int {
    baseWeight.count + splineWeight.count + (standaloneSplineScaler ? splineScaler.count : 0)
      + fixedEdges.constants.count
  }

  /// Kaiming-uniform weights, as `torch.nn.init.kaiming_uniform_` draws them.
  ///
  ///     bound = sqrt(6 / ((1 + a^2) fan_in)),   w ~ U(-bound, bound),   fan_in = shape[1]
  static func kaimingUniform(
    shape: [Int], a: Double, using generator: inout SeededGenerator
  ) -> Tensor<Scalar> {
    let bound = (6 / ((1 + a * a) * Double(shape[1]))).squareRoot()
    var tensor = Tensor<Scalar>(shape: shape)
    for index in 0..<tensor.count {
      tensor.scalars[index] = Scalar(generator.uniform(-bound, bound))
    }
    return tensor
  }

  /// Sets `w_s` to the least-squares fit of small noise at the `G + 1` grid points.
  ///
  ///     y[p, i, j] = (u - 1/2) scaleNoise / G,    u ~ U(0, 1)
  ///     w_s[j, i, :] = scale argmin_c || B(t_{k+p}) c - y[p, i, j] ||    (minimum norm)
  mutating func initialiseSplineWeight(
    scale: Double, _ generator: inout SeededGenerator
  ) throws(KANError) {
    let points = gridSize + 1
    let knotCount = grid.shape[1]
    var samples = Tensor<Scalar>(shape: [points, inFeatures])
    var targets = [Double](repeating: 0, count: points * inFeatures * outFeatures)
    for p in 0..<points {
      for i in 0..<inFeatures {
        samples[p, i] = grid.scalars[i * knotCount + splineOrder + p]
        for j in 0..<outFeatures {
          let u = generator.nextUnit()
          targets[(p * inFeatures + i) * outFeatures + j] =
            (u - 0.5) * configuration.scaleNoise / Double(gridSize)
        }
      }
    }
    let coefficients = try fitCoefficients(samples: samples, targets: targets)
    for index in 0..<splineWeight.count {
      splineWeight.scalars[index] = Scalar(scale * coefficients[index])
    }
  }
}

/// Where every edge's combined weights `[w_b, s w_s]` sit in a flat array, for the two paths.
///
///     product  W_c (out, in*C):   w_b[j, i] at j*in*C + i*C,    s w_s[j, i, m] at ... + 1 + m
///     fused    W_f (in, out, P):  w_b[j, i] at (i*out + j)*P,   s w_s[j, i, m] at ... + 1 + k + m
///                                 P = 1 + k + n + k   (k zeros on each side of the bases, so a
///                                 window that hangs off either end reads zeros)
struct CombinedLayout {
  /// The distance between edges `(j, i)` and `(j + 1, i)`.
  let outputStride: Int
  /// The distance between edges `(j, i)` and `(j, i + 1)`.
  let inputStride: Int
  /// Where basis 0 sits after an edge's base weight.
  let splineOffset: Int
  /// The array's length.
  let count: Int
  /// Whether some entries belong to no edge (the fused layout's zero padding).
  var hasPadding: Bool { splineOffset > 1 }

  /// `W_c`, the product path's layout.
  static func product<Scalar>(_ layer: KANLinear<Scalar>) -> CombinedLayout {
    let columns = layer.columnsPerInput
    return CombinedLayout(
      outputStride: layer.inFeatures * columns, inputStride: columns, splineOffset: 1,
      count: layer.outFeatures * layer.inFeatures * columns)
  }

  /// `W_f`, the fused path's layout.
  static func fused<Scalar>(_ layer: KANLinear<Scalar>) -> CombinedLayout {
    let stride = fusedStride(layer)
    return CombinedLayout(
      outputStride: stride, inputStride: layer.outFeatures * stride,
      splineOffset: 1 + layer.splineOrder, count: layer.inFeatures * layer.outFeatures * stride)
  }

  /// Runs `body(edge, offset)` for every edge `(j, i)`, `edge = j * in + i`, whose block
  /// starts at `offset`; outputs split over threads, so every edge is visited by one thread.
  func forEachEdge(
    inputs: Int, outputs: Int, n: Int, threads: Int, _ body: (_ edge: Int, _ offset: Int) -> Void
  ) {
    let rowsPerChunk = max(1, 4096 / max(1, inputs * n))
    Parallelism.forEachChunk(outputs, threads: threads, minimumChunk: rowsPerChunk) { rows in
      for j in rows {
        for i in 0..<inputs { body(j * inputs + i, j * outputStride + i * inputStride) }
      }
    }
  }

  /// `P = 1 + n + 2k`, one edge's block in `W_f`.
  static func fusedStride<Scalar>(_ layer: KANLinear<Scalar>) -> Int {
    1 + layer.basisCount + 2 * layer.splineOrder
  }
}

extension KANLinear {
  /// The combined weights `[w_b, s w_s]` of every edge in a path's layout (zeros elsewhere,
  /// and for masked edges, see `edgeMask`).
  ///
  /// - Parameter layout: `.product(self)` for `W_c`, `.fused(self)` for `W_f`.
  /// - Returns: the flat array.
  func combinedWeight(_ layout: CombinedLayout) -> [Scalar] {
    let (base, spline, scaler) = (baseWeight.scalars, splineWeight.scalars, splineScaler.scalars)
    return filledArray(count: layout.count) { combined in
      if layout.hasPadding { combined.initialize(repeating: 0, count: layout.count) }
      Self.combine(
        combined, base, spline, scaler, layout, inputs: inFeatures, outputs: outFeatures,
        n: basisCount, threads: threads)
      zeroMaskedEdges(combined, layout)
    }
  }

  /// Writes `[w_b, s w_s]` of every edge into `combined`, outputs split over threads.
  private static func combine(
    _ combined: UnsafeMutablePointer<Scalar>, _ base: UnsafePointer<Scalar>,
    _ spline: UnsafePointer<Scalar>, _ scaler: UnsafePointer<Scalar>, _ layout: CombinedLayout,
    inputs: Int, outputs: Int, n: Int, threads: Int
  ) {
    layout.forEachEdge(inputs: inputs, outputs: outputs, n: n, threads: threads) { edge, offset in
      let block = combined + offset
      let (source, target) = (spline + edge * n, block + layout.splineOffset)  // w_s[j, i, :]
      let scale = scaler[edge]
      block[0] = base[edge]
      for m in 0..<n { target[m] = source[m] * scale }
    }
  }

  /// Adds a gradient with respect to the combined weights to the three parameter gradients.
  ///
  ///     dL/dw_b[j, i]    += dW[base of (j, i)]
  ///     dL/dw_s[j, i, m] += dW[basis m of (j, i)] s[j, i]
  ///     dL/ds[j, i]      += sum_m dW[basis m of (j, i)] w_s[j, i, m]      (standalone only)
  ///
  /// A masked edge's entries of `dW` are dropped first, so it gets no gradient.
  ///
  /// - Parameters:
  ///   - dW: the gradient, in `layout`.
  ///   - layout: where each edge's entries sit.
  mutating func addCombinedGradient(_ dW: [Scalar], _ layout: CombinedLayout) {
    let dW = maskedGradient(dW, layout)
    let (spline, scaler) = (splineWeight.scalars, splineScaler.scalars)
    Self.spread(
      dW, layout, &baseWeightGradient.scalars, &splineWeightGradient.scalars,
      &splineScalerGradient.scalars, spline, scaler, standalone: standaloneSplineScaler,
      inputs: inFeatures, outputs: outFeatures, n: basisCount, threads: threads)
  }

  /// The loop of `addCombinedGradient`, outputs split over threads.
  private static func spread(
    _ dW: UnsafePointer<Scalar>, _ layout: CombinedLayout, _ dBase: UnsafeMutablePointer<Scalar>,
    _ dSpline: UnsafeMutablePointer<Scalar>, _ dScaler: UnsafeMutablePointer<Scalar>,
    _ spline: UnsafePointer<Scalar>, _ scaler: UnsafePointer<Scalar>, standalone: Bool,
    inputs: Int, outputs: Int, n: Int, threads: Int
  ) {
    layout.forEachEdge(inputs: inputs, outputs: outputs, n: n, threads: threads) { edge, offset in
      let block = dW + offset
      let g = block + layout.splineOffset  // dW[basis 0 of (j, i)]
      let (w, dw) = (spline + edge * n, dSpline + edge * n)  // w_s[j, i, :], dL/dw_s[j, i, :]
      let scale = scaler[edge]
      var scaleGradient: Scalar = 0
      for m in 0..<n {
        dw[m] += g[m] * scale
        scaleGradient += g[m] * w[m]
      }
      dBase[edge] += block[0]
      if standalone { dScaler[edge] += scaleGradient }
    }
  }
}

extension KANLinear: Trainable {
  /// Calls `body` with `w_b` (slot 0), `w_s` (slot 1), when standalone `s` (slot 2), and when
  /// some edges are fixed their constants `a, b, c, d` (slot 3), each with its gradient; the
  /// gradients of tied edges are summed over their group (see `tie`).
  public mutating func forEachParameter(
    _ body: (_ slot: Int, _ parameter: inout [Scalar], _ gradient: [Scalar]) -> Void
  ) {
    body(0, &baseWeight.scalars, tiedSum(baseWeightGradient.scalars, width: 1))
    body(1, &splineWeight.scalars, tiedSum(splineWeightGradient.scalars, width: basisCount))
    if standaloneSplineScaler {
      body(2, &splineScaler.scalars, tiedSum(splineScalerGradient.scalars, width: 1))
    }
    if !fixedEdges.isEmpty { body(3, &fixedEdges.constants, fixedEdges.gradient) }
  }
}
