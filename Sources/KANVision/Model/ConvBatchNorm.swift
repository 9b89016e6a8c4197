import KAN

/// A convolution followed by batch norm, `bn(conv(x))`: a ResNet's stem (before its ReLU) and
/// the projection on a shortcut whose shape changes.
public struct ConvBatchNorm<Scalar: KANScalar>: Sendable {
  /// The convolution, without bias (the batch norm's shift takes its place).
  public internal(set) var conv: Conv2D<Scalar>
  /// The batch norm of its output.
  public internal(set) var bn: BatchNorm2D<Scalar>

  /// A convolution of `outChannels` planes and its batch norm.
  ///
  /// - Throws: `KANError.invalidArgument` for sizes that cannot make a convolution.
  public init(
    inChannels: Int, outChannels: Int, kernelSize: Int, stride: Int, padding: Int, seed: UInt64
  ) throws(KANError) {
    conv = try Conv2D(
      inChannels: inChannels, outChannels: outChannels, kernelSize: kernelSize, stride: stride,
      padding: padding, seed: seed)
    bn = try BatchNorm2D(channels: outChannels)
  }

  /// `bn(conv(x))` with the running statistics (inference).
  func infer(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    try bn.infer(conv.infer(x, checked: false), checked: false)
  }

  /// `bn(conv(x))` with the batch statistics (training), keeping what `backward` needs.
  mutating func forward(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    try bn.forward(conv.forward(x, checked: false), checked: false)
  }

  /// `dL/dx` through the batch norm and the convolution, adding their parameter gradients.
  mutating func backward(
    _ dY: Tensor<Scalar>, needsInputGradient: Bool
  ) throws(KANError) -> Tensor<Scalar>? {
    try conv.backward(bn.backward(dY), needsInputGradient: needsInputGradient)
  }

  /// The threads both layers may use.
  public var threads: Int {
    get { conv.threads }
    set {
      conv.threads = newValue
      bn.threads = newValue
    }
  }

  /// Sets both layers' gradients to zero.
  mutating func zeroGradients() {
    conv.zeroGradients()
    bn.zeroGradients()
  }
}

extension ConvBatchNorm: Trainable {
  /// Calls `body` with the convolution's weight (slot 0), then `gamma` and `beta` (slots 1, 2).
  public mutating func forEachParameter(
    _ body: (_ slot: Int, _ parameter: inout [Scalar], _ gradient: [Scalar]) -> Void
  ) {
    conv.forEachParameter(body)
    bn.forEachParameter { slot, parameter, gradient in body(1 + slot, &parameter, gradient) }
  }
}
