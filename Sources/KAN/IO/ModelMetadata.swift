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
      widths: try values.numbers(ModelMetadataKey.widths, example: "784,64,10"),
      configuration: KANConfiguration(
        gridSize: try values.number(ModelMetadataKey.gridSize),
        splineOrder: try values.number(ModelMetadataKey.splineOrder),
        basis: try values.known(ModelMetadataKey.basis, as: BasisKind.self),
        baseActivation: try values.known(ModelMetadataKey.baseActivation, as: BaseActivation.self),
        outOfGridPolicy: try values.known(ModelMetadataKey.outOfGrid, as: OutOfGridPolicy.self)))
    try validate()
  }
}
