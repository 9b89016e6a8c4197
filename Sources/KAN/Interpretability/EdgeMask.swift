import KANSymbolic

/// One edge of a layer, from input `i` to output `j`.
public struct EdgeIndex: Hashable, Sendable, CustomStringConvertible {
  /// The input.
  public var i: Int
  /// The output.
  public var j: Int

  /// The edge `i -> j`.
  public init(i: Int, j: Int) {
    self.i = i
    self.j = j
  }

  /// `i->j`.
  public var description: String { "\(i)->\(j)" }
}

/// What an edge of a layer computes.
public enum EdgeState: Sendable, Equatable {
  /// Its learned spline and base branch.
  case spline
  /// A formula `c f(a x + b) + d` (see `fixSymbolic`).
  case fixed(SymbolicEdge)
  /// Nothing: the edge was pruned.
  case pruned
}

extension KANLinear {
  /// Throws unless `i -> j` is an edge of this layer.
  ///
  /// - Throws: `KANError.invalidArgument` naming the ranges.
  func checkEdge(i: Int, j: Int) throws(KANError) {
    guard (0..<inFeatures).contains(i), (0..<outFeatures).contains(j) else {
      throw .invalidArgument(
        name: "edge", value: "\(i) -> \(j)",
        expected: "an input in 0..<\(inFeatures) and an output in 0..<\(outFeatures)")
    }
  }

  /// What edge `i -> j` computes: its spline, a formula, or nothing.
  ///
  /// - Throws: `KANError.invalidArgument` for an edge outside the layer.
  public func state(i: Int, j: Int) throws(KANError) -> EdgeState {
    try checkEdge(i: i, j: j)
    if let e = fixedEdges.index(i: i, j: j) { return .fixed(fixedEdges.symbolicEdge(e)) }
    return isMasked(j * inFeatures + i) ? .pruned : .spline
  }

  /// Sets every masked edge's entries of an array in a combined layout to zero (nothing
  /// without a mask): masked edges drop out of `W_c` and `W_f` on both paths.
  ///
  ///     W[base of (j, i)] = 0,   W[basis m of (j, i)] = 0      where m[j, i] = 0
  ///
  /// - Parameters:
  ///   - array: the combined weights or their gradient, in `layout`.
  ///   - layout: where each edge's entries sit.
  func zeroMaskedEdges(_ array: UnsafeMutablePointer<Scalar>, _ layout: CombinedLayout) {
    guard let edgeMask else { return }
    for (edge, keep) in edgeMask.enumerated() where keep == 0 {
      let (j, i) = (edge / inFeatures, edge % inFeatures)
      let block = array + j * layout.outputStride + i * layout.inputStride
      block[0] = 0
      (block + layout.splineOffset).update(repeating: 0, count: basisCount)
    }
  }

  /// A gradient with respect to the combined weights with the masked edges' entries zeroed
  /// (`dW` itself without a mask), so `addCombinedGradient` gives them no gradient.
  func maskedGradient(_ dW: [Scalar], _ layout: CombinedLayout) -> [Scalar] {
    guard edgeMask != nil else { return dW }
    var masked = dW
    zeroMaskedEdges(&masked, layout)
    return masked
  }

  /// Whether the flat edge `j * in + i` is masked.
  func isMasked(_ edge: Int) -> Bool {
    (edgeMask?[edge] ?? 1) == 0
  }

  /// Masks edge `i -> j` (pykan's `remove_edge`).
  ///
  /// From now on the edge is zero in both paths and gets no gradient; its weights `w_b, w_s`
  /// are set to zero, so efficient-kan reading the saved tensors computes the same. A tied
  /// edge leaves its group.
  ///
  ///     m[j, i] = 0,   w_b[j, i] = 0,   w_s[j, i, :] = 0
  ///
  /// - Throws: `KANError.invalidArgument` for an edge outside the layer.
  public mutating func maskEdge(i: Int, j: Int) throws(KANError) {
    try checkEdge(i: i, j: j)
    let edge = j * inFeatures + i
    var mask = edgeMask ?? [Scalar](repeating: 1, count: outFeatures * inFeatures)
    mask[edge] = 0
    edgeMask = mask
    baseWeight.scalars[edge] = 0
    for m in 0..<basisCount { splineWeight.scalars[edge * basisCount + m] = 0 }
    tiedEdges = tiedEdges.map { $0.filter { $0 != edge } }.filter { $0.count > 1 }
    saved = nil
  }

  /// Replaces edge `i -> j` by a formula, `phi_ji(x) = c f(a x + b) + d`, whose constants are
  /// trainable (pykan's `fix_symbolic`); the spline part is masked (see `maskEdge`).
  ///
  /// - Parameters:
  ///   - i: the input.
  ///   - j: the output.
  ///   - edge: `f` and the starting `a, b, c, d`, finite.
  /// - Throws: `KANError.invalidArgument` for an edge outside the layer, a non-finite constant
  ///   or a tied edge (untie it first: a formula cannot be shared).
  public mutating func fixSymbolic(i: Int, j: Int, edge: SymbolicEdge) throws(KANError) {
    try checkEdge(i: i, j: j)
    let constants = [edge.a, edge.b, edge.c, edge.d]
    guard constants.allSatisfy({ $0.isFinite && Scalar($0).isFinite }) else {
      throw .invalidArgument(
        name: "constants of edge \(i) -> \(j)", value: "\(constants)",
        expected: "finite a, b, c, d within the range of \(Scalar.self)")
    }
    guard !tiedEdges.joined().contains(j * inFeatures + i) else {
      throw .invalidArgument(
        name: "edge", value: "\(i) -> \(j)",
        expected: "an edge that is not tied: untie it first (a formula is fixed per edge)")
    }
    try maskEdge(i: i, j: j)
    fixedEdges.set(edge, i: i, j: j)
  }
}
