import KAN

/// A ResNet-KAN written down the way its diagram reads: input, stem, stages, pooling, head.
///
///     ResNetKANArchitecture(
///       input: ImageShape(channels: 1, height: 28, width: 28),
///       stem: 16,                                        // conv3x3 1 -> 16, bn, relu
///       stages: [.init(channels: 16, blocks: 1),         // residual blocks at 28x28
///                .init(channels: 32, blocks: 1, stride: 2),     // 14x14
///                .init(channels: 64, blocks: 1, stride: 2)],    // 7x7
///       block: .convolution,                             // or .kanConvolution
///       head: [64, 10])                                  // KAN on the pooled channels
///
/// `ResNetKAN(architecture)` builds it, `description` draws it with the shape after each part,
/// and a model file records it in its metadata (`ResNetKANFile`).
public struct ResNetKANArchitecture: Equatable, Sendable, CustomStringConvertible {
  /// A run of residual blocks at one resolution.
  public struct Stage: Equatable, Sendable {
    /// The channels of every block's output.
    public var channels: Int
    /// The number of blocks.
    public var blocks: Int
    /// The stride of the stage's first block (2 halves the resolution).
    public var stride: Int

    /// A stage of `blocks` blocks of `channels` channels, the first with stride `stride`.
    public init(channels: Int, blocks: Int, stride: Int = 1) {
      self.channels = channels
      self.blocks = blocks
      self.stride = stride
    }
  }

  /// What the residual blocks convolve with.
  public enum Block: String, Sendable, CaseIterable {
    /// Ordinary 3x3 convolutions (`Conv2D`).
    case convolution = "conv"
    /// KAN convolutions (`KANConv2D`): a learnable function per patch value and output.
    case kanConvolution = "kanconv"
  }

  /// The size of every input image.
  public var input: ImageShape
  /// The stem's output channels (a 3x3 convolution, batch norm and ReLU at full resolution).
  public var stem: Int
  /// The stages, in order.
  public var stages: [Stage]
  /// The blocks' convolutions.
  public var block: Block
  /// The head's widths, `[channels of the last stage, hidden..., classes]`.
  public var head: [Int]
  /// The edges of the head and of the KAN convolutions.
  public var kan: KANConfiguration

  /// An architecture from its parts (see the type's example).
  public init(
    input: ImageShape, stem: Int, stages: [Stage], block: Block = .convolution, head: [Int],
    kan: KANConfiguration = KANConfiguration()
  ) {
    self.input = input
    self.stem = stem
    self.stages = stages
    self.block = block
    self.head = head
    self.kan = kan
  }

  /// The number of classes, the head's last width.
  public var classes: Int { head.last ?? 0 }

  /// The image size after each stage, the stem's first.
  ///
  /// - Throws: `KANError.invalidArgument` when a stride leaves less than a pixel.
  public func stageShapes() throws(KANError) -> [ImageShape] {
    var shape = ImageShape(channels: stem, height: input.height, width: input.width)
    var shapes = [shape]
    for stage in stages {
      let window = try WindowGeometry(input: shape, kernel: 3, stride: stage.stride, padding: 1)
      shape = window.output(channels: stage.channels)
      shapes.append(shape)
    }
    return shapes
  }

  /// Throws unless the architecture can be built.
  ///
  /// - Throws: `KANError.invalidArgument` naming the first part out of range: an empty image,
  ///   no stages, a stage without blocks or with a stride outside 1...4, a head that does not
  ///   start at the last stage's channels or has fewer than two widths, an invalid KAN setting.
  public func validate() throws(KANError) {
    let sizes = [input.channels, input.height, input.width, stem] + stages.map(\.channels)
    guard sizes.allSatisfy({ (1...4096).contains($0) }) else {
      throw .invalidArgument(
        name: "architecture", value: "input \(input), stem \(stem), stages \(stageList)",
        expected: "image sizes and channel counts from 1 to 4096")
    }
    guard !stages.isEmpty,
      stages.allSatisfy({ (1...64).contains($0.blocks) && (1...4).contains($0.stride) })
    else {
      throw .invalidArgument(
        name: "stages", value: stageList.isEmpty ? "none" : stageList,
        expected: "one or more stages of 1 to 64 blocks with a stride of 1 to 4, e.g. 16x1,32x1/2")
    }
    guard head.count >= 2, head.first == stages.last?.channels, head.allSatisfy({ $0 >= 1 })
    else {
      throw .invalidArgument(
        name: "head", value: "\(head)",
        expected: "[\(stages.last?.channels ?? 0), ..., classes]: it starts at the last stage's "
          + "channels")
    }
    guard stages.count <= KANLimits.layers, head.count - 1 <= KANLimits.layers else {
      throw .invalidArgument(
        name: "architecture", value: "\(stages.count) stages, \(head.count - 1) head layers",
        expected: "at most \(KANLimits.layers) of each (KANLimits.layers)")
    }
    try kan.validate()
    guard let bound = parameterBound, bound <= KANLimits.parameters else {
      throw .invalidArgument(
        name: "architecture", value: "stem \(stem), stages \(stageList), head \(head)",
        expected: "at most \(KANLimits.parameters) parameters (KANLimits.parameters)")
    }
    _ = try stageShapes()
  }

  /// An upper bound on the parameter count, nil when it overflows `Int`; `validate` compares it
  /// with `KANLimits.parameters` before anything is allocated.
  ///
  ///     3x3 convolutions   9 c_in c_out e   (e = G + k + 2 in a KAN convolution, else 1)
  ///     1x1 shortcuts      c_in c_out,  batch norms 4 c,  head  sum_l in_l out_l (G + k + 2)
  ///
  /// Every block is counted with two convolutions, a shortcut and three batch norms.
  var parameterBound: Int? {
    let edge = kan.basisCount + 2
    let perEdge = block == .kanConvolution ? edge : 1
    var total = 0
    func add(_ factors: Int...) -> Bool {
      guard let term = KANLimits.product(factors) else { return false }
      let (sum, overflow) = total.addingReportingOverflow(term)
      total = sum
      return !overflow
    }
    guard add(9, input.channels, stem), add(4, stem) else { return nil }
    var channels = stem
    for stage in stages {
      let c = stage.channels
      for _ in 0..<stage.blocks {
        guard add(9, channels, c, perEdge), add(9, c, c, perEdge), add(channels, c), add(12, c)
        else { return nil }
        channels = c
      }
    }
    for l in 0..<max(0, head.count - 1) {
      guard add(head[l], head[l + 1], edge) else { return nil }
    }
    return total
  }

  /// The stages as `channels x blocks / stride`, comma-separated: `16x1,32x1/2,64x1/2`.
  public var stageList: String {
    stages.map { "\($0.channels)x\($0.blocks)" + ($0.stride == 1 ? "" : "/\($0.stride)") }
      .joined(separator: ",")
  }

  /// The architecture drawn as a table, one part per line with the shape it outputs.
  ///
  ///     input     1x28x28
  ///     stem      conv3x3 1->16, bn, relu                   16x28x28
  ///     stage 0   1 block of conv3x3 16->16                 16x28x28
  ///     ...
  public var description: String {
    let shapes = (try? stageShapes()) ?? []
    func line(_ part: String, _ what: String, _ shape: String) -> String {
      part.padding(10) + what.padding(44) + shape
    }
    let convolution = block == .convolution ? "conv3x3" : "KAN conv3x3"
    var lines = [line("input", "", "\(input)")]
    lines.append(
      line(
        "stem", "conv3x3 \(input.channels)->\(stem), bn, relu", shapes.first.map { "\($0)" } ?? ""))
    var channels = stem
    for (s, stage) in stages.enumerated() {
      let blocks = stage.blocks == 1 ? "1 block" : "\(stage.blocks) blocks"
      let stride = stage.stride == 1 ? "" : ", stride \(stage.stride)"
      let shape = s + 1 < shapes.count ? "\(shapes[s + 1])" : ""
      lines.append(
        line(
          "stage \(s)", "\(blocks) of \(convolution) \(channels)->\(stage.channels)\(stride)", shape
        ))
      channels = stage.channels
    }
    lines.append(line("pool", "global average", "\(channels)"))
    lines.append(
      line("head", "KAN \(head), grid \(kan.gridSize), order \(kan.splineOrder)", "\(classes)"))
    return lines.joined(separator: "\n")
  }
}

extension ResNetKANArchitecture {
  /// The MNIST model of `kan train mnist --model resnet-kan`: 16 channels at 28x28, 32 at
  /// 14x14, 64 at 7x7, one block each, then KAN [64, 10] on the pooled channels.
  public static let mnist = ResNetKANArchitecture(
    input: ImageShape(channels: 1, height: 28, width: 28), stem: 16,
    stages: [
      Stage(channels: 16, blocks: 1), Stage(channels: 32, blocks: 1, stride: 2),
      Stage(channels: 64, blocks: 1, stride: 2),
    ],
    head: [64, 10])

  /// `mnist` with KAN convolutions in the blocks (`--model resnet-kanconv`).
  public static let mnistKANConvolution: ResNetKANArchitecture = {
    var architecture = mnist
    architecture.block = .kanConvolution
    return architecture
  }()
}

extension String {
  /// The string padded with spaces on the right to `width` columns (never cut).
  fileprivate func padding(_ width: Int) -> String {
    self + String(repeating: " ", count: max(1, width - count))
  }
}
