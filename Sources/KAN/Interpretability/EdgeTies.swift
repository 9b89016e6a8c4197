extension KANLinear {
  /// Ties edges so they share one function (pykan 0.0's `lock`): every edge of the group takes
  /// the first edge's `w_b, w_s, s`, and from then on each receives the sum of the group's
  /// gradients, so any optimizer that updates every scalar alike keeps them identical.
  ///
  ///     phi_e = phi_first                        for every edge e of the group
  ///     dL/dtheta_e (as optimizers see it) = sum_{e' in group} dL/dtheta_e'
  ///
  /// Edges from different inputs share a function only if those inputs share knots; a grid
  /// update then places the knots of tied inputs together, from all their samples (see
  /// `updateGrid`). A group that meets an existing one merges with it.
  ///
  /// - Parameter edges: at least two distinct edges of this layer, none masked or fixed.
  /// - Throws: `KANError.invalidArgument` for an edge outside the layer, fewer than two edges,
  ///   a masked or fixed edge, or inputs whose knots differ.
  public mutating func tie(_ edges: [EdgeIndex]) throws(KANError) {
    for edge in edges { try checkEdge(i: edge.i, j: edge.j) }
    var flat: [Int] = []
    for edge in edges where !flat.contains(edge.j * inFeatures + edge.i) {
      flat.append(edge.j * inFeatures + edge.i)
    }
    guard flat.count >= 2 else {
      throw .invalidArgument(
        name: "tied edges", value: "\(edges)", expected: "at least two distinct edges")
    }
    if let edge = flat.first(where: { isMasked($0) }) {
      throw .invalidArgument(
        name: "tied edge", value: "\(edge % inFeatures) -> \(edge / inFeatures)",
        expected: "an edge that is neither pruned nor fixed to a formula")
    }
    let first = flat[0] % inFeatures
    let knots = grid.shape[1]
    for edge in flat.dropFirst() where edge % inFeatures != first {
      let other = edge % inFeatures
      guard (0..<knots).allSatisfy({ grid[first, $0] == grid[other, $0] }) else {
        throw .invalidArgument(
          name: "tied edges", value: "\(edges)",
          expected: "inputs with the same knots (inputs \(first) and \(other) differ): tie "
            + "edges of different inputs before their grids are updated")
      }
    }
    let n = basisCount
    let source = flat[0]
    for edge in flat.dropFirst() {
      baseWeight.scalars[edge] = baseWeight.scalars[source]
      splineScaler.scalars[edge] = splineScaler.scalars[source]
      for m in 0..<n { splineWeight.scalars[edge * n + m] = splineWeight.scalars[source * n + m] }
    }
    var merged = Set(flat)
    var others: [[Int]] = []
    for group in tiedEdges {
      if group.contains(where: merged.contains) {
        merged.formUnion(group)
      } else {
        others.append(group)
      }
    }
    tiedEdges = others + [[source] + merged.subtracting([source]).sorted()]
    saved = nil
  }

  /// Ties the inputs of a group so the layer treats them alike (better-kan's
  /// permutation-invariant inputs): for every output `j`, the edges `i -> j` of the group share
  /// one function, and the layer's output is symmetric in those inputs.
  ///
  ///     y_j = sum_{i in group} phi_j(x_i) + (the other inputs' edges)
  ///
  /// - Parameter inputs: at least two distinct inputs.
  /// - Throws: As `tie(_:)`.
  public mutating func tieInputs(_ inputs: [Int]) throws(KANError) {
    for j in 0..<outFeatures { try tie(inputs.map { EdgeIndex(i: $0, j: j) }) }
  }

  /// Unties edges (pykan 0.0's `unlock`): each keeps its current function and trains on its
  /// own from now on; a group left with one edge goes.
  ///
  /// - Parameter edges: edges of this layer.
  /// - Throws: `KANError.invalidArgument` for an edge outside the layer.
  public mutating func untie(_ edges: [EdgeIndex]) throws(KANError) {
    for edge in edges { try checkEdge(i: edge.i, j: edge.j) }
    let removed = Set(edges.map { $0.j * inFeatures + $0.i })
    tiedEdges = tiedEdges.map { $0.filter { !removed.contains($0) } }.filter { $0.count > 1 }
  }

  /// A gradient with every tied group's blocks replaced by their sum.
  ///
  ///     g'[e, :] = sum_{e' in group(e)} g[e', :]       g is (out*in, width)
  ///
  /// - Parameters:
  ///   - gradient: per edge, `width` values each.
  ///   - width: 1 for `w_b` and `s`, `n` for `w_s`.
  /// - Returns: the summed gradient (`gradient` itself without ties).
  func tiedSum(_ gradient: [Scalar], width: Int) -> [Scalar] {
    guard !tiedEdges.isEmpty else { return gradient }
    var summed = gradient
    for group in tiedEdges {
      for m in 0..<width {
        var sum: Scalar = 0
        for edge in group { sum += gradient[edge * width + m] }
        for edge in group { summed[edge * width + m] = sum }
      }
    }
    return summed
  }

  /// The inputs whose knots are held together by ties across inputs, each group sorted; an
  /// untied input is a group of one.
  func tiedInputGroups() -> [[Int]] {
    var root = Array(0..<inFeatures)
    func find(_ i: Int) -> Int {
      var i = i
      while root[i] != i { i = root[i] }
      return i
    }
    for group in tiedEdges {
      let first = find(group[0] % inFeatures)
      for edge in group.dropFirst() { root[find(edge % inFeatures)] = first }
    }
    return Dictionary(grouping: 0..<inFeatures, by: find).values.map { $0.sorted() }
  }
}

extension KANNetwork {
  /// Ties edges of layer `l` so they share one function (see `KANLinear.tie`).
  ///
  /// - Throws: `KANError.invalidArgument` for a layer out of range, and as `KANLinear.tie`.
  public mutating func tie(layer l: Int, _ edges: [EdgeIndex]) throws(KANError) {
    try checkLayer(l)
    try layers[l].tie(edges)
  }

  /// Ties a group of the network's inputs so it treats them alike (better-kan's
  /// permutation-invariant inputs; see `KANLinear.tieInputs`).
  ///
  /// - Throws: As `KANLinear.tieInputs`.
  public mutating func tieInputs(_ inputs: [Int]) throws(KANError) {
    try layers[0].tieInputs(inputs)
  }

  /// Unties edges of layer `l` (see `KANLinear.untie`).
  ///
  /// - Throws: `KANError.invalidArgument` for a layer or edge out of range.
  public mutating func untie(layer l: Int, _ edges: [EdgeIndex]) throws(KANError) {
    try checkLayer(l)
    try layers[l].untie(edges)
  }
}
