import KAN

/// A residual block (He et al., the basic block of ResNet-18): two 3x3 convolutions with batch
/// norm, added to a shortcut of the input.
///
///     h = relu(bn1(conv1(x)))                       conv1: stride s, C -> O
///     y = relu(bn2(conv2(h)) + shortcut(x))         conv2: stride 1, O -> O
///     shortcut(x) = x                               when s = 1 and C = O
///                 = bn(conv1x1(x)), stride s        otherwise (a projection)
///
/// Backward, with `g = dL/dy [y > 0]` (the last ReLU):
///
///     dL/dh = conv2'(bn2'(g)) [h > 0]
///     dL/dx = conv1'(bn1'(dL/dh)) + shortcut'(g)          shortcut' = identity or bn', conv'
///
/// where `layer'(d)` is that layer's backward of `d`. The shortcut carries `g` to `x` unchanged
/// on the identity path: that is what lets deep stacks of blocks train.
public struct ResidualBlock<Scalar: KANScalar>: Sendable {
  /// The first convolution, stride `s`, `C -> O`.
  public internal(set) var conv1: BlockConvolution<Scalar>
  /// The batch norm after `conv1`.
  public internal(set) var bn1: BatchNorm2D<Scalar>
  /// The second convolution, stride 1, `O -> O`.
  public internal(set) var conv2: BlockConvolution<Scalar>
  /// The batch norm after `conv2`.
  public internal(set) var bn2: BatchNorm2D<Scalar>
  /// The projection `bn(conv1x1(x))`, or nil for the identity.
  public internal(set) var shortcut: ConvBatchNorm<Scalar>?
  /// `h` and `y` of the last `forward`, whose signs the ReLUs' backward needs.
  var saved: (hidden: Tensor<Scalar>, output: Tensor<Scalar>)?

  /// A block from `C` to `O` channels with stride `s`.
  ///
  /// The shortcut is a projection when `s != 1` or `C != O`. The layers are seeded with
  /// `seed`, `seed + 1` and `seed + 2`.
  ///
  /// - Parameters:
  ///   - inChannels: `C`.
  ///   - outChannels: `O`.
  ///   - stride: `s`, of `conv1` and of the projection.
  ///   - kind: ordinary or KAN convolutions.
  ///   - configuration: the KAN convolutions' edges (unused for ordinary ones).
  ///   - seed: the seed of the first layer.
  /// - Throws: `KANError.invalidArgument` for sizes that cannot make the layers.
  public init(
    inChannels: Int, outChannels: Int, stride: Int, kind: ResNetKANArchitecture.Block,
    configuration: KANConfiguration = KANConfiguration(), seed: UInt64 = 0
  ) throws(KANError) {
    conv1 = try BlockConvolution(
      kind, inChannels: inChannels, outChannels: outChannels, stride: stride,
      configuration: configuration, seed: seed)
    bn1 = try BatchNorm2D(channels: outChannels)
    conv2 = try BlockConvolution(
      kind, inChannels: outChannels, outChannels: outChannels, stride: 1,
      configuration: configuration, seed: seed &+ 1)
    bn2 = try BatchNorm2D(channels: outChannels)
    if stride != 1 || inChannels != outChannels {
      shortcut = try ConvBatchNorm(
        inChannels: inChannels, outChannels: outChannels, kernelSize: 1, stride: stride,
        padding: 0, seed: seed &+ 2)
    }
  }

  /// The block with the batch norms' running statistics (inference), keeping nothing.
  ///
  /// - Parameter x: `(B, C, H, W)`.
  /// - Returns: `y`, `(B, O, Ho, Wo)`.
  /// - Throws: `KANError` for a wrong shape, an empty batch or a non-finite value.
  @_specialize(where Scalar == Float)
  public func callAsFunction(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    _ = try ImageShape.of(x, channels: conv1.inChannels, what: "residual block")
    return try infer(x)
  }

  /// The block with the batch norms' running statistics; the input's values are not checked.
  func infer(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    var h = try bn1.infer(conv1.infer(x), checked: false)
    rectify(&h.scalars)
    var y = try bn2.infer(conv2.infer(h), checked: false)
    try addShortcut(&y, try shortcut?.infer(x) ?? x)
    rectify(&y.scalars)
    return y
  }

  /// The block with batch statistics (training), keeping what `backward` needs.
  ///
  /// - Parameter x: `(B, C, H, W)`.
  /// - Returns: `y`, `(B, O, Ho, Wo)`.
  /// - Throws: `KANError` for a wrong shape, an empty batch or a non-finite value.
  @_specialize(where Scalar == Float)
  public mutating func forward(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    _ = try ImageShape.of(x, channels: conv1.inChannels, what: "residual block")
    return try train(x)
  }

  /// `forward` without checking the input's values (a model checks its input once).
  mutating func train(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    var h = try bn1.forward(conv1.forward(x), checked: false)
    rectify(&h.scalars)
    var y = try bn2.forward(conv2.forward(h), checked: false)
    try addShortcut(&y, try shortcut?.forward(x) ?? x)
    rectify(&y.scalars)
    saved = (h, y)
    return y
  }

  /// `y += s`, after checking the shapes agree.
  private func addShortcut(_ y: inout Tensor<Scalar>, _ s: Tensor<Scalar>) throws(KANError) {
    guard s.shape == y.shape else {
      throw .shapeMismatch(what: "residual shortcut", expected: y.shape, got: s.shape)
    }
    y.scalars.withUnsafeMutableBufferPointer { y in
      s.scalars.withUnsafeBufferPointer { s in
        for q in y.indices { y[q] += s[q] }
      }
    }
  }

  /// The backward pass (see the type's formulas): adds every layer's parameter gradients and
  /// returns `dL/dx`.
  ///
  /// - Parameter dY: `dL/dy`, `(B, O, Ho, Wo)`, for the batch of the last `forward`.
  /// - Returns: `dL/dx`, `(B, C, H, W)`.
  /// - Throws: `KANError` without a preceding forward or for a wrong shape.
  @_specialize(where Scalar == Float)
  public mutating func backward(_ dY: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    guard let (h, y) = saved else { throw .noForwardPass(layer: 0) }
    guard dY.shape == y.shape else {
      throw .shapeMismatch(what: "residual block output gradient", expected: y.shape, got: dY.shape)
    }
    var g = dY
    gateByOutput(&g.scalars, y.scalars)  // dL/d(bn2 + shortcut)
    var dH = try conv2.backward(bn2.backward(g))
    gateByOutput(&dH.scalars, h.scalars)
    var dX = try conv1.backward(bn1.backward(dH))
    var dShortcut = g
    if shortcut != nil {
      guard let projected = try shortcut?.backward(g, needsInputGradient: true) else {
        throw .noForwardPass(layer: 0)
      }
      dShortcut = projected
    }
    try addShortcut(&dX, dShortcut)
    return dX
  }

  /// The threads every layer may use.
  public var threads: Int {
    get { conv1.threads }
    set {
      conv1.threads = newValue
      bn1.threads = newValue
      conv2.threads = newValue
      bn2.threads = newValue
      shortcut?.threads = newValue
    }
  }

  /// Sets every layer's gradients to zero.
  public mutating func zeroGradients() {
    conv1.zeroGradients()
    bn1.zeroGradients()
    conv2.zeroGradients()
    bn2.zeroGradients()
    shortcut?.zeroGradients()
  }
}

extension ResidualBlock: Trainable {
  /// Calls `body` with the tensors of `conv1` (slots 0-2), `bn1` (3-4), `conv2` (5-7), `bn2`
  /// (8-9) and the projection (10-12), each with its gradient.
  public mutating func forEachParameter(
    _ body: (_ slot: Int, _ parameter: inout [Scalar], _ gradient: [Scalar]) -> Void
  ) {
    conv1.forEachParameter(body)
    bn1.forEachParameter { slot, parameter, gradient in body(3 + slot, &parameter, gradient) }
    conv2.forEachParameter { slot, parameter, gradient in body(5 + slot, &parameter, gradient) }
    bn2.forEachParameter { slot, parameter, gradient in body(8 + slot, &parameter, gradient) }
    shortcut?.forEachParameter { slot, parameter, gradient in
      body(10 + slot, &parameter, gradient)
    }
  }
}
