import KANData

/// The `__metadata__` keys of a swift-kan model file; every value is a string.
///
///     format                "pt"        (what safetensors.torch.save_file writes)
///     kan.format_version    "1"
///     kan.widths            "784,64,10"
///     kan.grid_size         "5"
///     kan.spline_order      "3"
///     kan.basis             "b-spline" | "rbf" | "chebyshev"
///     kan.base_activation   "silu" | "identity" | "zero"
///     kan.out_of_grid       "zero" | "clamp" | "linear"
///     kan.task              "regression" | "classification"   (absent: regression)
///     kan.masked_edges.{l}, kan.fixed_edges.{l}, kan.tied_edges.{l},
///     kan.input_names, kan.input_mean, kan.input_scale, kan.target     (see ModelEdgeMetadata)
///     train.<name>          free-form notes on how the model was trained (shown by kan info)
public enum ModelMetadataKey {
  /// The safetensors framework tag.
  public static let format = "format"
  /// The format version; a reader refuses versions it does not know.
  public static let formatVersion = "kan.format_version"
  /// `[in, hidden..., out]`, comma-separated.
  public static let widths = "kan.widths"
  /// `G`.
  public static let gridSize = "kan.grid_size"
  /// `k`.
  public static let splineOrder = "kan.spline_order"
  /// `BasisKind.rawValue`.
  public static let basis = "kan.basis"
  /// `BaseActivation.rawValue`.
  public static let baseActivation = "kan.base_activation"
  /// `OutOfGridPolicy.rawValue`.
  public static let outOfGrid = "kan.out_of_grid"
  /// `ModelFile.Task.rawValue`.
  public static let task = "kan.task"
  /// The prefix of the training notes.
  public static let trainingPrefix = "train."
  /// The input columns' names.
  public static let inputNames = "kan.input_names"
  /// The inputs' means, subtracted before the scales divide.
  public static let inputMean = "kan.input_mean"
  /// The inputs' scales.
  public static let inputScale = "kan.input_scale"
  /// The target column's name.
  public static let target = "kan.target"

  /// The pruned edges of layer `l`.
  public static func maskedEdges(_ l: Int) -> String { "kan.masked_edges.\(l)" }
  /// The formulas of layer `l`'s fixed edges.
  public static func fixedEdges(_ l: Int) -> String { "kan.fixed_edges.\(l)" }
  /// The tied groups of layer `l`.
  public static func tiedEdges(_ l: Int) -> String { "kan.tied_edges.\(l)" }
}

extension ModelArchitecture {
  /// The metadata entries describing this architecture (without version, task or notes).
  var metadata: [String: String] {
    [
      ModelMetadataKey.widths: widths.map(String.init).joined(separator: ","),
      ModelMetadataKey.gridSize: String(gridSize),
      ModelMetadataKey.splineOrder: String(splineOrder),
      ModelMetadataKey.basis: basis.rawValue,
      ModelMetadataKey.baseActivation: baseActivation.rawValue,
      ModelMetadataKey.outOfGrid: outOfGridPolicy.rawValue,
    ]
  }

  /// Reads the architecture from a swift-kan file's metadata.
  ///
  /// - Parameter metadata: The `__metadata__` map.
  /// - Throws: `KANError.invalidModel` for a missing key or a value that is not a valid
  ///   widths list, size, basis, activation or policy.
  init(metadata: [String: String]) throws(KANError) {
    let values = MetadataValues(
      metadata, reason: "the metadata has \(ModelMetadataKey.formatVersion)")
    self.init(
      widths: try values.numbers(
        ModelMetadataKey.widths, example: "784,64,10",
        limit: (
          ModelLimits.maxLayers + 1, "\(ModelLimits.maxLayers) layers (ModelLimits.maxLayers)"
        )),
      configuration: KANConfiguration(
        gridSize: try values.number(ModelMetadataKey.gridSize),
        splineOrder: try values.number(ModelMetadataKey.splineOrder),
        basis: try values.known(ModelMetadataKey.basis, as: BasisKind.self),
        baseActivation: try values.known(ModelMetadataKey.baseActivation, as: BaseActivation.self),
        outOfGridPolicy: try values.known(ModelMetadataKey.outOfGrid, as: OutOfGridPolicy.self)))
    try checkLimits()
  }
}
