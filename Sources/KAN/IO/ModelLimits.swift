import KANData

/// The largest model swift-kan loads, checked on the header before anything is allocated, so a
/// file whose metadata claims a huge grid or millions of widths fails in a millisecond with a
/// message naming the cap.
///
///     file size          1 GiB                 FileSizeLimit.model, before reading
///     header             1 MiB of JSON         before parsing (a 100-layer model needs ~40 KB)
///     layers             100                   widths.count - 1             (KANLimits.layers)
///     grid size G        1000                  the KAN paper's largest grid (KANLimits.gridSize)
///     parameters         2^28                  sum_l in_l out_l (G + k + 2): base_weight,
///                                              spline_weight and spline_scaler (KANLimits)
///
/// The model caps are `KANLimits`', the library's own, so a file holds exactly what a program
/// could build. Every size is computed with overflow-checked arithmetic.
public enum ModelLimits {
  /// The largest model file read, in bytes.
  public static let maxFileBytes = FileSizeLimit.model
  /// The largest safetensors header parsed, in bytes.
  public static let maxHeaderBytes = 1 << 20
  /// The most layers, `KANLimits.layers`.
  public static let maxLayers = KANLimits.layers
  /// The largest grid size `G`, `KANLimits.gridSize`.
  public static let maxGridSize = KANLimits.gridSize
  /// The most learnable scalars, counting a spline scaler on every edge: `KANLimits.parameters`.
  public static let maxParameters = KANLimits.parameters
}

extension ModelArchitecture {
  /// Throws unless the architecture is within `ModelLimits`; run before any size is derived
  /// from it.
  ///
  ///     L = widths.count - 1 <= maxLayers,   1 <= G <= maxGridSize,   0 <= k <= 10,
  ///     every width >= 1,   sum_l in_l out_l (G + k + 2) <= maxParameters   (checked arithmetic)
  ///
  /// - Throws: `KANError.invalidModel` naming the size and the cap it passes.
  func checkLimits() throws(KANError) {
    let layers = widths.count - 1
    guard layers <= ModelLimits.maxLayers else {
      throw .invalidModel(
        "the model has \(layers) layers, over swift-kan's cap of \(ModelLimits.maxLayers) "
          + "(ModelLimits.maxLayers); \(beyondLimits)")
    }
    guard gridSize <= ModelLimits.maxGridSize else {
      throw .invalidModel(
        "grid size \(gridSize) is over swift-kan's cap of \(ModelLimits.maxGridSize) "
          + "(ModelLimits.maxGridSize); \(beyondLimits)")
    }
    guard (0...KANLimits.splineOrder).contains(splineOrder), widths.allSatisfy({ $0 >= 1 }) else {
      try validate()  // names what is wrong
      return
    }
    guard let parameters = checkedParameterCount, parameters <= ModelLimits.maxParameters else {
      throw .invalidModel(
        "the model (\(summary)) has more than \(ModelLimits.maxParameters) parameters, "
          + "swift-kan's cap (ModelLimits.maxParameters); \(beyondLimits)")
    }
    try validate()
  }

  /// `sum_l in_l out_l (G + k + 2)`, or nil if it overflows `Int` (G and k already capped).
  private var checkedParameterCount: Int? {
    let perEdge = gridSize + splineOrder + 2
    var total = 0
    for l in 0..<(widths.count - 1) {
      let (edges, overflowEdges) = widths[l].multipliedReportingOverflow(by: widths[l + 1])
      let (layer, overflowLayer) = edges.multipliedReportingOverflow(by: perEdge)
      let (sum, overflowSum) = total.addingReportingOverflow(layer)
      guard !overflowEdges, !overflowLayer, !overflowSum else { return nil }
      total = sum
    }
    return total
  }

  /// What to do about a model beyond the limits.
  private var beyondLimits: String {
    "the file is damaged or crafted, or the model is larger than swift-kan loads"
  }
}
