import KANSymbolic

extension ModelFile {
  /// The model as formulas, one per output, over its input names and through its input
  /// scaling, once every edge is fixed or pruned (see `KANNetwork.formula`).
  ///
  /// - Returns: one simplified expression per output.
  /// - Throws: `KANError.invalidArgument` while an edge is still a spline.
  public func formulas() throws -> [SymbolicExpression] {
    try network.formula(inputNames: inputScaling?.names, scaling: inputScaling)
  }
}
