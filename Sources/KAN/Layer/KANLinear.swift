import KANKernels

/// One KAN layer in efficient-kan's batched form.
///
/// Every edge `i -> j` computes
///
///     phi_ji(x) = w_b[j, i] b(x) + s[j, i] sum_c w_s[j, i, c] B_c(x)
///
/// and the layer sums its incoming edges, `y_j = sum_i phi_ji(x_i)`. Evaluating the bases once
/// per input and stacking them into a feature matrix turns the whole layer into one product:
///
///     y (batch, out) = A (batch, in*C) . W_c^T (in*C, out)
///
/// with `A` from `featureMatrix` and `W_c` from `combinedWeight` (`C = 1 + n` columns per input:
/// the base activation, then `n` bases). This is what makes the layer fast: no
/// `(batch, out, in)` tensor is ever formed.
public struct KANLinear<Scalar: KANScalar>: Sendable {
  /// The number of inputs, `in`.
  public let inFeatures: Int
  /// The number of outputs, `out`.
  public let outFeatures: Int
  /// `G`, the number of grid intervals over the grid range.
  public let gridSize: Int
  /// `k`, the degree of the B-splines.
  public let splineOrder: Int
  /// The basis family of the learnable part of every edge.
  public let basis: BasisKind
  /// The fixed function on the residual branch.
  public let baseActivation: BaseActivation
  /// What the learnable part does outside the grid range (see `OutOfGridPolicy`).
  public var outOfGridPolicy: OutOfGridPolicy
  /// Whether each edge's spline has its own learnable scale `s[j, i]` (efficient-kan's
  /// `enable_standalone_scale_spline`); when false, `s = 1`.
  public let standaloneSplineScaler: Bool

  /// The knots of every input, `(in, G + 2k + 1)`, non-decreasing along each row.
  public var grid: Tensor<Scalar>
  /// `w_b`, the base-branch weights, `(out, in)`.
  public var baseWeight: Tensor<Scalar>
  /// `w_s`, the basis coefficients, `(out, in, n)` with `n = G + k`.
  public var splineWeight: Tensor<Scalar>
  /// `s`, the per-edge spline scales, `(out, in)` (all ones when not standalone).
  public var splineScaler: Tensor<Scalar>

  /// `dL/dw_b`, accumulated by `backward`, `(out, in)`.
  public internal(set) var baseWeightGradient: Tensor<Scalar>
  /// `dL/dw_s`, accumulated by `backward`, `(out, in, n)`.
  public internal(set) var splineWeightGradient: Tensor<Scalar>
  /// `dL/ds`, accumulated by `backward`, `(out, in)`.
  public internal(set) var splineScalerGradient: Tensor<Scalar>

  /// The threads the layer's kernels may use.
  public var threads: Int = Parallelism.defaultThreads

  /// What `backward` needs from the last `forward`: the input `(batch, in)` and `A`.
  var cache: (input: Tensor<Scalar>, features: Tensor<Scalar>)?
  /// `W_c` as the last `forward` used it, so `backward` differentiates those weights and does not
  /// rebuild them.
  var forwardWeight: Tensor<Scalar>?

  /// The number of basis functions per input, `n`.
  public var basisCount: Int { basis.count(gridSize: gridSize, order: splineOrder) }

  /// The number of feature columns per input, `C = 1 + n`.
  public var columnsPerInput: Int { 1 + basisCount }

  /// The number of learnable scalars.
  public var parameterCount: Int {
    baseWeight.count + splineWeight.count + (standaloneSplineScaler ? splineScaler.count : 0)
  }

  /// A layer with efficient-kan's parameters and initialisation.
  ///
  ///     grid      t_m = lo + (m - k) h,  h = (hi - lo) / G          (in, G + 2k + 1)
  ///     w_b       ~ U(-bound, bound),  bound = sqrt(6 / ((1 + a^2) in)),  a = sqrt(5) scaleBase
  ///     w_s       least-squares fit of phi to noise U(-1/2, 1/2) scaleNoise / G
  ///               at the G + 1 grid points (minimum-norm: there are more bases than points)
  ///     s         ~ U(-bound, bound) with a = sqrt(5) scaleSpline     (standalone scaler)
  ///
  /// - Throws: `KANError.invalidArgument` for sizes or ranges that cannot make a layer.
  public init(
    inFeatures: Int, outFeatures: Int, gridSize: Int = 5, splineOrder: Int = 3,
    scaleNoise: Double = 0.1, scaleBase: Double = 1, scaleSpline: Double = 1,
    standaloneSplineScaler: Bool = true, baseActivation: BaseActivation = .silu,
    basis: BasisKind = .bSpline, gridRange: ClosedRange<Double> = -1...1, seed: UInt64 = 0,
    outOfGridPolicy: OutOfGridPolicy = .zero
  ) throws(KANError) {
    try Self.validate(
      inFeatures: inFeatures, outFeatures: outFeatures, gridSize: gridSize,
      splineOrder: splineOrder, gridRange: gridRange)
    self.inFeatures = inFeatures
    self.outFeatures = outFeatures
    self.gridSize = gridSize
    self.splineOrder = splineOrder
    self.basis = basis
    self.baseActivation = baseActivation
    self.outOfGridPolicy = outOfGridPolicy
    self.standaloneSplineScaler = standaloneSplineScaler
    let n = basis.count(gridSize: gridSize, order: splineOrder)
    let knots: [Scalar] = uniformKnots(
      gridSize: gridSize, order: splineOrder,
      range: Scalar(gridRange.lowerBound)...Scalar(gridRange.upperBound))
    grid = Tensor(shape: [inFeatures, knots.count])
    for i in 0..<inFeatures {
      grid.scalars.replaceSubrange(i * knots.count..<(i + 1) * knots.count, with: knots)
    }
    var generator = SeededGenerator(seed: seed)
    baseWeight = Self.kaimingUniform(
      shape: [outFeatures, inFeatures], a: 5.0.squareRoot() * scaleBase, using: &generator)
    splineWeight = Tensor(shape: [outFeatures, inFeatures, n])
    splineScaler = Tensor(shape: [outFeatures, inFeatures], repeating: 1)
    baseWeightGradient = Tensor(shape: baseWeight.shape)
    splineWeightGradient = Tensor(shape: splineWeight.shape)
    splineScalerGradient = Tensor(shape: splineScaler.shape)
    try initialiseSplineWeight(
      noise: scaleNoise, scale: standaloneSplineScaler ? 1 : scaleSpline, using: &generator)
    if standaloneSplineScaler {
      splineScaler = Self.kaimingUniform(
        shape: [outFeatures, inFeatures], a: 5.0.squareRoot() * scaleSpline, using: &generator)
    }
  }

  /// Throws unless the sizes and range can make a layer.
  static func validate(
    inFeatures: Int, outFeatures: Int, gridSize: Int, splineOrder: Int,
    gridRange: ClosedRange<Double>
  ) throws(KANError) {
    guard inFeatures > 0 else {
      throw .invalidArgument(name: "inFeatures", value: "\(inFeatures)", expected: "at least 1")
    }
    guard outFeatures > 0 else {
      throw .invalidArgument(name: "outFeatures", value: "\(outFeatures)", expected: "at least 1")
    }
    guard gridSize > 0 else {
      throw .invalidArgument(name: "gridSize", value: "\(gridSize)", expected: "at least 1")
    }
    guard (0...10).contains(splineOrder) else {
      throw .invalidArgument(
        name: "splineOrder", value: "\(splineOrder)", expected: "a degree from 0 to 10")
    }
    guard
      gridRange.lowerBound.isFinite && gridRange.upperBound.isFinite
        && gridRange.lowerBound < gridRange.upperBound
    else {
      throw .invalidArgument(
        name: "gridRange", value: "\(gridRange)", expected: "a finite range lo < hi")
    }
  }

  /// Kaiming-uniform weights, as `torch.nn.init.kaiming_uniform_` draws them.
  ///
  ///     bound = sqrt(6 / ((1 + a^2) fan_in)),   w ~ U(-bound, bound),   fan_in = shape[1]
  static func kaimingUniform(
    shape: [Int], a: Double, using generator: inout SeededGenerator
  ) -> Tensor<Scalar> {
    let bound = (6 / ((1 + a * a) * Double(shape[1]))).squareRoot()
    var tensor = Tensor<Scalar>(shape: shape)
    for index in 0..<tensor.count {
      tensor.scalars[index] = Scalar(generator.uniform(-bound, bound))
    }
    return tensor
  }

  /// Sets `w_s` to the least-squares fit of small noise at the `G + 1` grid points.
  ///
  ///     y[p, i, j] = (u - 1/2) scaleNoise / G,    u ~ U(0, 1)
  ///     w_s[j, i, :] = argmin_c || B(t_{k+p}) c - y[p, i, j] ||    (minimum norm)
  private mutating func initialiseSplineWeight(
    noise scaleNoise: Double, scale: Double, using generator: inout SeededGenerator
  ) throws(KANError) {
    let points = gridSize + 1
    let knotCount = grid.shape[1]
    var samples = Tensor<Scalar>(shape: [points, inFeatures])
    var targets = [Double](repeating: 0, count: points * inFeatures * outFeatures)
    for p in 0..<points {
      for i in 0..<inFeatures {
        samples[p, i] = grid.scalars[i * knotCount + splineOrder + p]
        for j in 0..<outFeatures {
          let u = generator.nextUnit()
          targets[(p * inFeatures + i) * outFeatures + j] =
            (u - 0.5) * scaleNoise / Double(gridSize)
        }
      }
    }
    let coefficients = try fitCoefficients(samples: samples, targets: targets)
    for index in 0..<splineWeight.count {
      splineWeight.scalars[index] = Scalar(scale * coefficients[index])
    }
  }
}
