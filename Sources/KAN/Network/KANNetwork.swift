import KANKernels

/// A stack of `KANLinear` layers, `widths = [in, hidden..., out]` (efficient-kan's `KAN`).
///
///     x_0 = x,   x_{l+1} = layer_l(x_l),   y = x_L
///
/// Named `KANNetwork` rather than `KAN` so that the module name `KAN` stays usable in qualified
/// names (`KAN.KANLinear`).
public struct KANNetwork<Scalar: KANScalar>: Sendable {
  /// The layers, input side first.
  public var layers: [KANLinear<Scalar>]

  /// The feature count of each layer boundary, `[in, hidden..., out]`.
  public var widths: [Int] { [layers[0].inFeatures] + layers.map(\.outFeatures) }

  /// A network of `widths.count - 1` layers with efficient-kan's initialisation; layer `l` is
  /// seeded with `seed + l`.
  ///
  /// - Throws: `KANError.invalidArgument` for fewer than two widths or an invalid layer setting.
  public init(
    widths: [Int], gridSize: Int = 5, splineOrder: Int = 3, scaleNoise: Double = 0.1,
    scaleBase: Double = 1, scaleSpline: Double = 1, standaloneSplineScaler: Bool = true,
    baseActivation: BaseActivation = .silu, basis: BasisKind = .bSpline,
    gridRange: ClosedRange<Double> = -1...1, seed: UInt64 = 0
  ) throws(KANError) {
    guard widths.count >= 2 else {
      throw .invalidArgument(
        name: "widths", value: "\(widths)", expected: "at least two widths, e.g. [2, 5, 1]")
    }
    var layers: [KANLinear<Scalar>] = []
    for l in 0..<(widths.count - 1) {
      layers.append(
        try KANLinear(
          inFeatures: widths[l], outFeatures: widths[l + 1], gridSize: gridSize,
          splineOrder: splineOrder, scaleNoise: scaleNoise, scaleBase: scaleBase,
          scaleSpline: scaleSpline, standaloneSplineScaler: standaloneSplineScaler,
          baseActivation: baseActivation, basis: basis, gridRange: gridRange,
          seed: seed &+ UInt64(l)))
    }
    self.layers = layers
  }

  /// A network made of the given layers, whose widths must chain.
  ///
  /// - Throws: `KANError.invalidModel` when layer `l`'s outputs differ from layer `l+1`'s inputs.
  public init(layers: [KANLinear<Scalar>]) throws(KANError) {
    guard !layers.isEmpty else { throw .invalidModel("a network needs at least one layer") }
    for l in 1..<layers.count where layers[l - 1].outFeatures != layers[l].inFeatures {
      throw .invalidModel(
        "layer \(l - 1) has \(layers[l - 1].outFeatures) outputs but layer \(l) takes "
          + "\(layers[l].inFeatures) inputs")
    }
    self.layers = layers
  }

  /// The number of learnable scalars.
  public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

  /// The threads every layer may use.
  public var threads: Int {
    get { layers[0].threads }
    set { for l in layers.indices { layers[l].threads = newValue } }
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
  /// - Throws: `KANError` for a wrong shape, an empty batch or a non-finite value.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func forward(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    var activation = x
    for l in layers.indices { activation = try layers[l].forward(activation) }
    return activation
  }

  /// Back-propagates `dL/dy` through every layer, adding to each layer's parameter gradients.
  ///
  ///     dL/dx_l = layer_l.backward(dL/dx_{l+1}),   from the last layer to the first
  ///
  /// - Parameters:
  ///   - dY: `dL/dy`, `(batch, out)`.
  ///   - needsInputGradient: whether to return `dL/dx` of the network's input.
  /// - Returns: `dL/dx`, `(batch, in)`, when asked for.
  /// - Throws: `KANError` without a preceding forward or for a wrong shape.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  @discardableResult
  public mutating func backward(
    _ dY: Tensor<Scalar>, needsInputGradient: Bool = false
  ) throws(KANError) -> Tensor<Scalar>? {
    var gradient: Tensor<Scalar>? = dY
    for l in layers.indices.reversed() {
      guard let upstream = gradient else { break }
      do {
        gradient = try layers[l].backward(upstream, needsInputGradient: l > 0 || needsInputGradient)
      } catch .noForwardPass {
        throw KANError.noForwardPass(layer: l)
      }
    }
    return gradient
  }

  /// Sets every accumulated gradient to zero.
  public mutating func zeroGradients() {
    for l in layers.indices { layers[l].zeroGradients() }
  }
}
