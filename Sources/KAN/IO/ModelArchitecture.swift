import KANData

/// What a model file says a network is: everything needed to rebuild it except the tensors.
///
/// A swift-kan file states it in its `__metadata__` (see `ModelFile`); for a file without that
/// metadata, such as `safetensors.torch.save_file(model.state_dict(), path)` of an
/// efficient-kan `KAN`, it is inferred from the tensor shapes (`init(inferringFrom:)`).
public struct ModelArchitecture: Equatable, Sendable {
  /// `[in, hidden..., out]`.
  public var widths: [Int]
  /// The settings every layer shares (a file records grid size, order, basis, activation and
  /// policy; the initial scales and range do not matter once the tensors are loaded).
  public var configuration: KANConfiguration

  /// An architecture from its parts.
  ///
  /// - Parameters:
  ///   - widths: `[in, hidden..., out]`.
  ///   - configuration: the settings every layer shares.
  public init(widths: [Int], configuration: KANConfiguration) {
    self.widths = widths
    self.configuration = configuration
  }

  /// The architecture of a network, which a model file can hold only if every layer shares
  /// `G`, `k`, basis, activation and out-of-grid policy.
  ///
  /// - Parameter network: The network to describe.
  /// - Throws: `KANError.invalidModel` naming the first layer that differs from layer 0.
  public init(of network: KANNetwork<Float>) throws(KANError) {
    self.init(widths: network.widths, configuration: network.layers[0].configuration)
    for (l, layer) in network.layers.enumerated() where !recordsTheSame(layer.configuration) {
      throw .invalidModel(
        "layer \(l) differs from layer 0 in grid size, spline order, basis, activation or "
          + "out-of-grid policy; a model file holds one of each: refine every layer alike")
    }
  }

  /// Whether a layer's settings agree with this architecture in everything a file records.
  private func recordsTheSame(_ other: KANConfiguration) -> Bool {
    (other.gridSize, other.splineOrder, other.basis, other.baseActivation, other.outOfGridPolicy)
      == (gridSize, splineOrder, basis, baseActivation, outOfGridPolicy)
  }

  /// `G`, the grid intervals of every layer.
  public var gridSize: Int { configuration.gridSize }
  /// `k`, the spline degree of every layer.
  public var splineOrder: Int { configuration.splineOrder }
  /// The basis family of every layer.
  public var basis: BasisKind { configuration.basis }
  /// The residual branch's activation in every layer.
  public var baseActivation: BaseActivation { configuration.baseActivation }
  /// What every layer's bases do outside the grid range.
  public var outOfGridPolicy: OutOfGridPolicy { configuration.outOfGridPolicy }
  /// `n = G + k`, the basis functions per edge.
  public var basisCount: Int { configuration.basisCount }
  /// `G + 2k + 1`, the knots per input.
  public var knotCount: Int { configuration.knotCount }

  /// The shape each tensor of layer `l` must have, by its parameter name.
  ///
  ///     base_weight   (out, in)        spline_weight  (out, in, G + k)
  ///     spline_scaler (out, in)        grid           (in, G + 2k + 1)
  ///
  /// - Parameter l: The layer, `0 ..< widths.count - 1`.
  /// - Returns: The shapes keyed by `ModelFile.parameterNames`.
  public func shapes(layer l: Int) -> [String: [Int]] {
    let (inputs, outputs) = (widths[l], widths[l + 1])
    return [
      "base_weight": [outputs, inputs], "spline_weight": [outputs, inputs, basisCount],
      "spline_scaler": [outputs, inputs], "grid": [inputs, knotCount],
    ]
  }

  /// A one-line summary: `widths [784, 64, 10], grid size 5, spline order 3, b-spline, silu`.
  public var summary: String {
    "widths \(widths), grid size \(gridSize), spline order \(splineOrder), \(basis.rawValue), "
      + "\(baseActivation.rawValue)"
  }

  /// Checks that the sizes can make layers, within `KANLimits`.
  ///
  /// - Throws: `KANError.invalidModel` saying which size is out of range and the cap.
  func validate() throws(KANError) {
    guard widths.count >= 2, widths.count - 1 <= KANLimits.layers, widths.allSatisfy({ $0 >= 1 })
    else {
      throw .invalidModel(
        "widths \(widths) must be 2 to \(KANLimits.layers + 1) positive numbers "
          + "(KANLimits.layers)")
    }
    do throws(KANError) {
      try configuration.validate()
      var total = 0
      for l in 0..<(widths.count - 1) {
        try KANLimits.checkLayer(inFeatures: widths[l], outFeatures: widths[l + 1], configuration)
        total += widths[l] * widths[l + 1] * (basisCount + 2)
      }
      guard total <= KANLimits.parameters else {
        throw KANError.invalidModel(
          "widths \(widths) need \(total) parameters, more than the \(KANLimits.parameters) "
            + "a model may hold (KANLimits.parameters)")
      }
    } catch .invalidArgument(let name, let value, let expected) {
      throw .invalidModel("\(name) \(value) is out of range: expected \(expected)")
    }
  }
}
