extension KANLinear {
  /// This layer in another scalar type: the same grid, weights, masks, fixed and tied edges,
  /// rounded to `Other` (train in Double, save in Float), with zero gradients.
  ///
  /// - Parameter to: `Float` or `Double`.
  /// - Returns: the converted layer.
  /// - Throws: `KANError.nonFinite` when a value overflows `Other`, `.invalidArgument` when
  ///   rounding merges two knots.
  public func converted<Other: KANScalar>(to: Other.Type = Other.self) throws(KANError)
    -> KANLinear<Other>
  {
    var copy = try KANLinear<Other>(
      configuration: configuration, grid: grid.converted(), baseWeight: baseWeight.converted(),
      splineWeight: splineWeight.converted(),
      splineScaler: standaloneSplineScaler ? splineScaler.converted() : nil)
    copy.edgeMask = edgeMask?.map { Other($0) }
    copy.fixedEdges = fixedEdges.converted()
    try copy.fixedEdges.constants.checkFinite("fixed-edge constants")
    copy.tiedEdges = tiedEdges
    copy.threads = threads
    switch evaluation {
    case .automatic: copy.evaluation = .automatic
    case .product: copy.evaluation = .product
    case .fused: copy.evaluation = .fused
    }
    return copy
  }
}

extension KANNetwork {
  /// This network in another scalar type, layer by layer (see `KANLinear.converted(to:)`).
  ///
  /// - Parameter to: `Float` or `Double`.
  /// - Returns: the converted network.
  /// - Throws: `KANError` as `KANLinear.converted(to:)`.
  public func converted<Other: KANScalar>(to: Other.Type = Other.self) throws(KANError)
    -> KANNetwork<Other>
  {
    var layers: [KANLinear<Other>] = []
    for layer in self.layers { layers.append(try layer.converted()) }
    return try KANNetwork<Other>(layers: layers)
  }
}

extension Array where Element: KANScalar {
  /// Throws unless every value is finite.
  ///
  /// - Throws: `KANError.nonFinite` naming `what` and the first bad index.
  func checkFinite(_ what: String) throws(KANError) {
    if let index = firstIndex(where: { !$0.isFinite }) {
      throw .nonFinite(what: what, index: index)
    }
  }
}
