import KANSymbolic

/// What `autoSymbolic` did with one edge.
public struct SymbolicChoice: Sendable, Equatable, CustomStringConvertible {
  /// The layer.
  public var layer: Int
  /// The edge.
  public var edge: EdgeIndex
  /// The best-ranked fit.
  public var best: SymbolicCandidate
  /// Whether it was fixed (its `R^2` reached the threshold).
  public var fixed: Bool

  /// `fixed (0,1,0) with sin, R^2 = 0.999998`, as pykan prints it.
  public var description: String {
    let r2 = String(best.rSquared)
    return fixed
      ? "fixed (\(layer),\(edge.i),\(edge.j)) with \(best.name), R^2 = \(r2)"
      : "kept the spline of (\(layer),\(edge.i),\(edge.j)): best \(best.name), R^2 = \(r2)"
  }
}

extension KANNetwork {
  /// The samples `(x_bi, phi_lji(x_bi))` of edge `i -> j` of layer `l` on a batch: the layer's
  /// inputs and the edge's outputs (what pykan fits a formula to).
  ///
  /// - Parameters:
  ///   - l: the layer.
  ///   - i: the edge's input.
  ///   - j: the edge's output.
  ///   - x: the network input, `(batch, in)`, at least two samples.
  /// - Returns: the samples.
  /// - Throws: `KANError.invalidArgument` for a layer or edge out of range, `KANError` for a
  ///   bad batch, `SymbolicError` for samples a fit cannot use.
  public func edgeSamples(layer l: Int, i: Int, j: Int, on x: Tensor<Scalar>) throws
    -> EdgeSamples
  {
    try checkLayer(l)
    try layers[l].checkEdge(i: i, j: j)
    return try Self.samples(layers[l], i: i, j: j, input: layerInput(l, x))
  }

  /// Fits every function of a library to edge `i -> j` of layer `l` on a batch, best first, by
  /// pykan's ranking (see `SymbolicRegression.suggest`); pykan's `suggest_symbolic`.
  ///
  /// - Parameters:
  ///   - l: the layer.
  ///   - i: the edge's input.
  ///   - j: the edge's output.
  ///   - x: the network input, `(batch, in)`.
  ///   - library: the functions to try (all by default).
  ///   - weightSimple: pykan's `weight_simple`, in `[0, 1]` (0.8 by default).
  ///   - options: the search settings.
  /// - Returns: one candidate per function, best first.
  /// - Throws: As `edgeSamples`, and `SymbolicError` for an empty library or bad options.
  public func suggestSymbolic(
    layer l: Int, i: Int, j: Int, on x: Tensor<Scalar>,
    library: [SymbolicFunction] = SymbolicFunction.allCases, weightSimple: Double = 0.8,
    options: SymbolicFitOptions = SymbolicFitOptions()
  ) throws -> [SymbolicCandidate] {
    try SymbolicRegression.suggest(
      edgeSamples(layer: l, i: i, j: j, on: x), library: library, weightSimple: weightSimple,
      options: options)
  }

  /// Replaces edge `i -> j` of layer `l` by `c f(a x + b) + d` fitted to its samples on a batch
  /// (pykan's `fix_symbolic`); `a, b, c, d` stay trainable.
  ///
  /// - Parameters:
  ///   - l: the layer.
  ///   - i: the edge's input.
  ///   - j: the edge's output.
  ///   - function: a library function id such as `"sin"` or `"x^2"`.
  ///   - x: the network input, `(batch, in)`.
  ///   - options: the search settings.
  /// - Returns: the fit's `R^2` on the batch.
  /// - Throws: `SymbolicError.unknownFunction` (listing the valid ids) for an unknown name,
  ///   and as `edgeSamples` and `KANLinear.fixSymbolic`.
  @discardableResult
  public mutating func fixSymbolic(
    layer l: Int, i: Int, j: Int, function: String, on x: Tensor<Scalar>,
    options: SymbolicFitOptions = SymbolicFitOptions()
  ) throws -> Double {
    let function = try SymbolicFunction(id: function)
    let fit = try SymbolicRegression.fit(
      function, to: edgeSamples(layer: l, i: i, j: j, on: x), options: options)
    try fixSymbolic(layer: l, i: i, j: j, edge: fit.edge)
    return fit.rSquared
  }

  /// Replaces edge `i -> j` of layer `l` by the given formula (see `KANLinear.fixSymbolic`).
  ///
  /// - Throws: `KANError.invalidArgument` for a layer or edge out of range, non-finite
  ///   constants or a tied edge.
  public mutating func fixSymbolic(layer l: Int, i: Int, j: Int, edge: SymbolicEdge)
    throws(KANError)
  {
    try checkLayer(l)
    try layers[l].fixSymbolic(i: i, j: j, edge: edge)
  }

  /// Fixes every spline edge whose best formula reaches `R^2 >= threshold` (pykan's
  /// `auto_symbolic`).
  ///
  /// All of them are fitted to the samples of one pass over `x`; pruned and already fixed
  /// edges are left alone.
  ///
  /// - Parameters:
  ///   - x: the network input, `(batch, in)`.
  ///   - threshold: the smallest `R^2` fixed (pykan's `r2_threshold`, 0 by default).
  ///   - library: the functions to try.
  ///   - weightSimple: pykan's `weight_simple`.
  ///   - options: the search settings.
  /// - Returns: one choice per spline edge, layer by layer.
  /// - Throws: `KANError` for a bad batch, `SymbolicError` for a bad library or options.
  @discardableResult
  public mutating func autoSymbolic(
    on x: Tensor<Scalar>, threshold: Double = 0,
    library: [SymbolicFunction] = SymbolicFunction.allCases, weightSimple: Double = 0.8,
    options: SymbolicFitOptions = SymbolicFitOptions()
  ) throws -> [SymbolicChoice] {
    var choices: [SymbolicChoice] = []
    var input = x
    for l in layers.indices {
      let layer = layers[l]
      for j in 0..<layer.outFeatures {
        for i in 0..<layer.inFeatures where try layer.state(i: i, j: j) == .spline {
          let best = try SymbolicRegression.suggest(
            Self.samples(layer, i: i, j: j, input: input), library: library,
            weightSimple: weightSimple, options: options)[0]
          let fixed = best.rSquared >= threshold
          if fixed { try layers[l].fixSymbolic(i: i, j: j, edge: best.edge) }
          choices.append(
            SymbolicChoice(layer: l, edge: EdgeIndex(i: i, j: j), best: best, fixed: fixed))
        }
      }
      input = try layer(input)
    }
    return choices
  }

  /// The network as formulas over named inputs, one per output, once every edge is fixed or
  /// pruned (pykan's `symbolic_formula`), simplified.
  ///
  ///     z_i = (x_i - mean_i) / scale_i                (with an input scaling; else z_i = x_i)
  ///     y_j = sum_i c f(a z_i + b) + d,  layer by layer, then simplified(dropBelow:)
  ///
  /// - Parameters:
  ///   - inputNames: one name per input (`x1, x2, ...` by default).
  ///   - scaling: the standardisation the network's inputs went through, folded in.
  ///   - dropBelow: the smallest coefficient kept (see `SymbolicExpression.simplified`).
  /// - Returns: one expression per output.
  /// - Throws: `KANError.invalidArgument` for an edge that is still a spline (fix it first),
  ///   or names or a scaling of the wrong length.
  public func formula(
    inputNames: [String]? = nil, scaling: InputScaling? = nil, dropBelow: Double = 1e-4
  ) throws -> [SymbolicExpression] {
    let names = inputNames ?? (1...widths[0]).map { "x\($0)" }
    guard names.count == widths[0], scaling.map({ $0.mean.count == widths[0] }) ?? true else {
      throw KANError.invalidArgument(
        name: "input names or scaling", value: "\(names.count) names",
        expected: "one per network input, \(widths[0])")
    }
    var current: [SymbolicExpression] = names.indices.map { i in
      guard let scaling else { return .variable(names[i]) }
      return .constant(1 / scaling.scale[i]) * .variable(names[i])
        + .constant(-scaling.mean[i] / scaling.scale[i])
    }
    for (l, layer) in layers.enumerated() {
      var edges: [[SymbolicEdge]] = []
      for j in 0..<layer.outFeatures {
        edges.append(
          try (0..<layer.inFeatures).map { i in
            switch try layer.state(i: i, j: j) {
            case .fixed(let edge): return edge
            case .pruned: return SymbolicEdge(.zero, c: 0, d: 0)
            case .spline:
              throw KANError.invalidArgument(
                name: "edge (\(l),\(i),\(j))", value: "a spline",
                expected: "every edge fixed to a formula or pruned: call autoSymbolic or "
                  + "fixSymbolic first")
            }
          })
      }
      current = try SymbolicExpression.layer(edges, inputs: current)
    }
    return current.map { $0.simplified(dropBelow: 0).canonicalized(dropBelow: dropBelow) }
  }

  /// Throws unless `l` is a layer index.
  func checkLayer(_ l: Int) throws(KANError) {
    guard layers.indices.contains(l) else {
      throw .invalidArgument(
        name: "layer", value: "\(l)", expected: "a layer index in 0..<\(layers.count)")
    }
  }

  /// `x_l`, the input of layer `l` for the network input `x`.
  func layerInput(_ l: Int, _ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    var activation = x
    for layer in layers[..<l] { activation = try layer(activation) }
    return activation
  }

  /// The samples of an edge of `layer` on its input batch.
  private static func samples(
    _ layer: KANLinear<Scalar>, i: Int, j: Int, input: Tensor<Scalar>
  ) throws -> EdgeSamples {
    let column = (0..<input.shape[0]).map { input.scalars[$0 * layer.inFeatures + i] }
    return try EdgeSamples(x: column, y: layer.edge(from: i, to: j, at: column))
  }
}
