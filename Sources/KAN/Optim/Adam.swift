import KANKernels

/// Adam, and AdamW when the weight decay is decoupled (Loshchilov and Hutter), with PyTorch's
/// defaults and bias correction.
///
///     t = t + 1,   lr_t = learningRate * factor      (factor: the schedule's, 1 by default)
///     g = dL/dw (+ lambda w for Adam's coupled L2)
///     m = beta1 m + (1 - beta1) g
///     v = beta2 v + (1 - beta2) g^2
///     w = w (1 - lr_t lambda)                    (AdamW only)
///     w = w - lr_t (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
///
/// `step` is `@inlinable` so that a model defined in another module gets a specialised update.
public struct Adam: Optimizer {
  /// The base learning rate.
  public var learningRate: Double
  /// `beta1`, the decay of the first moment.
  public var beta1: Double
  /// `beta2`, the decay of the second moment.
  public var beta2: Double
  /// `eps`, added to the root of the second moment.
  public var epsilon: Double
  /// `lambda`.
  public var weightDecay: Double
  /// Whether the decay is decoupled from the gradient (AdamW) or added to it (Adam).
  public var decoupled: Bool
  /// The first and second moments per parameter slot, `([Scalar], [Scalar])` for the model's
  /// scalar type (stored type-erased because the optimizer is not generic).
  @usableFromInline var moments: [Int: Any] = [:]
  /// `t`, the number of steps taken.
  @usableFromInline var stepCount = 0

  /// Adam with coupled L2 decay (PyTorch `Adam`).
  public init(
    learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
    epsilon: Double = 1e-8, weightDecay: Double = 0
  ) {
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    self.decoupled = false
  }

  /// AdamW: Adam with decoupled weight decay (PyTorch `AdamW`, default decay 0.01).
  public static func adamW(
    learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
    epsilon: Double = 1e-8, weightDecay: Double = 1e-2
  ) -> Adam {
    var optimizer = Adam(
      learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
      weightDecay: weightDecay)
    optimizer.decoupled = true
    return optimizer
  }

  /// One update of every parameter (see the type's formulas).
  @inlinable
  public mutating func step<Model: Trainable>(_ model: inout Model, learningRateFactor: Double) {
    typealias Scalar = Model.Scalar
    stepCount += 1
    let rate = learningRate * learningRateFactor
    let correction1 = 1 - integerPower(beta1, stepCount)
    let correction2 = 1 - integerPower(beta2, stepCount)
    let rule = AdamRule<Scalar>(
      beta1: Scalar(beta1), beta2: Scalar(beta2), epsilon: Scalar(epsilon),
      stepSize: Scalar(rate / correction1), rootCorrection2: Scalar(correction2.squareRoot()),
      shrink: Scalar(decoupled ? 1 - rate * weightDecay : 1),
      coupled: Scalar(decoupled ? 0 : weightDecay))
    let threads = model.threads
    model.forEachParameter { slot, parameter, gradient in
      let zeros = [Scalar](repeating: 0, count: parameter.count)
      var (m, v) = moments.removeValue(forKey: slot) as? ([Scalar], [Scalar]) ?? (zeros, zeros)
      // A tensor that changed size (a pruned layer, new fixed edges) starts afresh.
      if m.count != parameter.count { (m, v) = (zeros, zeros) }
      rule.apply(&parameter, gradient, &m, &v, count: parameter.count, threads: threads)
      moments[slot] = (m, v)
    }
  }
}

/// One Adam update of a tensor, its constants fixed for the step (see `Adam`).
@usableFromInline
struct AdamRule<Scalar: KANScalar> {
  @usableFromInline let beta1: Scalar
  @usableFromInline let beta2: Scalar
  @usableFromInline let epsilon: Scalar
  /// `lr_t / (1 - beta1^t)`.
  @usableFromInline let stepSize: Scalar
  /// `sqrt(1 - beta2^t)`.
  @usableFromInline let rootCorrection2: Scalar
  /// `1 - lr_t lambda` (AdamW) or 1.
  @usableFromInline let shrink: Scalar
  /// `lambda` (Adam) or 0.
  @usableFromInline let coupled: Scalar

  @usableFromInline
  init(
    beta1: Scalar, beta2: Scalar, epsilon: Scalar, stepSize: Scalar, rootCorrection2: Scalar,
    shrink: Scalar, coupled: Scalar
  ) {
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.stepSize = stepSize
    self.rootCorrection2 = rootCorrection2
    self.shrink = shrink
    self.coupled = coupled
  }

  /// Updates `w`, `m` and `v` in place, eight parameters at a time, in parallel chunks.
  @inlinable
  func apply(
    _ w: UnsafeMutablePointer<Scalar>, _ g: UnsafePointer<Scalar>,
    _ m: UnsafeMutablePointer<Scalar>, _ v: UnsafeMutablePointer<Scalar>, count: Int,
    threads: Int
  ) {
    Parallelism.forEachChunk(count, threads: threads, minimumChunk: 16_384) { range in
      var q = range.lowerBound
      while q + 8 <= range.upperBound {
        update(w + q, g + q, m + q, v + q)
        q += 8
      }
      while q < range.upperBound {  // the last few, one lane each
        var (wq, mq, vq) = (SIMD8(repeating: w[q]), SIMD8(repeating: m[q]), SIMD8(repeating: v[q]))
        step(&wq, SIMD8(repeating: g[q]), &mq, &vq)
        (w[q], m[q], v[q]) = (wq[0], mq[0], vq[0])
        q += 1
      }
    }
  }

  /// The update of eight consecutive parameters in memory.
  @inlinable
  func update(
    _ w: UnsafeMutablePointer<Scalar>, _ g: UnsafePointer<Scalar>,
    _ m: UnsafeMutablePointer<Scalar>, _ v: UnsafeMutablePointer<Scalar>
  ) {
    var (wq, mq, vq) = (load(w), load(m), load(v))
    step(&wq, load(g), &mq, &vq)
    store(wq, w)
    store(mq, m)
    store(vq, v)
  }

  /// The update (see `Adam`) in eight lanes.
  @inlinable
  func step(
    _ w: inout SIMD8<Scalar>, _ g: SIMD8<Scalar>, _ m: inout SIMD8<Scalar>,
    _ v: inout SIMD8<Scalar>
  ) {
    let gradient = g + coupled * w
    m = beta1 * m + (1 - beta1) * gradient
    v = beta2 * v + (1 - beta2) * gradient * gradient
    w = w * shrink - stepSize * m / (Scalar.squareRoot(v) / rootCorrection2 + epsilon)
  }

  /// Eight scalars from memory.
  @inlinable
  func load(_ p: UnsafePointer<Scalar>) -> SIMD8<Scalar> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Scalar>.self)
  }

  /// Eight scalars to memory.
  @inlinable
  func store(_ value: SIMD8<Scalar>, _ p: UnsafeMutablePointer<Scalar>) {
    UnsafeMutableRawPointer(p).storeBytes(of: value, as: SIMD8<Scalar>.self)
  }
}
