/// What a pruning removed, in the numbering of the network before it.
public struct PruningReport: Sendable, Equatable, CustomStringConvertible {
  /// `[in, hidden..., out]` before.
  public var widthsBefore: [Int]
  /// `[in, hidden..., out]` after.
  public var widthsAfter: [Int]
  /// The nodes kept at every boundary `l = 0 ... L` (inputs first), old indices.
  public var keptNodes: [[Int]]
  /// The edges masked in every layer, old indices (only `pruneEdges` masks).
  public var maskedEdges: [[EdgeIndex]]
  /// Constants of removed edges that no kept edge could absorb, summed per layer (0 when every
  /// removed edge's mean was folded in; see `KANNetwork.selectingNodes`).
  public var droppedMeans: [Double]

  /// The nodes removed at every boundary, old indices.
  public var removedNodes: [[Int]] {
    zip(widthsBefore, keptNodes).map { width, kept in (0..<width).filter { !kept.contains($0) } }
  }

  /// One line: the widths, and what went.
  public var description: String {
    var parts = ["widths \(widthsBefore) -> \(widthsAfter)"]
    for (l, removed) in removedNodes.enumerated() where !removed.isEmpty {
      parts.append("removed \(l == 0 ? "inputs" : "nodes of boundary \(l)") \(removed)")
    }
    for (l, edges) in maskedEdges.enumerated() where !edges.isEmpty {
      parts.append(
        "masked edges of layer \(l): \(edges.map(\.description).joined(separator: ", "))")
    }
    return parts.joined(separator: "; ")
  }
}

extension KANNetwork {
  /// A smaller network without the hidden nodes whose attribution score is at most
  /// `threshold` (pykan's `prune_node`), scored on `x`.
  ///
  ///     keep node i of boundary l  (0 < l < L)   iff   mean_k S_l[k, i] > threshold
  ///
  /// - Parameters:
  ///   - threshold: pykan's default is 1e-2.
  ///   - x: the batch to score on, `(batch, in)`, at least two samples.
  /// - Returns: the pruned network and what was removed.
  /// - Throws: `KANError.invalidArgument` when every node of a hidden boundary would go (the
  ///   message gives the largest score there), or for a bad batch.
  public func pruneNodes(threshold: Double = 1e-2, on x: Tensor<Scalar>) throws(KANError) -> (
    network: KANNetwork, report: PruningReport
  ) {
    let scores = try attribution(on: x).nodeScores
    var keep = [Array(0..<widths[0])]
    for l in 1..<layers.count {
      keep.append(try Self.kept(scores[l], above: threshold, what: "node of boundary \(l)"))
    }
    keep.append(Array(0..<widths[layers.count]))
    return try selectingNodes(keep, on: x)
  }

  /// A smaller network without the inputs whose attribution score is at most `threshold`
  /// (pykan's `prune_input`), scored on `x`.
  ///
  ///     keep input i   iff   mean_k S_0[k, i] > threshold
  ///
  /// - Parameters:
  ///   - threshold: pykan's default is 1e-2.
  ///   - x: the batch to score on, `(batch, in)`, at least two samples.
  /// - Returns: the pruned network and what was removed (`report.keptNodes[0]`: the inputs
  ///   kept, to select the same columns of new data).
  /// - Throws: `KANError.invalidArgument` when every input would go, or for a bad batch.
  public func pruneInputs(threshold: Double = 1e-2, on x: Tensor<Scalar>) throws(KANError) -> (
    network: KANNetwork, report: PruningReport
  ) {
    let scores = try attribution(on: x).featureScores
    var keep = widths.map { Array(0..<$0) }
    keep[0] = try Self.kept(scores, above: threshold, what: "input")
    return try selectingNodes(keep, on: x)
  }

  /// The network with the edges whose attribution score is at most `threshold` masked
  /// (pykan's `prune_edge`), scored on `x`.
  ///
  /// The widths stay; fixed edges are kept.
  ///
  ///     mask edge i -> j of layer l   iff   mean_k E_l[k, j, i] <= threshold
  ///
  /// Each masked edge's mean on `x` is added to a kept edge of its output (see
  /// `selectingNodes`), so the network's outputs move by the masked edges' deviations only.
  ///
  /// - Parameters:
  ///   - threshold: pykan's default is 3e-2.
  ///   - x: the batch to score on, `(batch, in)`, at least two samples.
  /// - Returns: the network and the edges masked.
  /// - Throws: `KANError.invalidArgument` when every edge of a layer would go, or for a bad
  ///   batch.
  public func pruneEdges(threshold: Double = 3e-2, on x: Tensor<Scalar>) throws(KANError) -> (
    network: KANNetwork, report: PruningReport
  ) {
    let scores = try attribution(on: x).edgeScores
    var pruned = self
    var activation = x
    var masked: [[EdgeIndex]] = []
    var dropped: [Double] = []
    for (l, layer) in layers.enumerated() {
      var edges: [EdgeIndex] = []
      var live = 0
      for j in 0..<layer.outFeatures {
        for i in 0..<layer.inFeatures where try layer.state(i: i, j: j) != .pruned {
          live += 1
          if case .spline = try layer.state(i: i, j: j), scores[l][j, i] <= threshold {
            edges.append(EdgeIndex(i: i, j: j))
          }
        }
      }
      guard edges.count < live else {
        throw .invalidArgument(
          name: "edge threshold", value: "\(threshold)",
          expected: "a threshold below the largest edge score of layer \(l), "
            + "\(scores[l].scalars.max() ?? 0): this one would prune every edge")
      }
      var updated = layer
      var lost = 0.0
      for edge in edges {
        let mean = try layer.edgeMean(i: edge.i, j: edge.j, on: activation)
        try updated.maskEdge(i: edge.i, j: edge.j)
        lost += try updated.addConstant(mean, toOutput: edge.j, samples: activation) ? 0 : mean
      }
      activation = try layer(activation)
      pruned.layers[l] = updated
      masked.append(edges)
      dropped.append(lost)
    }
    let report = PruningReport(
      widthsBefore: widths, widthsAfter: widths, keptNodes: widths.map { Array(0..<$0) },
      maskedEdges: masked, droppedMeans: dropped)
    return (try KANNetwork(layers: pruned.layers), report)
  }

  /// The network restricted to the given nodes (pykan's manual pruning), physically smaller.
  ///
  ///     layer l keeps inputs keep[l] and outputs keep[l + 1]      (see KANLinear.selecting)
  ///
  /// The edges that go with a removed node carry its value's spread away; their mean on `x` is
  /// added to a kept edge of the same output (a fixed edge's `d`, or every B-spline coefficient
  /// of a spline edge whose samples lie in its grid range, by the partition of unity), so on
  /// `x` the outputs change only by the removed edges' deviations from their means.
  ///
  /// - Parameters:
  ///   - keep: the nodes to keep at every boundary `0 ... L`, each non-empty.
  ///   - x: the batch whose means are folded in, `(batch, in)`.
  /// - Returns: the smaller network and the report.
  /// - Throws: `KANError.invalidArgument` for a wrong number of boundaries, an empty or
  ///   out-of-range selection; `KANError` for a bad batch.
  public func selectingNodes(_ keep: [[Int]], on x: Tensor<Scalar>) throws(KANError) -> (
    network: KANNetwork, report: PruningReport
  ) {
    guard keep.count == widths.count else {
      throw .invalidArgument(
        name: "kept nodes", value: "\(keep.count) lists",
        expected: "one list per layer boundary, \(widths.count)")
    }
    var smaller: [KANLinear<Scalar>] = []
    var dropped: [Double] = []
    var activation = x
    for (l, layer) in layers.enumerated() {
      var selected = try layer.selecting(inputs: keep[l], outputs: keep[l + 1])
      let kept = try Tensor(
        shape: [activation.shape[0], keep[l].count],
        scalars: (0..<activation.shape[0]).flatMap { b in
          keep[l].map { activation.scalars[b * layer.inFeatures + $0] }
        })
      var lost = 0.0
      for (newJ, j) in keep[l + 1].enumerated() {
        var mean = 0.0
        for i in 0..<layer.inFeatures where !keep[l].contains(i) {
          mean += try layer.edgeMean(i: i, j: j, on: activation)
        }
        if mean != 0, !(try selected.addConstant(mean, toOutput: newJ, samples: kept)) {
          lost += mean
        }
      }
      activation = try layer(activation)
      smaller.append(selected)
      dropped.append(lost)
    }
    let network = try KANNetwork(layers: smaller)
    let report = PruningReport(
      widthsBefore: widths, widthsAfter: network.widths, keptNodes: keep,
      maskedEdges: layers.map { _ in [] }, droppedMeans: dropped)
    return (network, report)
  }

  /// The indices whose score is above the threshold.
  ///
  /// - Throws: `KANError.invalidArgument` when there are none, with the largest score.
  private static func kept(
    _ scores: [Double], above threshold: Double, what: String
  ) throws(KANError) -> [Int] {
    let kept = scores.indices.filter { scores[$0] > threshold }
    guard !kept.isEmpty else {
      throw .invalidArgument(
        name: "threshold", value: "\(threshold)",
        expected: "a threshold below the largest score of any \(what), "
          + "\(scores.max() ?? 0): this one would prune every \(what)")
    }
    return kept
  }
}

extension KANLinear {
  /// The mean of edge `i -> j`'s output over the layer inputs `x`.
  ///
  ///     mean_b phi_ji(x[b, i])
  func edgeMean(i: Int, j: Int, on x: Tensor<Scalar>) throws(KANError) -> Double {
    let column = (0..<x.shape[0]).map { x.scalars[$0 * inFeatures + i] }
    return try edge(from: i, to: j, at: column).reduce(0.0) { $0 + Double($1) }
      / Double(column.count)
  }

  /// Adds a constant to output `j` through one of its edges, exactly on the samples `x`.
  ///
  ///     fixed edge:                  d += c
  ///     B-spline edge, x in range:   w_s[j, i, :] += c / s[j, i]     (sum_m B_m = 1 there)
  ///     Chebyshev edge:              w_s[j, i, 0] += c / s[j, i]     (T_0 = 1)
  ///
  /// choosing a fixed edge first, then the first untied spline edge that can carry it.
  ///
  /// - Returns: whether the constant found an edge (Gaussian RBF edges cannot carry one).
  mutating func addConstant(_ c: Double, toOutput j: Int, samples x: Tensor<Scalar>)
    throws(KANError) -> Bool
  {
    if let e = fixedEdges.edges.firstIndex(where: { $0.j == j }) {
      fixedEdges.constants[4 * e + 3] += Scalar(c)
      return true
    }
    let tied = Set(tiedEdges.joined())
    for i in 0..<inFeatures {
      let edge = j * inFeatures + i
      let scale = splineScaler.scalars[edge]
      guard !isMasked(edge), !tied.contains(edge), scale != 0 else { continue }
      let range = try gridRange(input: i)
      let inside = (0..<x.shape[0]).allSatisfy { range.contains(x.scalars[$0 * inFeatures + i]) }
      let n = basisCount
      switch basis {
      case .bSpline where inside:
        for m in 0..<n { splineWeight.scalars[edge * n + m] += Scalar(c) / scale }
      case .chebyshev:
        splineWeight.scalars[edge * n] += Scalar(c) / scale
      default: continue
      }
      saved = nil
      return true
    }
    return false
  }
}
