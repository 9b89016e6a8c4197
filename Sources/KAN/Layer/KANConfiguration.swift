/// Everything a KAN layer is made of except its widths: one value that `KANLinear.init`,
/// `KANNetwork.init` and a model file's architecture share.
///
///     phi_ji(x) = w_b[j, i] b(x) + s[j, i] sum_m w_s[j, i, m] B_m(x),    m = 0 ..< n = G + k
///
/// `gridSize` (`G`), `splineOrder` (`k`) and `basis` fix the bases `B_m`; `baseActivation` is
/// `b`; `outOfGridPolicy` says what the bases do outside the grid range; `standaloneSplineScaler`
/// says whether `s` is learnable. The remaining settings only shape a new layer's initial
/// weights (efficient-kan's `scale_noise`, `scale_base`, `scale_spline`, `grid_range`).
public struct KANConfiguration: Sendable, Equatable {
  /// `G`, the number of grid intervals over the grid range.
  public var gridSize: Int
  /// `k`, the degree of the B-splines (for the other bases, `n = G + k` sets their count).
  public var splineOrder: Int
  /// The family of every edge's learnable part.
  public var basis: BasisKind
  /// `b`, the fixed function on every edge's residual branch.
  public var baseActivation: BaseActivation
  /// What the learnable part does outside the grid range.
  public var outOfGridPolicy: OutOfGridPolicy
  /// Whether each edge has its own learnable scale `s[j, i]` (efficient-kan's
  /// `enable_standalone_scale_spline`); when false, `s = 1`.
  public var standaloneSplineScaler: Bool
  /// `[lo, hi]`, the initial grid range of every input.
  public var gridRange: ClosedRange<Double>
  /// The spread of the noise the initial spline is fitted to.
  public var scaleNoise: Double
  /// The gain of the Kaiming-uniform initial base weights.
  public var scaleBase: Double
  /// The gain of the initial spline scales (or of the spline itself without a standalone `s`).
  public var scaleSpline: Double

  /// A configuration; the defaults are efficient-kan's.
  public init(
    gridSize: Int = 5, splineOrder: Int = 3, basis: BasisKind = .bSpline,
    baseActivation: BaseActivation = .silu, outOfGridPolicy: OutOfGridPolicy = .zero,
    standaloneSplineScaler: Bool = true, gridRange: ClosedRange<Double> = -1...1,
    scaleNoise: Double = 0.1, scaleBase: Double = 1, scaleSpline: Double = 1
  ) {
    self.gridSize = gridSize
    self.splineOrder = splineOrder
    self.basis = basis
    self.baseActivation = baseActivation
    self.outOfGridPolicy = outOfGridPolicy
    self.standaloneSplineScaler = standaloneSplineScaler
    self.gridRange = gridRange
    self.scaleNoise = scaleNoise
    self.scaleBase = scaleBase
    self.scaleSpline = scaleSpline
  }

  /// `n = G + k`, the basis functions per edge.
  public var basisCount: Int { basis.count(gridSize: gridSize, order: splineOrder) }

  /// `G + 2k + 1`, the knots per input.
  public var knotCount: Int { basis.gridPointCount(gridSize: gridSize, order: splineOrder) }

  /// `C = 1 + n`, the feature columns per input: the base activation, then the `n` bases.
  public var columnsPerInput: Int { 1 + basisCount }

  /// Throws unless the settings can make a layer (within `KANLimits`).
  ///
  /// - Throws: `KANError.invalidArgument` naming the first setting out of range.
  public func validate() throws(KANError) {
    guard (1...KANLimits.gridSize).contains(gridSize) else {
      throw .invalidArgument(
        name: "gridSize", value: "\(gridSize)",
        expected: "from 1 to \(KANLimits.gridSize) (KANLimits.gridSize)")
    }
    guard (0...KANLimits.splineOrder).contains(splineOrder) else {
      throw .invalidArgument(
        name: "splineOrder", value: "\(splineOrder)",
        expected: "a degree from 0 to \(KANLimits.splineOrder) (KANLimits.splineOrder)")
    }
    let (lo, hi) = (gridRange.lowerBound, gridRange.upperBound)
    // The knots reach k steps beyond each end: they must stay finite in Float.
    let reach = (hi - lo) * Double(gridSize + 2 * splineOrder) / Double(gridSize)
    guard lo.isFinite, hi.isFinite, lo < hi, (abs(lo) + reach) < 1e30 else {
      throw .invalidArgument(
        name: "gridRange", value: "\(gridRange)",
        expected: "a finite range lo < hi whose knots stay below 1e30 in magnitude")
    }
    for (name, value) in [
      ("scaleNoise", scaleNoise), ("scaleBase", scaleBase), ("scaleSpline", scaleSpline),
    ] where !value.isFinite {
      throw .invalidArgument(name: name, value: "\(value)", expected: "a finite number")
    }
  }
}
