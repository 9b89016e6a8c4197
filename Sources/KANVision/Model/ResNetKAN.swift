import KAN

/// A residual convolutional network with a KAN head: the ResNet-KAN of the seed repository.
///
///     a_0 = relu(bn(conv3x3(x)))                         the stem
///     a_s = block_{s, n-1}( ... block_{s, 0}(a_{s-1}))   the stages
///     f   = mean_{h, w} a_S[:, :, h, w]                   global average pooling, (B, C_S)
///     z   = head(f)                                       KANNetwork, the logits (B, classes)
///
/// `forward` trains (batch statistics in every batch norm), `callAsFunction` infers (running
/// statistics). `backward` runs the chain rule back through the head, the pooling, every block
/// and the stem, each layer's backward written by hand beside its forward.
public struct ResNetKAN<Scalar: KANScalar>: Sendable {
  /// What the network is; it built the layers below.
  public let architecture: ResNetKANArchitecture
  /// `bn(conv3x3(x))`, followed by a ReLU.
  public internal(set) var stem: ConvBatchNorm<Scalar>
  /// The residual blocks of each stage.
  public internal(set) var stages: [[ResidualBlock<Scalar>]]
  /// The KAN on the pooled channels.
  public internal(set) var head: KANNetwork<Scalar>
  /// The stem's output and the last stage's shape in the last `forward`, for `backward`.
  var saved: (stem: Tensor<Scalar>, pooled: [Int])?

  /// A network with fresh weights; its layers are seeded from `seed` in order (the stem, each
  /// block's three layers, the head).
  ///
  /// - Throws: `KANError.invalidArgument` for an architecture that cannot be built (see
  ///   `ResNetKANArchitecture.validate()`).
  public init(_ architecture: ResNetKANArchitecture, seed: UInt64 = 0) throws(KANError) {
    try architecture.validate()
    self.architecture = architecture
    stem = try ConvBatchNorm(
      inChannels: architecture.input.channels, outChannels: architecture.stem, kernelSize: 3,
      stride: 1, padding: 1, seed: seed)
    var next = seed &+ 1
    var channels = architecture.stem
    stages = []
    for stage in architecture.stages {
      var blocks: [ResidualBlock<Scalar>] = []
      for b in 0..<stage.blocks {
        blocks.append(
          try ResidualBlock(
            inChannels: channels, outChannels: stage.channels, stride: b == 0 ? stage.stride : 1,
            kind: architecture.block, configuration: architecture.kan, seed: next))
        channels = stage.channels
        next &+= 3
      }
      stages.append(blocks)
    }
    head = try KANNetwork(widths: architecture.head, configuration: architecture.kan, seed: next)
  }

  /// The threads every layer may use.
  public var threads: Int {
    get { stem.threads }
    set {
      stem.threads = newValue
      for s in stages.indices {
        for b in stages[s].indices { stages[s][b].threads = newValue }
      }
      head.threads = newValue
    }
  }

  /// Checks that `x` is a finite batch of the images this network takes.
  private func checkInput(_ x: Tensor<Scalar>) throws(KANError) {
    let input = architecture.input
    guard x.shape.count == 4,
      Array(x.shape.dropFirst()) == [input.channels, input.height, input.width]
    else {
      throw .shapeMismatch(
        what: "ResNet-KAN input (batch, channels, height, width) for \(input) images",
        expected: input.batch(x.shape.first ?? 1), got: x.shape)
    }
    _ = try ImageShape.of(x, channels: input.channels, what: "ResNet-KAN")
  }

  /// The logits of a batch with the running statistics (inference), keeping nothing.
  ///
  /// - Parameter x: `(B, C, H, W)` as `architecture.input` says.
  /// - Returns: `z`, `(B, classes)`.
  /// - Throws: `KANError` for images of another size or channel count, an empty batch or a
  ///   non-finite value.
  @_specialize(where Scalar == Float)
  public func callAsFunction(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    try head(features(x))
  }

  /// The pooled features of a batch, what the head sees (inference).
  ///
  ///     f = mean_{h, w} a_S[:, :, h, w]
  ///
  /// - Parameter x: `(B, C, H, W)` as `architecture.input` says.
  /// - Returns: `f`, `(B, C_S)`.
  /// - Throws: `KANError` for images of another size or channel count, an empty batch or a
  ///   non-finite value.
  @_specialize(where Scalar == Float)
  public func features(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    try checkInput(x)
    var a = try stem.infer(x)
    rectify(&a.scalars)
    for blocks in stages {
      for block in blocks { a = try block.infer(a) }
    }
    return try GlobalAveragePool()(a)
  }

  /// The logits of a batch with batch statistics (training), keeping what `backward` needs.
  ///
  /// - Parameter x: `(B, C, H, W)` as `architecture.input` says.
  /// - Returns: `z`, `(B, classes)`.
  /// - Throws: `KANError` for images of another size or channel count, an empty batch or a
  ///   non-finite value.
  @_specialize(where Scalar == Float)
  public mutating func forward(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    try checkInput(x)
    var a = try stem.forward(x)
    rectify(&a.scalars)
    let stemOutput = a
    for s in stages.indices {
      for b in stages[s].indices { a = try stages[s][b].train(a) }
    }
    saved = (stemOutput, a.shape)
    return try head.forward(GlobalAveragePool()(a))
  }

  /// The backward pass: adds every parameter's gradient and optionally returns `dL/dx`.
  ///
  ///     dL/df          = head'(dL/dz)                                  (B, C_S)
  ///     dL/da_S        = dL/df / (H_S W_S), spread over each plane
  ///     dL/da_{s-1}    = block'_{s, 0}( ... block'_{s, n-1}(dL/da_s))
  ///     dL/dx          = stem'(dL/da_0 [a_0 > 0])
  ///
  /// - Parameters:
  ///   - dZ: `dL/dz`, `(B, classes)`, for the batch of the last `forward`.
  ///   - needsInputGradient: whether to return `dL/dx` (training needs none).
  /// - Returns: `dL/dx`, `(B, C, H, W)`, or nil.
  /// - Throws: `KANError` without a preceding forward or for a wrong shape.
  @_specialize(where Scalar == Float)
  @discardableResult
  public mutating func backward(
    _ dZ: Tensor<Scalar>, needsInputGradient: Bool = false
  ) throws(KANError) -> Tensor<Scalar>? {
    guard let (stemOutput, pooled) = saved else { throw .noForwardPass(layer: 0) }
    guard let dF = try head.backward(dZ, needsInputGradient: true).inputGradient else {
      throw .noForwardPass(layer: 0)
    }
    var pool = GlobalAveragePool<Scalar>()
    pool.savedShape = pooled
    var gradient = try pool.backward(dF)
    for s in stages.indices.reversed() {
      for b in stages[s].indices.reversed() { gradient = try stages[s][b].backward(gradient) }
    }
    gateByOutput(&gradient.scalars, stemOutput.scalars)
    return try stem.backward(gradient, needsInputGradient: needsInputGradient)
  }

  /// Sets every accumulated gradient to zero.
  public mutating func zeroGradients() {
    stem.zeroGradients()
    for s in stages.indices {
      for b in stages[s].indices { stages[s][b].zeroGradients() }
    }
    head.zeroGradients()
  }

  /// The number of learnable scalars.
  public var parameterCount: Int {
    var copy = self
    return copy.learnableCount()
  }

  /// The logits of many images, `batchSize` at a time (inference).
  ///
  /// - Parameters:
  ///   - x: `(N, C, H, W)`.
  ///   - batchSize: the images per slice, at least 1.
  /// - Returns: `(N, classes)`.
  /// - Throws: `KANError` as `callAsFunction`, or for a batch size below 1.
  @_specialize(where Scalar == Float)
  public func outputs(_ x: Tensor<Scalar>, batchSize: Int = 500) throws(KANError) -> Tensor<Scalar>
  {
    guard batchSize > 0 else {
      throw .invalidArgument(name: "batch size", value: "\(batchSize)", expected: "at least 1")
    }
    try checkInput(x)
    let (count, size, classes) = (x.shape[0], architecture.input.count, architecture.classes)
    var z = [Scalar](repeating: 0, count: count * classes)
    for first in stride(from: 0, to: count, by: batchSize) {
      let last = min(first + batchSize, count)
      let slice = try Tensor(
        shape: architecture.input.batch(last - first),
        scalars: Array(x.scalars[(first * size)..<(last * size)]))
      z.replaceSubrange((first * classes)..<(last * classes), with: try self(slice).scalars)
    }
    return try Tensor(shape: [count, classes], scalars: z)
  }
}

extension ResNetKAN: Trainable {
  /// Calls `body` with every learnable tensor and its gradient: the stem (slots 0-2), each
  /// block in order (13 slots each), then the head.
  public mutating func forEachParameter(
    _ body: (_ slot: Int, _ parameter: inout [Scalar], _ gradient: [Scalar]) -> Void
  ) {
    stem.forEachParameter(body)
    var base = 3
    for s in stages.indices {
      for b in stages[s].indices {
        stages[s][b].forEachParameter { slot, parameter, gradient in
          body(base + slot, &parameter, gradient)
        }
        base += 13
      }
    }
    head.forEachParameter { slot, parameter, gradient in body(base + slot, &parameter, gradient) }
  }
}
