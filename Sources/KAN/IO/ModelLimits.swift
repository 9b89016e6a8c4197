import KANData

/// The largest model swift-kan loads, checked on the header before anything is allocated, so a
/// file whose metadata claims a huge grid or millions of widths fails in a millisecond with a
/// message naming the cap.
///
///     file size          1 GiB                 FileSizeLimit.model, before reading
///     header             1 MiB of JSON         before parsing (a 100-layer model needs ~40 KB)
///     layers             100                   widths.count - 1
///     grid size G        1000                  the KAN paper's largest grid
///     parameters         100,000,000           sum_l in_l out_l (G + k + 2): base_weight,
///                                              spline_weight and spline_scaler, as F32 400 MB
///
/// Every size is computed with overflow-checked arithmetic.
public enum ModelLimits {
  /// The largest model file read, in bytes.
  public static let maxFileBytes = FileSizeLimit.model
  /// The largest safetensors header parsed, in bytes.
  public static let maxHeaderBytes = 1 << 20
  /// The most layers.
  public static let maxLayers = 100
  /// The largest grid size `G`.
  public static let maxGridSize = 1000
  /// The most learnable scalars, counting a spline scaler on every edge.
  public static let maxParameters = 100_000_000
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
    try validate()
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
    guard let parameters = checkedParameterCount, parameters <= ModelLimits.maxParameters else {
      throw .invalidModel(
        "the model (\(summary)) has more than \(ModelLimits.maxParameters) parameters, "
          + "swift-kan's cap (ModelLimits.maxParameters); \(beyondLimits)")
    }
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
