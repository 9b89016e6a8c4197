import KAN

/// The convolution inside a residual block: an ordinary one, or a KAN convolution.
public enum BlockConvolution<Scalar: KANScalar>: Sendable {
  /// `y = W . im2col(x)`, a `Conv2D`.
  case linear(Conv2D<Scalar>)
  /// `y = kan(patches of x)`, a `KANConv2D`.
  case kan(KANConv2D<Scalar>)

  /// A 3x3 convolution with padding 1 of the given kind.
  ///
  /// - Throws: `KANError.invalidArgument` for sizes or settings that cannot make the layer.
  init(
    _ kind: ResNetKANArchitecture.Block, inChannels: Int, outChannels: Int, stride: Int,
    configuration: KANConfiguration, seed: UInt64
  ) throws(KANError) {
    switch kind {
    case .convolution:
      self = .linear(
        try Conv2D(
          inChannels: inChannels, outChannels: outChannels, kernelSize: 3, stride: stride,
          padding: 1, seed: seed))
    case .kanConvolution:
      self = .kan(
        try KANConv2D(
          inChannels: inChannels, outChannels: outChannels, kernelSize: 3, stride: stride,
          padding: 1, configuration: configuration, seed: seed))
    }
  }

  /// Input planes, `C`.
  public var inChannels: Int {
    switch self {
    case .linear(let conv): return conv.inChannels
    case .kan(let conv): return conv.inChannels
    }
  }

  /// Output planes, `O`.
  public var outChannels: Int {
    switch self {
    case .linear(let conv): return conv.outChannels
    case .kan(let conv): return conv.outChannels
    }
  }

  /// The convolution, keeping nothing (inference).
  func infer(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    switch self {
    case .linear(let conv): return try conv.infer(x, checked: false)
    case .kan(var conv): return try conv.run(x, training: false, checked: false)
    }
  }

  /// The convolution, keeping what `backward` needs; the input's values are not checked.
  mutating func forward(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    switch self {
    case .linear(var conv):
      let y = try conv.forward(x, checked: false)
      self = .linear(conv)
      return y
    case .kan(var conv):
      let y = try conv.run(x, training: true, checked: false)
      self = .kan(conv)
      return y
    }
  }

  /// `dL/dx`, adding the parameter gradients.
  mutating func backward(_ dY: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    let dX: Tensor<Scalar>?
    switch self {
    case .linear(var conv):
      dX = try conv.backward(dY)
      self = .linear(conv)
    case .kan(var conv):
      dX = try conv.backward(dY)
      self = .kan(conv)
    }
    guard let dX else { throw .noForwardPass(layer: 0) }
    return dX
  }

  /// The threads the layer may use.
  public var threads: Int {
    get {
      switch self {
      case .linear(let conv): return conv.threads
      case .kan(let conv): return conv.threads
      }
    }
    set {
      switch self {
      case .linear(var conv):
        conv.threads = newValue
        self = .linear(conv)
      case .kan(var conv):
        conv.threads = newValue
        self = .kan(conv)
      }
    }
  }

  /// Sets the gradients to zero.
  mutating func zeroGradients() {
    switch self {
    case .linear(var conv):
      conv.zeroGradients()
      self = .linear(conv)
    case .kan(var conv):
      conv.zeroGradients()
      self = .kan(conv)
    }
  }
}

extension BlockConvolution: Trainable {
  /// Calls `body` with the weight (slot 0) of a convolution, or `w_b`, `w_s`, `s` (slots 0, 1,
  /// 2) of a KAN convolution.
  public mutating func forEachParameter(
    _ body: (_ slot: Int, _ parameter: inout [Scalar], _ gradient: [Scalar]) -> Void
  ) {
    switch self {
    case .linear(var conv):
      conv.forEachParameter(body)
      self = .linear(conv)
    case .kan(var conv):
      conv.forEachParameter(body)
      self = .kan(conv)
    }
  }
}
