import KANKernels

/// A stack of `KANLinear` layers, `widths = [in, hidden..., out]` (efficient-kan's `KAN`).
///
///     x_0 = x,   x_{l+1} = layer_l(x_l),   y = x_L
///
/// Named `KANNetwork` rather than `KAN` so that the module name `KAN` stays usable in qualified
/// names (`KAN.KANLinear`).
public struct KANNetwork<Scalar: KANScalar>: Sendable {
  /// The layers, input side first; their widths chain (see `init(layers:)`).
  public internal(set) var layers: [KANLinear<Scalar>]
  /// `x_0 ... x_{L-1}`, each layer's input in the last `forward`, for the sparsity penalty.
  private var inputs: [Tensor<Scalar>] = []

  /// The feature count of each layer boundary, `[in, hidden..., out]`.
  public var widths: [Int] { [layers[0].inFeatures] + layers.map(\.outFeatures) }

  /// A network of `widths.count - 1` layers with efficient-kan's initialisation; layer `l` is
  /// seeded with `seed + l`.
  ///
  /// - Parameters:
  ///   - widths: `[in, hidden..., out]`, at least two.
  ///   - configuration: the settings every layer shares.
  ///   - seed: the seed of the first layer.
  /// - Throws: `KANError.invalidArgument` for fewer than two widths, more layers or parameters
  ///   than `KANLimits` allows, or an invalid layer setting.
  public init(
    widths: [Int], configuration: KANConfiguration = KANConfiguration(), seed: UInt64 = 0
  ) throws(KANError) {
    guard widths.count >= 2, widths.count - 1 <= KANLimits.layers else {
      throw .invalidArgument(
        name: "widths", value: "\(widths)",
        expected: "2 to \(KANLimits.layers + 1) widths (KANLimits.layers), e.g. [2, 5, 1]")
    }
    try configuration.validate()
    var total = 0
    for l in 0..<(widths.count - 1) {
      try KANLimits.checkLayer(inFeatures: widths[l], outFeatures: widths[l + 1], configuration)
      total += widths[l] * widths[l + 1] * (configuration.basisCount + 2)
      guard total <= KANLimits.parameters else {
        throw .invalidArgument(
          name: "widths", value: "\(widths)",
          expected: "at most \(KANLimits.parameters) parameters in all (KANLimits.parameters)")
      }
    }
    var layers: [KANLinear<Scalar>] = []
    for l in 0..<(widths.count - 1) {
      layers.append(
        try KANLinear(
          inFeatures: widths[l], outFeatures: widths[l + 1], configuration: configuration,
          seed: seed &+ UInt64(l)))
    }
    self.layers = layers
  }

  /// A network made of the given layers, whose widths must chain.
  ///
  /// - Throws: `KANError.invalidModel` for no layers, more than `KANLimits.layers`, or layer
  ///   `l`'s outputs differing from layer `l+1`'s inputs.
  public init(layers: [KANLinear<Scalar>]) throws(KANError) {
    guard !layers.isEmpty, layers.count <= KANLimits.layers else {
      throw .invalidModel(
        "a network needs 1 to \(KANLimits.layers) layers (KANLimits.layers), not \(layers.count)")
    }
    for l in 1..<layers.count where layers[l - 1].outFeatures != layers[l].inFeatures {
      throw .invalidModel(
        "layer \(l - 1) has \(layers[l - 1].outFeatures) outputs but layer \(l) takes "
          + "\(layers[l].inFeatures) inputs")
    }
    self.layers = layers
  }

  /// Replaces layer `l`, which must keep its widths.
  ///
  /// - Throws: `KANError.invalidArgument` for a layer index out of range, `.invalidModel` for a
  ///   layer of other widths.
  public mutating func setLayer(_ l: Int, to layer: KANLinear<Scalar>) throws(KANError) {
    guard layers.indices.contains(l) else {
      throw .invalidArgument(
        name: "layer", value: "\(l)", expected: "an index in 0..<\(layers.count)")
    }
    guard layer.inFeatures == layers[l].inFeatures, layer.outFeatures == layers[l].outFeatures
    else {
      throw .invalidModel(
        "layer \(l) maps \(layers[l].inFeatures) -> \(layers[l].outFeatures) inputs, not "
          + "\(layer.inFeatures) -> \(layer.outFeatures)")
    }
    layers[l] = layer
    inputs = []
  }

  /// Changes layer `l` in place (its grid, say), keeping the network's widths.
  ///
  ///     try network.updateLayer(1) { try $0.updateGrid(from: hidden) }
  ///
  /// - Parameters:
  ///   - l: the layer.
  ///   - body: the change; the layer is left as it was if `body` throws.
  /// - Throws: `KANError.invalidArgument` for a layer index out of range, or what `body` throws.
  public mutating func updateLayer(
    _ l: Int, _ body: (inout KANLinear<Scalar>) throws -> Void
  ) throws {
    guard layers.indices.contains(l) else {
      throw KANError.invalidArgument(
        name: "layer", value: "\(l)", expected: "an index in 0..<\(layers.count)")
    }
    var layer = layers[l]
    try body(&layer)
    try setLayer(l, to: layer)
  }

  /// The number of learnable scalars.
  public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

  /// The threads every layer may use.
  public var threads: Int {
    get { layers[0].threads }
    set { for l in layers.indices { layers[l].threads = newValue } }
  }

  /// The out-of-grid policy of every layer: reading gives the first layer's, setting sets all.
  public var outOfGridPolicy: OutOfGridPolicy {
    get { layers[0].outOfGridPolicy }
    set { for l in layers.indices { layers[l].outOfGridPolicy = newValue } }
  }

  /// The network's output, keeping nothing for `backward` (inference).
  ///
  /// - Parameter x: `(batch, in)`.
  /// - Returns: `(batch, out)`.
  /// - Throws: `KANError` for a wrong shape, an empty batch or a non-finite value.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func callAsFunction(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    var activation = x
    for layer in layers { activation = try layer(activation) }
    return activation
  }

  /// The forward pass for training, keeping each layer's activations for `backward`.
  ///
  /// - Parameter x: `(batch, in)`.
  /// - Returns: `(batch, out)`.
  /// - Throws: `KANError` for a wrong shape, an empty batch or a non-finite value.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func forward(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    var activation = x
    inputs = []
    for l in layers.indices {
      inputs.append(activation)
      activation = try layers[l].forward(activation)
    }
    return activation
  }

  /// Back-propagates `dL/dy`, and the sparsity penalty when `regularization.lambda != 0`,
  /// adding the gradient of `L + lambda sum_l R_l` to every parameter.
  ///
  ///     dx_L = dL/dy
  ///     dx_l = layer_l.backward(dx_{l+1}) + lambda dR_l/dx_l        l = L-1 ... 0
  ///
  /// Each layer's penalty depends on its input, which depends on every earlier layer, so its
  /// input gradient joins the ordinary one on the way down.
  ///
  /// - Parameters:
  ///   - dY: `dL/dy`, `(batch, out)`, for the batch of the last `forward`.
  ///   - regularization: the penalty's weights and metric (none by default).
  ///   - needsInputGradient: whether to return `dL/dx` of the network's input.
  /// - Returns: `sum_l R_l` (without `lambda`; 0 without a penalty) and `dL/dx` when asked for.
  /// - Throws: `KANError` without a preceding forward, for a wrong shape, or for the standard
  ///   deviation metric on a batch of one.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  @discardableResult
  public mutating func backward(
    _ dY: Tensor<Scalar>, regularization: SparsityRegularization = SparsityRegularization(),
    needsInputGradient: Bool = false
  ) throws(KANError) -> (penalty: Double, inputGradient: Tensor<Scalar>?) {
    guard inputs.count == layers.count else { throw .noForwardPass(layer: 0) }
    var gradient: Tensor<Scalar>? = dY
    var penalty = 0.0
    for l in layers.indices.reversed() {
      guard let upstream = gradient else { break }
      let needs = l > 0 || needsInputGradient
      do throws(KANError) {
        gradient = try layers[l].backward(upstream, needsInputGradient: needs)
        guard regularization.lambda != 0 else { continue }
        let (value, extra) = try layers[l].addSparsityGradient(
          regularization, input: inputs[l], needsInputGradient: needs)
        penalty += value
        if var sum = gradient, let extra {
          for index in sum.scalars.indices { sum.scalars[index] += extra.scalars[index] }
          gradient = sum
        }
      } catch .noForwardPass {
        throw KANError.noForwardPass(layer: l)
      }
    }
    return (penalty, gradient)
  }

  /// Sets every accumulated gradient to zero.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func zeroGradients() {
    for l in layers.indices { layers[l].zeroGradients() }
  }
}

extension KANNetwork: Trainable {
  /// Calls `body` with every learnable tensor of every layer and its gradient; layer `l`'s
  /// tensors take slots `3 l ... 3 l + 2`, and its fixed edges' constants (layer slot 3) slot
  /// `3 L + l`, so no two tensors share a slot.
  public mutating func forEachParameter(
    _ body: (_ slot: Int, _ parameter: inout [Scalar], _ gradient: [Scalar]) -> Void
  ) {
    let count = layers.count
    for l in layers.indices {
      layers[l].forEachParameter { slot, parameter, gradient in
        body(slot < 3 ? 3 * l + slot : 3 * count + l, &parameter, gradient)
      }
    }
  }
}
