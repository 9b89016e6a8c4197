extension Trainer {
  /// After an epoch: measures each layer's out-of-grid fraction on a probe batch, records it in
  /// the report, and updates the grids from that batch when a fraction exceeds
  /// `gridUpdateThreshold` (inputs with too few distinct samples keep their grid).
  ///
  ///     fractions = network.outOfGridFractions(probe);  max > threshold => updateGrid(probe)
  ///
  /// - Parameters:
  ///   - network: the model, whose grids may be updated.
  ///   - probe: the samples to measure on and update from.
  ///   - report: receives the fractions measured before any update.
  /// - Returns: text for the epoch's line, empty when `gridUpdateThreshold` is nil.
  /// - Throws: `KANError` when the probe batch does not fit the network.
  func checkGrid(
    _ network: inout KANNetwork<Scalar>, probe: Dataset<Scalar>, report: inout EpochReport
  ) throws(KANError) -> String {
    guard let threshold = gridUpdateThreshold else { return "" }
    let fractions = try network.outOfGridFractions(probe.inputs)
    report.outOfGridFractions = fractions
    let shown = fractions.map { "\(format(100 * $0))%" }.joined(separator: "/")
    guard fractions.contains(where: { $0 > threshold }) else { return "  out-of-grid \(shown)" }
    try network.updateGrid(from: probe.inputs, keepingDegenerateFeatures: true)
    return "  out-of-grid \(shown) (grid updated)"
  }
}
