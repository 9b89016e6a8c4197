extension KANLinear {
  /// The layer restricted to some of its inputs and outputs, physically smaller: knots,
  /// weights, masks, fixed and tied edges of the kept edges, renumbered in the order given.
  ///
  ///     new edge (i', j') = old edge (inputs[i'], outputs[j'])
  ///
  /// - Parameters:
  ///   - inputs: the inputs to keep, at least one, each in `0..<in`.
  ///   - outputs: the outputs to keep, at least one, each in `0..<out`.
  /// - Returns: the smaller layer.
  /// - Throws: `KANError.invalidArgument` for an empty selection or an index out of range.
  public func selecting(inputs: [Int], outputs: [Int]) throws(KANError) -> KANLinear {
    guard !inputs.isEmpty, inputs.allSatisfy((0..<inFeatures).contains) else {
      throw .invalidArgument(
        name: "kept inputs", value: "\(inputs)", expected: "one or more of 0..<\(inFeatures)")
    }
    guard !outputs.isEmpty, outputs.allSatisfy((0..<outFeatures).contains) else {
      throw .invalidArgument(
        name: "kept outputs", value: "\(outputs)", expected: "one or more of 0..<\(outFeatures)")
    }
    let (n, knots) = (basisCount, grid.shape[1])
    let edges = outputs.flatMap { j in inputs.map { i in j * inFeatures + i } }  // new order
    var layer = try KANLinear(
      configuration: configuration,
      grid: Tensor(
        shape: [inputs.count, knots],
        scalars: inputs.flatMap { grid.scalars[$0 * knots..<($0 + 1) * knots] }),
      baseWeight: Tensor(
        shape: [outputs.count, inputs.count], scalars: edges.map { baseWeight.scalars[$0] }),
      splineWeight: Tensor(
        shape: [outputs.count, inputs.count, n],
        scalars: edges.flatMap { splineWeight.scalars[$0 * n..<($0 + 1) * n] }),
      splineScaler: standaloneSplineScaler
        ? Tensor(
          shape: [outputs.count, inputs.count], scalars: edges.map { splineScaler.scalars[$0] })
        : nil)
    layer.edgeMask = edgeMask.map { mask in edges.map { mask[$0] } }
    layer.fixedEdges = fixedEdges.selecting(inputs: inputs, outputs: outputs)
    layer.tiedEdges = tiedEdges.map { group in
      group.compactMap { edges.firstIndex(of: $0) }.sorted()
    }.filter { $0.count > 1 }
    layer.threads = threads
    layer.evaluation = evaluation
    return layer
  }
}
