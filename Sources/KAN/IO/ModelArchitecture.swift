import KANData

/// What a model file says a network is: everything needed to rebuild it except the tensors.
///
/// A swift-kan file states it in its `__metadata__` (see `ModelFile`); for a file without that
/// metadata, such as `safetensors.torch.save_file(model.state_dict(), path)` of an
/// efficient-kan `KAN`, it is inferred from the tensor shapes (`init(inferringFrom:)`).
public struct ModelArchitecture: Equatable, Sendable {
  /// `[in, hidden..., out]`.
  public var widths: [Int]
  /// `G`, the grid intervals of every layer.
  public var gridSize: Int
  /// `k`, the spline degree of every layer.
  public var splineOrder: Int
  /// The basis family of every layer.
  public var basis: BasisKind
  /// The residual branch's activation in every layer.
  public var baseActivation: BaseActivation
  /// What every layer's bases do outside the grid range.
  public var outOfGridPolicy: OutOfGridPolicy

  /// An architecture from its parts.
  ///
  /// - Parameters:
  ///   - widths: `[in, hidden..., out]`.
  ///   - gridSize: `G`.
  ///   - splineOrder: `k`.
  ///   - basis: The basis family.
  ///   - baseActivation: The residual branch's activation.
  ///   - outOfGridPolicy: The bases' behaviour outside the grid range.
  public init(
    widths: [Int], gridSize: Int, splineOrder: Int, basis: BasisKind = .bSpline,
    baseActivation: BaseActivation = .silu, outOfGridPolicy: OutOfGridPolicy = .zero
  ) {
    self.widths = widths
    self.gridSize = gridSize
    self.splineOrder = splineOrder
    self.basis = basis
    self.baseActivation = baseActivation
    self.outOfGridPolicy = outOfGridPolicy
  }

  /// The architecture of a network, which a model file can hold only if every layer shares
  /// `G`, `k`, basis, activation and out-of-grid policy.
  ///
  /// - Parameter network: The network to describe.
  /// - Throws: `KANError.invalidModel` naming the first layer that differs from layer 0.
  public init(of network: KANNetwork<Float>) throws(KANError) {
    let first = network.layers[0]
    self.init(
      widths: network.widths, gridSize: first.gridSize, splineOrder: first.splineOrder,
      basis: first.basis, baseActivation: first.baseActivation,
      outOfGridPolicy: first.outOfGridPolicy)
    for (l, layer) in network.layers.enumerated() {
      let mine = (layer.gridSize, layer.splineOrder, layer.basis, layer.baseActivation)
      guard mine == (gridSize, splineOrder, basis, baseActivation),
        layer.outOfGridPolicy == outOfGridPolicy
      else {
        throw .invalidModel(
          "layer \(l) differs from layer 0 in grid size, spline order, basis, activation or "
            + "out-of-grid policy; a model file holds one of each: refine every layer alike")
      }
    }
  }

  /// `n = G + k`, the basis functions per edge.
  public var basisCount: Int { basis.count(gridSize: gridSize, order: splineOrder) }

  /// `G + 2k + 1`, the knots per input.
  public var knotCount: Int { basis.gridPointCount(gridSize: gridSize, order: splineOrder) }

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

  /// Checks that the sizes can make layers.
  ///
  /// - Throws: `KANError.invalidModel` saying which size is out of range.
  func validate() throws(KANError) {
    guard widths.count >= 2, widths.allSatisfy({ $0 >= 1 }) else {
      throw .invalidModel("widths \(widths) must be at least two positive numbers")
    }
    guard gridSize >= 1 else { throw .invalidModel("grid size \(gridSize) must be at least 1") }
    guard (0...10).contains(splineOrder) else {
      throw .invalidModel("spline order \(splineOrder) must be a degree from 0 to 10")
    }
  }
}
