import KANKernels

/// One KAN layer in efficient-kan's form, with a hand-written backward.
///
///     y_j = sum_i phi_ji(x_i),   phi_ji(x) = w_b[j, i] b(x) + s[j, i] sum_m w_s[j, i, m] B_m(x)
///
/// Each input's features `f(x_i) = [b(x_i), B_0(x_i), ..., B_{n-1}(x_i)]` (`C = 1 + n`, see
/// `FeatureEvaluator`) turn the layer into one product with the combined weight `W_c`:
///
///     y (batch, out) = A (batch, in*C) . W_c^T,        A[b, i*C + c] = f(x[b, i])[c]
///     W_c[j, i*C] = w_b[j, i],    W_c[j, i*C + 1 + m] = s[j, i] w_s[j, i, m]      (out, in*C)
///
/// That is the product path, for wide layers: the GEMM kernels do the work. A B-spline input has
/// only `k + 1` non-zero bases, so a narrow layer (few outputs) takes the fused path instead: it
/// never writes `A`, each input adding its base term and its window of bases straight to the
/// outputs. Both paths compute the same function (tested to 1e-6 in Float, 1e-12 in Double).
public struct KANLinear<Scalar: KANScalar>: Sendable {
  /// The number of inputs, `in`.
  public let inFeatures: Int
  /// The number of outputs, `out`.
  public let outFeatures: Int
  /// Grid size, order, basis, activation, policy and scaler of this layer.
  public internal(set) var configuration: KANConfiguration

  /// The knots of every input, `(in, G + 2k + 1)`, increasing along each row.
  public internal(set) var grid: Tensor<Scalar>
  /// `w_b`, the base-branch weights, `(out, in)`.
  public internal(set) var baseWeight: Tensor<Scalar>
  /// `w_s`, the basis coefficients, `(out, in, n)`.
  public internal(set) var splineWeight: Tensor<Scalar>
  /// `s`, the per-edge spline scales, `(out, in)` (all ones when not standalone).
  public internal(set) var splineScaler: Tensor<Scalar>

  /// `dL/dw_b`, accumulated by `backward`, `(out, in)`.
  public internal(set) var baseWeightGradient: Tensor<Scalar>
  /// `dL/dw_s`, accumulated by `backward`, `(out, in, n)`.
  public internal(set) var splineWeightGradient: Tensor<Scalar>
  /// `dL/ds`, accumulated by `backward`, `(out, in)`.
  public internal(set) var splineScalerGradient: Tensor<Scalar>

  /// The edge mask, `(out, in)` flat: 1 for a live edge, 0 for a masked one (pruned, or
  /// replaced by a formula); nil when no edge is masked.
  ///
  /// A masked edge is zero in both paths and in its gradients (see `maskEdge`).
  public internal(set) var edgeMask: [Scalar]?
  /// The edges replaced by a formula `c f(a x + b) + d`, added beside either path (see
  /// `fixSymbolic`).
  public internal(set) var fixedEdges = FixedEdges<Scalar>()
  /// Groups of edges that share one function, each as flat indices `j * in + i` (see `tie`).
  public internal(set) var tiedEdges: [[Int]] = []

  /// The threads the layer's kernels may use.
  public var threads: Int = Parallelism.defaultThreads
  /// Which path `forward` and `backward` take.
  public var evaluation = Evaluation.automatic

  /// What `backward` needs from the last `forward`.
  var saved: Saved?

  /// The paths through the layer.
  public enum Evaluation: Sendable {
    /// The fused path for at most `fusedOutputLimit` outputs, the product path otherwise.
    case automatic
    /// Always through the feature matrix `A` and the GEMM kernels.
    case product
    /// Always fused: no feature matrix.
    case fused
  }

  /// The most outputs the automatic choice sends down the fused path.
  public static var fusedOutputLimit: Int { 8 }

  /// A forward pass's input and the weights it used, in the layout of the path it took.
  enum Saved {
    /// `x (batch, in)`, `A (batch, in*C)` and `W_c (out, in*C)`.
    case product(input: Tensor<Scalar>, features: [Scalar], weight: [Scalar])
    /// `x (batch, in)` and `W_f (in, out, P)` (see `CombinedLayout.fused`).
    case fused(input: Tensor<Scalar>, weight: [Scalar])
  }

  /// A layer with efficient-kan's parameters and initialisation.
  ///
  ///     grid  t_m = lo + (m - k) h,  h = (hi - lo) / G                  (in, G + 2k + 1)
  ///     w_b   ~ U(-bound, bound),  bound = sqrt(6 / ((1 + a^2) in)),  a = sqrt(5) scaleBase
  ///     w_s   least-squares fit of phi to noise U(-1/2, 1/2) scaleNoise / G
  ///           at the G + 1 grid points (minimum-norm: there are more bases than points)
  ///     s     ~ U(-bound, bound) with a = sqrt(5) scaleSpline     (standalone scaler)
  ///
  /// - Parameters:
  ///   - inFeatures: `in`.
  ///   - outFeatures: `out`.
  ///   - configuration: the bases, activation and initial scales.
  ///   - seed: the seed of every random draw.
  /// - Throws: `KANError.invalidArgument` for sizes or settings that cannot make a layer.
  public init(
    inFeatures: Int, outFeatures: Int, configuration: KANConfiguration = KANConfiguration(),
    seed: UInt64 = 0
  ) throws(KANError) {
    try configuration.validate()
    try KANLimits.checkLayer(inFeatures: inFeatures, outFeatures: outFeatures, configuration)
    self.inFeatures = inFeatures
    self.outFeatures = outFeatures
    self.configuration = configuration
    let range = configuration.gridRange
    let knots: [Scalar] = uniformKnots(
      gridSize: configuration.gridSize, order: configuration.splineOrder,
      range: Scalar(range.lowerBound)...Scalar(range.upperBound))
    grid = Tensor(shape: [inFeatures, knots.count])
    for i in 0..<inFeatures {
      grid.scalars.replaceSubrange(i * knots.count..<(i + 1) * knots.count, with: knots)
    }
    var generator = SeededGenerator(seed: seed)
    baseWeight = Self.kaimingUniform(
      shape: [outFeatures, inFeatures], a: 5.0.squareRoot() * configuration.scaleBase,
      using: &generator)
    splineWeight = Tensor(shape: [outFeatures, inFeatures, configuration.basisCount])
    splineScaler = Tensor(shape: [outFeatures, inFeatures], repeating: 1)
    baseWeightGradient = Tensor(shape: baseWeight.shape)
    splineWeightGradient = Tensor(shape: splineWeight.shape)
    splineScalerGradient = Tensor(shape: splineScaler.shape)
    let standalone = configuration.standaloneSplineScaler
    try initialiseSplineWeight(scale: standalone ? 1 : configuration.scaleSpline, &generator)
    if standalone {
      splineScaler = Self.kaimingUniform(
        shape: [outFeatures, inFeatures], a: 5.0.squareRoot() * configuration.scaleSpline,
        using: &generator)
    }
  }

  /// The layer's output for a batch, keeping nothing for `backward` (inference).
  ///
  /// - Parameter x: `(batch, in)`.
  /// - Returns: `y`, `(batch, out)`.
  /// - Throws: `KANError` for a wrong shape, an empty batch or a non-finite input.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func callAsFunction(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    var copy = self
    let y = try copy.forward(x)
    return y
  }

  /// The forward pass for training: the output, keeping what `backward` needs.
  ///
  ///     product path:  A = features(x),  y = A . W_c^T                 one GEMM
  ///     fused path:    y[b, j] = sum_i ( W_f[i, j, o] b(x_bi)
  ///                                    + sum_r W_f[i, j, o_bi + r] window_bi[r] )
  ///     fixed edges:   y[b, j] += c f(a x[b, i] + b) + d           (their own small sum)
  ///
  /// where `W_f` holds the same weights as `W_c`, per input (see `CombinedLayout.fused`); a
  /// masked or fixed edge has zero weights there (see `edgeMask`).
  ///
  /// - Parameter x: `(batch, in)`.
  /// - Returns: `y`, `(batch, out)`.
  /// - Throws: `KANError` for a wrong shape, an empty batch or a non-finite input.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func forward(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    try validateInput(x)
    let batch = x.shape[0]
    let features = FeatureEvaluator(grid: grid, configuration: configuration)
    let scalars: [Scalar]  // y (batch, out), every element written by the path
    if usesFusedPath {
      let weight = combinedWeight(.fused(self))  // W_f (in, out, P)
      let polynomials = SpanPolynomials(
        weight: weight, features: features, inputs: inFeatures, outputs: outFeatures)
      scalars = filledArray(count: batch * outFeatures) { y in
        fusedForward(y, x.scalars, weight, polynomials, batch: batch, features)
      }
      saved = .fused(input: x, weight: weight)
    } else {
      let a = featureMatrix(x, features)  // A (batch, in*C)
      let weight = combinedWeight(.product(self))  // W_c (out, in*C)
      scalars = filledArray(count: batch * outFeatures) { y in
        matmulTransposedB(
          y, a, weight, m: batch, n: outFeatures, k: inFeatures * columnsPerInput,
          threads: threads)
      }
      saved = .product(input: x, features: a, weight: weight)
    }
    var y = Tensor(checkedShape: [batch, outFeatures], scalars: scalars)
    if !fixedEdges.isEmpty { fixedEdges.addForward(&y, x) }
    return y
  }

  /// The fused forward over the rows of a batch (see `forward`).
  ///
  /// Rows are split over threads, so each `y[b, j]` sums its inputs in the same order for any
  /// thread count. On uniform cubic rows each edge is one polynomial per span
  /// (`SpanPolynomials`).
  private func fusedForward(
    _ y: UnsafeMutablePointer<Scalar>, _ x: UnsafePointer<Scalar>,
    _ weight: UnsafePointer<Scalar>, _ polynomials: SpanPolynomials<Scalar>?, batch: Int,
    _ features: FeatureEvaluator<Scalar>
  ) {
    let (inputs, outputs, stride) = (inFeatures, outFeatures, CombinedLayout.fusedStride(self))
    let width = features.width
    Parallelism.forEachChunk(batch, threads: threads, minimumChunk: max(1, 4096 / inputs)) {
      rows in
      let lanes = FeatureLanes<Scalar>(width: width)
      for b in rows {
        let row = y + b * outputs  // y[b, :]
        row.update(repeating: 0, count: outputs)
        for block in 0..<(inputs + 7) / 8 {
          let first = 8 * block
          let count = min(8, inputs - first)
          if let polynomials {
            features.spans(x + b * inputs, inputs: first, count: count, into: lanes)
            for j in 0..<outputs {
              var sum: Scalar = 0  // the block's terms in a register, then one add to y[b, j]
              for l in 0..<count {
                let edge = (first + l) * outputs + j
                sum +=
                  weight[edge * stride] * lanes.base[l]
                  + polynomials.value(edge, span: lanes.offset[l], at: lanes.values[l])
              }
              row[j] += sum
            }
            continue
          }
          features.evaluate(
            x + b * inputs, inputs: first, count: count, into: lanes, derivatives: false)
          for l in 0..<count {
            let edges = weight + (first + l) * outputs * stride  // W_f[i, :, :]
            let window = lanes.offset[l] + 1
            for j in 0..<outputs {
              let w = edges + j * stride  // W_f[i, j, :]
              row[j] += w[0] * lanes.base[l] + lanes.dot(w + window, lane: l)
            }
          }
        }
      }
    }
  }

  /// The backward pass: adds the last forward's parameter gradients and returns `dL/dx`.
  ///
  /// The gradients accumulate in the `...Gradient` tensors; no parameter is updated here.
  ///
  ///     dW_c = dY^T . A                                         (out, in*C)
  ///     dL/dw_b[j, i]    = dW_c[j, i*C]
  ///     dL/dw_s[j, i, m] = dW_c[j, i*C + 1 + m] s[j, i]
  ///     dL/ds[j, i]      = sum_m dW_c[j, i*C + 1 + m] w_s[j, i, m]
  ///     dL/dx[b, i]      = sum_c f'(x[b, i])[c] dA[b, i*C + c],    dA = dY . W_c
  ///
  /// The fused path forms the same sums per input, from each input's window:
  ///
  ///     dW_f[i, j, o + r] += dY[b, j] window_bi[r],     dW_f[i, j, base] += dY[b, j] b(x_bi)
  ///     dL/dx[b, i]        = sum_j dY[b, j] ( w_b b'(x_bi) + sum_r W_f[i, j, o + r] window'_bi[r] )
  ///
  /// and each fixed edge adds its own terms (see `FixedEdges.addBackward`).
  ///
  /// - Parameters:
  ///   - dY: `dL/dy`, `(batch, out)`, for the batch of the last `forward`.
  ///   - needsInputGradient: false skips `dL/dx` (the first layer of a network needs none).
  /// - Returns: `dL/dx`, `(batch, in)`, or nil when not needed.
  /// - Throws: `KANError` without a preceding forward, for a wrong shape or a non-finite value.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  @discardableResult
  public mutating func backward(
    _ dY: Tensor<Scalar>, needsInputGradient: Bool = true
  ) throws(KANError) -> Tensor<Scalar>? {
    guard let saved else { throw .noForwardPass(layer: 0) }
    let x = saved.input
    let batch = x.shape[0]
    guard dY.shape == [batch, outFeatures] else {
      throw .shapeMismatch(what: "output gradient", expected: [batch, outFeatures], got: dY.shape)
    }
    try dY.checkFinite("output gradient")
    let features = FeatureEvaluator(grid: grid, configuration: configuration)
    var dX = Tensor<Scalar>(shape: needsInputGradient ? [batch, inFeatures] : [0])  // (batch, in)
    switch saved {
    case .product(_, let a, let weight):
      let width = inFeatures * columnsPerInput
      let dW: [Scalar] = filledArray(count: outFeatures * width) { dW in  // dW_c (out, in*C)
        matmulTransposedA(dW, dY.scalars, a, m: outFeatures, n: width, k: batch, threads: threads)
      }
      addCombinedGradient(dW, .product(self))
      if needsInputGradient {
        let dA: [Scalar] = filledArray(count: batch * width) { dA in  // (batch, in*C)
          matmul(dA, dY.scalars, weight, m: batch, n: width, k: outFeatures, threads: threads)
        }
        inputGradient(&dX.scalars, dA, x.scalars, batch: batch, features)
      }
    case .fused(_, let weight):
      var dW = [Scalar](repeating: 0, count: weight.count)  // dW_f (in, out, P)
      let polynomials = SpanPolynomials(
        weight: weight, features: features, inputs: inFeatures, outputs: outFeatures)
      fusedBackward(
        &dW, &dX.scalars, dY.scalars, x.scalars, weight, polynomials, batch: batch, features,
        inputGradient: needsInputGradient)
      addCombinedGradient(dW, .fused(self))
    }
    if !fixedEdges.isEmpty { fixedEdges.addBackward(dY, x, inputGradient: &dX) }
    return needsInputGradient ? dX : nil
  }

  /// The fused backward (see `backward`): inputs are split over threads in blocks of eight, so
  /// every `dW_f[i, ...]` sums its samples in the same order for any thread count.
  private func fusedBackward(
    _ dW: UnsafeMutablePointer<Scalar>, _ dX: UnsafeMutablePointer<Scalar>,
    _ dY: UnsafePointer<Scalar>, _ x: UnsafePointer<Scalar>, _ weight: UnsafePointer<Scalar>,
    _ polynomials: SpanPolynomials<Scalar>?, batch: Int, _ features: FeatureEvaluator<Scalar>,
    inputGradient: Bool
  ) {
    let (inputs, outputs, stride) = (inFeatures, outFeatures, CombinedLayout.fusedStride(self))
    let width = features.width
    let blocks = (inputs + 7) / 8
    Parallelism.forEachChunk(blocks, threads: threads, minimumChunk: max(1, 512 / batch)) {
      blockRange in
      let lanes = FeatureLanes<Scalar>(width: width)
      for b in 0..<batch {
        let gradient = dY + b * outputs  // dY[b, :]
        for block in blockRange {
          let first = 8 * block
          let count = min(8, inputs - first)
          if let polynomials {
            features.spans(x + b * inputs, inputs: first, count: count, into: lanes)
            for l in 0..<count {
              let i = first + l
              let (span, u, inverseStep) = (lanes.offset[l], lanes.values[l], lanes.values[8 + l])
              let real = span > 0 && span < polynomials.spans - 1  // not beyond the knots
              let pieces = polynomials.pieces(at: u)
              var sum: Scalar = 0
              for j in 0..<outputs {
                let edge = i * outputs + j
                let dw = dW + edge * stride  // dW_f[i, j, :]
                let g = gradient[j]
                dw[0] += g * lanes.base[l]
                if real {  // dW_f[i, j, 1 + s + r] += g c_r(u), s = span - 1
                  let target = UnsafeMutableRawPointer(dw + span)
                  let sum = target.loadUnaligned(as: SIMD4<Scalar>.self) + g * pieces
                  target.storeBytes(of: sum, as: SIMD4<Scalar>.self)
                }
                guard inputGradient else { continue }
                let slope =
                  weight[edge * stride] * lanes.baseSlope[l]
                  + polynomials.slope(edge, span: span, at: u) * inverseStep
                sum += g * slope
              }
              if inputGradient { dX[b * inputs + i] = sum }
            }
            continue
          }
          features.evaluate(
            x + b * inputs, inputs: first, count: count, into: lanes, derivatives: inputGradient)
          for l in 0..<count {
            let i = first + l
            let window = lanes.offset[l] + 1
            var sum: Scalar = 0
            for j in 0..<outputs {
              let w = weight + (i * outputs + j) * stride  // W_f[i, j, :]
              let dw = dW + (i * outputs + j) * stride
              let g = gradient[j]
              dw[0] += g * lanes.base[l]
              lanes.accumulate(dw + window, g, lane: l)
              guard inputGradient else { continue }
              let slope = w[0] * lanes.baseSlope[l] + lanes.dot(w + window, lane: l, slopes: true)
              sum += g * slope
            }
            if inputGradient { dX[b * inputs + i] = sum }
          }
        }
      }
    }
  }

  /// `dL/dx[b, i] = sum_c f'(x[b, i])[c] dA[b, i*C + c]` on the product path.
  private func inputGradient(
    _ dX: UnsafeMutablePointer<Scalar>, _ dA: UnsafePointer<Scalar>, _ x: UnsafePointer<Scalar>,
    batch: Int, _ features: FeatureEvaluator<Scalar>
  ) {
    let (inputs, columns, n, k) = (inFeatures, columnsPerInput, basisCount, features.padding)
    forEachInput(x, batch: batch, features, derivatives: true) { b, i, l, lanes in
      let row = dA + (b * inputs + i) * columns  // dA[b, i*C ..< (i+1)*C]
      var sum = lanes.baseSlope[l] * row[0]
      for r in 0..<lanes.width {
        let m = lanes.offset[l] - k + r
        if m >= 0 && m < n { sum += lanes.slopes[8 * r + l] * row[1 + m] }
      }
      dX[b * inputs + i] = sum
    }
  }

  /// Runs `body(b, i, l, lanes)` for every input `i` of every sample `b`, with the features of
  /// its block of eight evaluated into `lanes` (`i` in lane `l`); samples split over threads.
  private func forEachInput(
    _ x: UnsafePointer<Scalar>, batch: Int, _ features: FeatureEvaluator<Scalar>,
    derivatives: Bool, _ body: (Int, Int, Int, FeatureLanes<Scalar>) -> Void
  ) {
    let inputs = inFeatures
    Parallelism.forEachChunk(batch, threads: threads, minimumChunk: max(1, 4096 / inputs)) {
      rows in
      let lanes = FeatureLanes<Scalar>(width: features.width)
      for b in rows {
        for block in 0..<(inputs + 7) / 8 {
          let first = 8 * block
          let count = min(8, inputs - first)
          features.evaluate(
            x + b * inputs, inputs: first, count: count, into: lanes, derivatives: derivatives)
          for l in 0..<count { body(b, first + l, l, lanes) }
        }
      }
    }
  }

  /// Sets the accumulated parameter gradients to zero.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func zeroGradients() {
    baseWeightGradient.setZero()
    splineWeightGradient.setZero()
    splineScalerGradient.setZero()
    fixedEdges.zeroGradient()
  }

  /// The feature matrix of a batch, one row per sample; rows split over threads.
  ///
  ///     A[b, i*C + c] = f(x[b, i])[c]                      A is (batch, in*C)
  ///
  /// - Parameters:
  ///   - x: the batch, `(batch, in)`.
  ///   - features: the evaluator of this layer's grid (a new one by default).
  /// - Returns: `A`, flat.
  func featureMatrix(_ x: Tensor<Scalar>, _ features: FeatureEvaluator<Scalar>? = nil) -> [Scalar] {
    let features = features ?? FeatureEvaluator(grid: grid, configuration: configuration)
    let batch = x.shape[0]
    return filledArray(count: batch * inFeatures * columnsPerInput) { a in
      writeFeatureMatrix(a, x.scalars, batch: batch, features)
    }
  }

  /// Writes every entry of `A` from `x` (see `featureMatrix`).
  private func writeFeatureMatrix(
    _ a: UnsafeMutablePointer<Scalar>, _ x: UnsafePointer<Scalar>, batch: Int,
    _ features: FeatureEvaluator<Scalar>
  ) {
    let (inputs, columns, n, k) = (inFeatures, columnsPerInput, basisCount, features.padding)
    forEachInput(x, batch: batch, features, derivatives: false) { b, i, l, lanes in
      let row = a + (b * inputs + i) * columns  // A[b, i*C ..< (i+1)*C]
      row[0] = lanes.base[l]
      (row + 1).initialize(repeating: 0, count: n)
      for r in 0..<lanes.width {
        let m = lanes.offset[l] - k + r
        if m >= 0 && m < n { row[1 + m] = lanes.values[8 * r + l] }
      }
    }
  }

  /// Whether `forward` takes the fused path.
  var usesFusedPath: Bool {
    switch evaluation {
    case .automatic: return outFeatures <= Self.fusedOutputLimit
    case .product: return false
    case .fused: return true
    }
  }
}

extension KANLinear.Saved {
  /// The layer input of the forward pass.
  var input: Tensor<Scalar> {
    switch self {
    case .product(let input, _, _), .fused(let input, _): return input
    }
  }
}
