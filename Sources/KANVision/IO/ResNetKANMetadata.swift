import KAN
import KANData

/// The `__metadata__` keys of a ResNet-KAN model file; every value is a string.
///
///     format                  "pt"
///     resnet.format_version   "1"               (what marks a ResNet-KAN file)
///     resnet.input            "1,28,28"         channels, height, width
///     resnet.stem             "16"
///     resnet.stages           "16x1,32x1/2,64x1/2"   channels x blocks / stride
///     resnet.block            "conv" | "kanconv"
///     resnet.head             "64,10"
///     kan.grid_size, kan.spline_order, kan.basis, kan.base_activation, kan.out_of_grid
///                             as in a KAN file (`ModelMetadataKey`), for the head and KAN
///                             convolutions
///     kan.grid_range          "-1,1"            the initial grid range (PyTorch's grid_range)
///     kan.task                "classification"
///     train.<name>            notes on the training
public enum ResNetMetadataKey {
  /// The format version; its presence marks a ResNet-KAN file.
  public static let formatVersion = "resnet.format_version"
  /// `channels,height,width` of the input images.
  public static let input = "resnet.input"
  /// The stem's channels.
  public static let stem = "resnet.stem"
  /// `ResNetKANArchitecture.stageList`.
  public static let stages = "resnet.stages"
  /// `ResNetKANArchitecture.Block.rawValue`.
  public static let block = "resnet.block"
  /// The head's widths, comma-separated.
  public static let head = "resnet.head"
  /// `lo,hi`, the initial grid range of the KAN layers.
  public static let gridRange = "kan.grid_range"
}

extension ResNetKANArchitecture {
  /// The metadata entries describing this architecture (without version, task or notes).
  var metadata: [String: String] {
    [
      ResNetMetadataKey.input: "\(input.channels),\(input.height),\(input.width)",
      ResNetMetadataKey.stem: String(stem),
      ResNetMetadataKey.stages: stageList,
      ResNetMetadataKey.block: block.rawValue,
      ResNetMetadataKey.head: head.map(String.init).joined(separator: ","),
      ModelMetadataKey.gridSize: String(kan.gridSize),
      ModelMetadataKey.splineOrder: String(kan.splineOrder),
      ModelMetadataKey.basis: kan.basis.rawValue,
      ModelMetadataKey.baseActivation: kan.baseActivation.rawValue,
      ModelMetadataKey.outOfGrid: kan.outOfGridPolicy.rawValue,
      ResNetMetadataKey.gridRange: "\(kan.gridRange.lowerBound),\(kan.gridRange.upperBound)",
    ]
  }

  /// Reads an architecture from a ResNet-KAN file's metadata.
  ///
  /// - Parameter metadata: The `__metadata__` map.
  /// - Throws: `KANError.invalidModel` naming a missing key or a value that does not parse, or
  ///   an architecture that cannot be built.
  init(metadata: [String: String]) throws(KANError) {
    let values = MetadataValues(metadata, reason: "the metadata of a ResNet-KAN file has")
    let input = try values.numbers(
      ResNetMetadataKey.input, example: "1,28,28", limit: (3, "3 sizes (channels, height, width)"))
    let stageText = try values.text(ResNetMetadataKey.stages)
    let range = try values.text(ResNetMetadataKey.gridRange).split(separator: ",").compactMap {
      Double($0)
    }
    guard input.count == 3, let stages = Self.parseStages(stageText), range.count == 2,
      range[0] < range[1]
    else {
      throw .invalidModel(
        "metadata \(ResNetMetadataKey.input) = \"\(input)\", \(ResNetMetadataKey.stages) = "
          + "\"\(escapingControlCharacters(stageText))\" or \(ResNetMetadataKey.gridRange) does not parse: expected "
          + "\"1,28,28\", stages such as \"16x1,32x1/2\" (channels x blocks / stride) and "
          + "\"lo,hi\" with lo < hi")
    }
    self.init(
      input: ImageShape(channels: input[0], height: input[1], width: input[2]),
      stem: try values.number(ResNetMetadataKey.stem), stages: stages,
      block: try values.known(ResNetMetadataKey.block, as: Block.self),
      head: try values.numbers(
        ResNetMetadataKey.head, example: "64,10",
        limit: (KANLimits.layers + 1, "\(KANLimits.layers) layers (KANLimits.layers)")),
      kan: KANConfiguration(
        gridSize: try values.number(ModelMetadataKey.gridSize),
        splineOrder: try values.number(ModelMetadataKey.splineOrder),
        basis: try values.known(ModelMetadataKey.basis, as: BasisKind.self),
        baseActivation: try values.known(ModelMetadataKey.baseActivation, as: BaseActivation.self),
        outOfGridPolicy: try values.known(ModelMetadataKey.outOfGrid, as: OutOfGridPolicy.self),
        gridRange: range[0]...range[1]))
    do {
      try validate()
    } catch .invalidArgument(let name, let value, let expected) {
      throw .invalidModel("the metadata's \(name) \(value) is out of range: expected \(expected)")
    }
  }

  /// Parses `stageList`'s form, `16x1,32x1/2` (channels x blocks / stride); nil if it does not
  /// parse.
  ///
  /// - Parameter text: The stages, comma-separated.
  /// - Returns: The stages, or nil.
  public static func parseStages(_ text: String) -> [Stage]? {
    var stages: [Stage] = []
    for item in text.split(separator: ",", omittingEmptySubsequences: false) {
      let parts = item.split(separator: "/", omittingEmptySubsequences: false)
      let sizes = parts[0].split(separator: "x", omittingEmptySubsequences: false)
      guard parts.count <= 2, sizes.count == 2, let channels = Int(sizes[0]),
        let blocks = Int(sizes[1]), let stride = parts.count == 2 ? Int(parts[1]) : 1
      else { return nil }
      stages.append(Stage(channels: channels, blocks: blocks, stride: stride))
    }
    return stages
  }
}
