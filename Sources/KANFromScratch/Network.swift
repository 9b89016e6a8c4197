/// The blog's network: KAN layers with a tanh after every layer but the last, trained by
/// sample-wise SGD on the MSE (blog §Implementation details, its `class KAN`).
///
/// The blog's prose calls this a KAN. The type is named `Network` because the efficient module is
/// named `KAN`: a type `KAN` would shadow the module, so a qualified name such as `KAN.KANLinear`
/// would stop resolving in a file that imports both modules.
///
///     default (widths [1, 2, 2, 1]):  Layer(1, 2), Tanh, Layer(2, 2), Tanh, Layer(2, 1)
public struct Network: Sendable {
  /// The KAN layers in order; their weights are public for inspection and parity tests.
  public var layers: [Layer]
  /// The tanh after each layer but the last; activations is (layers.count - 1).
  private var activations: [Tanh]
  /// The loss the network trains on.
  public let loss = MSE()

  /// Creates a network with the given layer widths and weights drawn from N(0, 0.1).
  ///
  /// - Parameters:
  ///   - widths: The width of the input, every hidden layer and the output; `[1, 2, 2, 1]` is
  ///     the blog's network. At least two entries, each at least 1.
  ///   - weights: The number of basis elements per edge (the blog's 7); more than 3.
  ///   - seed: The seed of the generator all layers draw from, in order.
  /// - Throws: `FromScratchError.invalidArgument` for fewer than two widths or a bad size.
  public init(widths: [Int] = [1, 2, 2, 1], weights: Int = 7, seed: UInt64) throws(FromScratchError)
  {
    guard widths.count >= 2 else {
      throw .invalidArgument(
        what: "widths \(widths)", reason: "give at least an input and an output width, e.g. [1, 1]")
    }
    var generator = SplitMix64(seed: seed)
    var layers: [Layer] = []
    for l in 0..<(widths.count - 1) {
      layers.append(try Layer(widths[l], widths[l + 1], weights: weights, generator: &generator))
    }
    try self.init(layers: layers)
  }

  /// Creates a network from existing layers, for example with hand-set weights.
  ///
  /// - Parameter layers: At least one layer; each layer's `inFeatures` equals the previous
  ///   layer's `outFeatures`.
  /// - Throws: `FromScratchError` when there is no layer or the widths do not chain.
  public init(layers: [Layer]) throws(FromScratchError) {
    guard !layers.isEmpty else {
      throw .invalidArgument(what: "Network(layers:)", reason: "pass at least one layer")
    }
    for l in 1..<layers.count where layers[l].inFeatures != layers[l - 1].outFeatures {
      throw .shapeMismatch(
        what: "layer \(l) inputs", expected: layers[l - 1].outFeatures, got: layers[l].inFeatures)
    }
    self.layers = layers
    self.activations = Array(repeating: Tanh(), count: layers.count - 1)
  }

  /// Runs every stage in order and stores what `backward` needs (the blog's `predict`).
  ///
  ///     x -> Layer -> Tanh -> Layer -> ... -> Layer -> y
  ///
  /// - Parameter x: The input; x is (widths[0]).
  /// - Returns: The output; y is (widths.last).
  /// - Throws: `FromScratchError` for a wrong length or a non-finite value.
  public mutating func forward(_ x: [Double]) throws(FromScratchError) -> [Double] {
    var value = x
    for l in layers.indices {
      value = try layers[l].forward(value)
      if l < activations.count { value = try activations[l].forward(value) }
    }
    return value
  }

  /// Runs every stage's backward in reverse order, storing each layer's `dEdW`.
  ///
  /// - Parameter dEdY: The gradient of the loss with respect to the output.
  /// - Returns: The gradient of the loss with respect to the network's input.
  /// - Throws: `FromScratchError` before any forward or for a wrong length.
  public mutating func backward(_ dEdY: [Double]) throws(FromScratchError) -> [Double] {
    var error = dEdY
    for l in layers.indices.reversed() {
      if l < activations.count { error = try activations[l].backward(error) }
      error = try layers[l].backward(error)
    }
    return error
  }

  /// Applies every layer's stored gradient: `w <- w - learningRate * dEdW`.
  ///
  /// - Parameter learningRate: The step size; the blog uses 0.05.
  public mutating func update(learningRate: Double = 0.05) {
    for l in layers.indices { layers[l].update(learningRate: learningRate) }
  }

  /// Predicts the output for one input without changing the network.
  ///
  /// - Parameter x: The input; x is (widths[0]).
  /// - Returns: The output; y is (widths.last).
  /// - Throws: `FromScratchError` for a wrong length or a non-finite value.
  public func predict(_ x: [Double]) throws(FromScratchError) -> [Double] {
    var copy = self
    return try copy.forward(x)
  }

  /// Computes the gradient of the MSE of one sample with respect to every weight.
  ///
  ///     gradient[l][i][j][k] = dE/dw^(l)_ijk,   E = MSE(yTrue, network(x))
  ///
  /// - Parameters:
  ///   - x: The input; x is (widths[0]).
  ///   - yTrue: The target; yTrue is (widths.last).
  /// - Returns: One `dEdW` per layer; gradient[l] is (in_l, out_l, n).
  /// - Throws: `FromScratchError` for a wrong length or a non-finite value.
  public func gradient(x: [Double], yTrue: [Double]) throws(FromScratchError) -> [[[[Double]]]] {
    var copy = self
    let yPred = try copy.forward(x)
    _ = try copy.backward(try loss.backward(yTrue: yTrue, yPred: yPred))
    return copy.layers.map(\.dEdW)
  }
}
