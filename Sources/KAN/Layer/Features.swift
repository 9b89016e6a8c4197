/// The features of one layer's inputs: the base activation and the bases, with their derivatives.
///
///     f(x_i) = [ b(x_i), B_0(x_i), ..., B_{n-1}(x_i) ]            (C = 1 + n values)
///     b = silu:  b(x) = x s(x),   b'(x) = s(x) (1 + x (1 - s(x))),   s(x) = 1 / (1 + e^-x)
///
/// Only a window of `width` bases can be non-zero at `x`: the `k + 1` B-splines of its knot
/// span, or all `n` Gaussians or Chebyshev polynomials. A window starts at a padded index `o`
/// (the basis index plus `k`, so it is never negative):
///
///     B_m(x) = window[r],   m = o - k + r,   r = 0 ..< width
///
/// Inputs are evaluated eight at a time (eight inputs of one sample, the lanes of a block).
/// On a uniform knot row a B-spline window is `UniformPieces` at `u = (x - t_s) / h`, so a
/// block runs branch-free in SIMD, `silu` with it through a vectorised `exp`; other rows (bent
/// by a grid update) and the other bases go lane by lane.
final class FeatureEvaluator<Scalar: KANScalar>: @unchecked Sendable {
  /// The layer's settings.
  let configuration: KANConfiguration
  /// `in`.
  let inFeatures: Int
  /// The values per window: `k + 1` for B-splines, `n` for the dense bases.
  let width: Int
  /// `k`, the padding before basis 0 in a window's index.
  let padding: Int
  /// `K = G + 2k + 1`, the knots per input.
  let knotCount: Int
  /// The knot rows, `(in, K)`.
  private let knots: UnsafeMutablePointer<Scalar>
  /// `t_0` of every row, `(in)` and eight more.
  private let origin: UnsafeMutablePointer<Scalar>
  /// `1/h` of every uniform row, 0 for a bent one, `(in)` and eight more.
  private let inverseStep: UnsafeMutablePointer<Scalar>
  /// `c[r][p]` and the `d/du` coefficients of `UniformPieces`, flat.
  private let pieces: UnsafeMutablePointer<Scalar>
  /// Whether every row is uniform (then no block needs checking).
  let everyRowUniform: Bool

  /// Prepares the evaluation of a layer's features from its grid.
  ///
  /// - Parameters:
  ///   - grid: the knot rows, `(in, K)`.
  ///   - configuration: the layer's settings.
  init(grid: Tensor<Scalar>, configuration: KANConfiguration) {
    self.configuration = configuration
    inFeatures = grid.shape[0]
    knotCount = grid.shape[1]
    padding = configuration.splineOrder
    width =
      configuration.basis == .bSpline ? configuration.splineOrder + 1 : configuration.basisCount
    let padded = inFeatures + 8  // a block of eight may start at any input
    knots = .allocate(capacity: grid.count)
    knots.initialize(from: grid.scalars, count: grid.count)
    let steps = uniformInverseSteps(grid.scalars, rows: inFeatures, count: knotCount)
    origin = .allocate(capacity: padded)
    inverseStep = .allocate(capacity: padded)
    origin.initialize(repeating: 0, count: padded)
    inverseStep.initialize(repeating: 1, count: padded)
    for i in 0..<inFeatures {
      origin[i] = grid.scalars[i * knotCount]
      inverseStep[i] = steps[i]
    }
    everyRowUniform = steps.allSatisfy { $0 > 0 }
    let table = UniformPieces<Scalar>(order: configuration.splineOrder)
    pieces = .allocate(capacity: table.values.count + table.slopes.count)
    pieces.initialize(from: table.values + table.slopes, count: 2 * table.values.count)
  }

  deinit {
    knots.deallocate()
    origin.deallocate()
    inverseStep.deallocate()
    pieces.deallocate()
  }

  /// Evaluates inputs `first ..< first + count` (`count <= 8`) of one sample into `lanes`.
  ///
  /// - Parameters:
  ///   - row: the sample, `x[b, 0 ..< in]`.
  ///   - first: the first input of the block.
  ///   - count: the inputs in the block, 1 to 8.
  ///   - lanes: receives the block's features.
  ///   - derivatives: whether to write `b'` and the window's derivatives too.
  @inline(__always)
  func evaluate(
    _ row: UnsafePointer<Scalar>, inputs first: Int, count: Int, into lanes: FeatureLanes<Scalar>,
    derivatives: Bool
  ) {
    var x = SIMD8<Scalar>(repeating: 0)
    if count == 8 {
      x = lanes.load(row + first)
    } else {
      for l in 0..<count { x[l] = row[first + l] }
    }
    evaluate(x, inputs: first, count: count, into: lanes, derivatives: derivatives)
  }

  /// Evaluates the values `x` of inputs `first ..< first + count` into `lanes` (lanes past
  /// `count` are ignored).
  @inline(__always)
  func evaluate(
    _ x: SIMD8<Scalar>, inputs first: Int, count: Int, into lanes: FeatureLanes<Scalar>,
    derivatives: Bool
  ) {
    baseActivation(x, into: lanes)
    if configuration.basis == .bSpline && isUniform(first, count) {
      uniformBSplines(x, first: first, count: count, into: lanes, derivatives: derivatives)
    } else {
      for l in 0..<count {
        windowOfOneInput(x[l], input: first + l, lane: l, into: lanes, derivatives: derivatives)
      }
    }
  }

  /// The span of each lane on its uniform knot row, for `SpanPolynomials`, with `b` and `b'`.
  ///
  ///     g = (x - t_0) / h,   s = clamp(floor g, -1, K - 1),   u = g - s
  ///     offset[l] = s + 1,   values[l] = u,   values[8 + l] = 1/h
  ///
  /// - Parameters:
  ///   - row: the sample, `x[b, 0 ..< in]`.
  ///   - first: the first input of the block.
  ///   - count: the inputs in the block, 1 to 8.
  ///   - lanes: receives the spans (every row must be uniform).
  @inline(__always)
  func spans(
    _ row: UnsafePointer<Scalar>, inputs first: Int, count: Int, into lanes: FeatureLanes<Scalar>
  ) {
    var x = SIMD8<Scalar>(repeating: 0)
    if count == 8 {
      x = lanes.load(row + first)
    } else {
      for l in 0..<count { x[l] = row[first + l] }
    }
    baseActivation(x, into: lanes)
    let inverse = lanes.load(inverseStep + first)
    let g = (x - lanes.load(origin + first)) * inverse
    let span = Scalar.clamped(Scalar.floor(g), -1, Scalar(knotCount - 1))
    lanes.store(g - span, at: lanes.values)
    lanes.store(inverse, at: lanes.values + 8)
    Scalar.store(indices: span + 1, count: count, to: lanes.offset)
  }

  /// Whether the knot rows of a block are all uniform.
  @inline(__always)
  private func isUniform(_ first: Int, _ count: Int) -> Bool {
    if everyRowUniform { return true }
    for l in 0..<count where inverseStep[first + l] == 0 { return false }
    return true
  }

  /// `b(x)` and `b'(x)` of eight lanes (see the type's formulas).
  @inline(__always)
  private func baseActivation(_ x: SIMD8<Scalar>, into lanes: FeatureLanes<Scalar>) {
    let (value, slope): (SIMD8<Scalar>, SIMD8<Scalar>)
    switch configuration.baseActivation {
    case .silu:
      let s = 1 / (1 + Scalar.exp(-x))
      (value, slope) = (x * s, s * (1 + x * (1 - s)))
    case .identity:
      (value, slope) = (x, SIMD8(repeating: 1))
    case .zero:
      (value, slope) = (.zero, .zero)
    }
    lanes.store(value, at: lanes.base)
    lanes.store(slope, at: lanes.baseSlope)
  }

  /// The B-spline windows of eight lanes on uniform rows, branch-free.
  ///
  ///     g = (x - t_0) / h                   position on the knot lattice
  ///     .zero:    s = clamp(floor g, 0, K - 2),  u = g - s,  window = 0 unless 0 <= g < K - 1
  ///     .clamp:   g' = clamp(g, k, G + k),  s = min(floor g', G + k - 1),  u = g' - s,
  ///               window' = 0 outside the grid range
  ///     .linear:  as .clamp, then window += window'_u (g - g')   (the tangent at the end)
  ///
  /// and `window[r] = sum_p c[r][p] u^p`, `window'[r] = (1/h) sum_p c'[r][p] u^p`, `o = s`.
  /// Every comparison is vector against vector (a scalar operand would run lane by lane).
  @inline(__always)
  private func uniformBSplines(
    _ x: SIMD8<Scalar>, first: Int, count: Int, into lanes: FeatureLanes<Scalar>,
    derivatives: Bool
  ) {
    let k = configuration.splineOrder
    let inverse = lanes.load(inverseStep + first)
    let g = (x - lanes.load(origin + first)) * inverse
    let policy = configuration.outOfGridPolicy
    // Lanes outside [low, high) (the knots for .zero, the grid range otherwise) get a zero
    // window (.zero) or a zero slope (.clamp).
    let (low, high): (SIMD8<Scalar>, SIMD8<Scalar>)
    let (span, u, beyond): (SIMD8<Scalar>, SIMD8<Scalar>, SIMD8<Scalar>)
    if policy == .zero {
      let last = Scalar(knotCount - 2)
      (low, high) = (.zero, SIMD8(repeating: last + 1))
      span = Scalar.clamped(Scalar.floor(g), 0, last)
      (u, beyond) = (g - span, .zero)
    } else {
      let (lo, hi) = (Scalar(k), Scalar(k + configuration.gridSize))
      (low, high) = (SIMD8(repeating: lo), SIMD8(repeating: hi))
      let inside = Scalar.clamped(g, lo, hi)
      span = Scalar.clamped(Scalar.floor(inside), lo, hi - 1)
      (u, beyond) = (inside - span, g - inside)
    }
    let stride = k + 1
    let slopeTable = pieces + stride * stride
    for r in 0...k {
      var value = horner(pieces + r * stride, degree: k, at: u)
      let slopeInU = horner(slopeTable + r * stride, degree: k, at: u)
      var slope = slopeInU * inverse
      switch policy {
      case .zero:
        value = Scalar.keeping(value, where: g, from: low, below: high)
        slope = Scalar.keeping(slope, where: g, from: low, below: high)
      case .clamp:
        slope = Scalar.keeping(slope, where: g, from: low, below: high)
      case .linearExtrapolation:
        value = value.addingProduct(slopeInU, beyond)
      }
      lanes.store(value, at: lanes.values + 8 * r)
      if derivatives { lanes.store(slope, at: lanes.slopes + 8 * r) }
    }
    Scalar.store(indices: span, count: count, to: lanes.offset)
  }

  /// `sum_p c[p] u^p` for `p = 0 ... degree`, by Horner's rule in eight lanes.
  @inline(__always)
  private func horner(
    _ c: UnsafePointer<Scalar>, degree: Int, at u: SIMD8<Scalar>
  ) -> SIMD8<Scalar> {
    if degree == 3 {  // the cubic, unrolled
      let c3 = SIMD8<Scalar>(repeating: c[3])
      let c2 = SIMD8<Scalar>(repeating: c[2])
      let c1 = SIMD8<Scalar>(repeating: c[1])
      return SIMD8(repeating: c[0]).addingProduct(c1.addingProduct(c2.addingProduct(c3, u), u), u)
    }
    var sum = SIMD8<Scalar>(repeating: c[degree])
    var p = degree
    while p > 0 {  // a plain loop: `stride(through:)`'s iterator is not inlined here
      p -= 1
      sum = SIMD8(repeating: c[p]).addingProduct(sum, u)
    }
    return sum
  }

  /// The window of one input value in lane `l`, for any knot row and any basis, with the
  /// out-of-grid policy (see `OutOfGridPolicy`): outside `[lo, hi]` the clamp and the tangent
  /// are taken at `e = lo`, or just inside `hi`.
  @inline(__always)
  func windowOfOneInput(
    _ x: Scalar, input i: Int, lane l: Int, into lanes: FeatureLanes<Scalar>, derivatives: Bool
  ) {
    let row = knots + i * knotCount
    let k = padding
    let (lo, hi) = (row[k], row[knotCount - 1 - k])
    let policy = configuration.basis.usesGrid ? configuration.outOfGridPolicy : .zero
    let inside = policy == .zero || (x >= lo && x < hi)
    let at = inside ? x : x < lo ? lo : hi.nextDown
    let needsSlopes = derivatives || policy == .linearExtrapolation
    let window = lanes.window
    let slopes = lanes.window + width
    let offset: Int
    switch configuration.basis {
    case .bSpline:
      if let span = bSplineWindow(
        at, knots: row, knotCount: knotCount, order: k, values: window,
        derivatives: needsSlopes ? slopes : nil)
      {
        offset = span
      } else {
        offset = 0
        window.update(repeating: 0, count: width)
        slopes.update(repeating: 0, count: width)
      }
    case .gaussianRBF:
      offset = k
      gaussianRBFBases(
        at, lower: lo, upper: hi, count: width, values: window,
        derivatives: needsSlopes ? slopes : nil)
    case .chebyshev:
      offset = k
      chebyshevBases(at, count: width, values: window, derivatives: needsSlopes ? slopes : nil)
    }
    lanes.offset[l] = offset
    for r in 0..<width {
      var (value, slope) = (window[r], needsSlopes ? slopes[r] : 0)
      if !inside && policy == .clamp { slope = 0 }
      if !inside && policy == .linearExtrapolation { value += slope * (x - at) }
      lanes.values[8 * r + l] = value
      if derivatives { lanes.slopes[8 * r + l] = slope }
    }
  }

  /// The whole feature row of one input value, `C` values (and derivatives) in basis order.
  ///
  ///     values = f(x) = [ b(x), B_0(x), ..., B_{n-1}(x) ]
  ///
  /// - Parameters:
  ///   - x: the value of input `i`.
  ///   - i: the input (its knot row).
  ///   - lanes: scratch.
  ///   - values: receives `C` values.
  ///   - derivatives: receives `C` derivatives when not nil.
  func featureRow(
    _ x: Scalar, input i: Int, lanes: FeatureLanes<Scalar>, values: UnsafeMutablePointer<Scalar>,
    derivatives: UnsafeMutablePointer<Scalar>?
  ) {
    var lane = SIMD8<Scalar>(repeating: 0)
    lane[0] = x
    evaluate(lane, inputs: i, count: 1, into: lanes, derivatives: derivatives != nil)
    featureRow(lane: 0, of: lanes, values: values, derivatives: derivatives)
  }

  /// The whole feature row of lane `l` of an evaluated block, `C` values (and derivatives) in
  /// basis order (see `featureRow(_:input:lanes:values:derivatives:)`).
  ///
  /// - Parameters:
  ///   - l: the lane, `0 ..< 8`.
  ///   - lanes: a block `evaluate` filled (with derivatives when they are wanted here).
  ///   - values: receives `C` values.
  ///   - derivatives: receives `C` derivatives when not nil.
  func featureRow(
    lane l: Int, of lanes: FeatureLanes<Scalar>, values: UnsafeMutablePointer<Scalar>,
    derivatives: UnsafeMutablePointer<Scalar>?
  ) {
    let n = configuration.basisCount
    values[0] = lanes.base[l]
    values.advanced(by: 1).update(repeating: 0, count: n)
    derivatives?[0] = lanes.baseSlope[l]
    derivatives?.advanced(by: 1).update(repeating: 0, count: n)
    for r in 0..<width {
      let m = lanes.offset[l] - padding + r
      guard m >= 0 && m < n else { continue }
      values[1 + m] = lanes.values[8 * r + l]
      derivatives?[1 + m] = lanes.slopes[8 * r + l]
    }
  }
}

/// Scratch for the features of one block of eight inputs (see `FeatureEvaluator`).
///
///     base[l] = b(x_l),   baseSlope[l] = b'(x_l),   offset[l] = o_l
///     values[8 r + l] = window_l[r],   slopes[8 r + l] = window'_l[r],    r = 0 ..< width
final class FeatureLanes<Scalar: KANScalar> {
  /// `b(x_l)`, 8 values.
  let base: UnsafeMutablePointer<Scalar>
  /// `b'(x_l)`, 8 values.
  let baseSlope: UnsafeMutablePointer<Scalar>
  /// The windows, `(width, 8)`.
  let values: UnsafeMutablePointer<Scalar>
  /// Their derivatives, `(width, 8)`.
  let slopes: UnsafeMutablePointer<Scalar>
  /// The padded index of each lane's window.
  let offset: UnsafeMutablePointer<Int>
  /// Room for one lane's window and its derivatives, `2 width`.
  let window: UnsafeMutablePointer<Scalar>
  /// The values per window.
  let width: Int

  /// Scratch for windows of `width` values.
  init(width: Int) {
    self.width = width
    base = .allocate(capacity: 16 + 18 * width)
    base.initialize(repeating: 0, count: 16 + 18 * width)
    baseSlope = base + 8
    values = base + 16
    slopes = values + 8 * width
    window = slopes + 8 * width
    offset = .allocate(capacity: 8)
    offset.initialize(repeating: 0, count: 8)
  }

  deinit {
    base.deallocate()
    offset.deallocate()
  }

  /// `sum_r w[r] window_l[r]`: lane `l`'s window against `width` weights.
  ///
  /// With `slopes`, the window's derivative instead. A cubic window (`width == 4`) goes as one
  /// `SIMD4` product.
  @inline(__always)
  func dot(_ w: UnsafePointer<Scalar>, lane l: Int, slopes: Bool = false) -> Scalar {
    let window = slopes ? self.slopes : values
    if width == 4 {
      let lane = SIMD4(window[l], window[8 + l], window[16 + l], window[24 + l])
      return (UnsafeRawPointer(w).loadUnaligned(as: SIMD4<Scalar>.self) * lane).sum()
    }
    var sum: Scalar = 0
    for r in 0..<width { sum += w[r] * window[8 * r + l] }
    return sum
  }

  /// `dw[r] += g window_l[r]` for `r = 0 ..< width` (one `SIMD4` update for a cubic window).
  @inline(__always)
  func accumulate(_ dw: UnsafeMutablePointer<Scalar>, _ g: Scalar, lane l: Int) {
    if width == 4 {
      let lane = SIMD4(values[l], values[8 + l], values[16 + l], values[24 + l])
      let target = UnsafeMutableRawPointer(dw)
      let sum = target.loadUnaligned(as: SIMD4<Scalar>.self) + g * lane
      target.storeBytes(of: sum, as: SIMD4<Scalar>.self)
      return
    }
    for r in 0..<width { dw[r] += g * values[8 * r + l] }
  }

  /// Eight scalars from memory.
  @inline(__always)
  func load(_ address: UnsafePointer<Scalar>) -> SIMD8<Scalar> {
    UnsafeRawPointer(address).loadUnaligned(as: SIMD8<Scalar>.self)
  }

  /// Eight scalars to memory.
  @inline(__always)
  func store(_ value: SIMD8<Scalar>, at address: UnsafeMutablePointer<Scalar>) {
    UnsafeMutableRawPointer(address).storeBytes(of: value, as: SIMD8<Scalar>.self)
  }
}
