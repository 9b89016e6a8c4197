import KANKernels

/// Adam, and AdamW when the weight decay is decoupled (Loshchilov and Hutter), with PyTorch's
/// defaults and bias correction.
///
///     t = t + 1
///     g = dL/dw (+ lambda w for Adam's coupled L2)
///     m = beta1 m + (1 - beta1) g
///     v = beta2 v + (1 - beta2) g^2
///     w = w (1 - lr lambda)                      (AdamW only)
///     w = w - lr (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
public struct Adam: Optimizer {
  /// `lr`.
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
  /// The first and second moments per parameter slot, `([Scalar], [Scalar])` for the network's
  /// scalar type (stored type-erased because the optimizer is not generic).
  private var moments: [Int: Any] = [:]
  private var stepCount = 0

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

  /// One update of every parameter.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func step<Scalar: KANScalar>(_ network: inout KANNetwork<Scalar>) {
    stepCount += 1
    let correction1 = 1 - integerPower(beta1, stepCount)
    let correction2 = 1 - integerPower(beta2, stepCount)
    let stepSize = Scalar(learningRate / correction1)
    let rootCorrection2 = Scalar(correction2.squareRoot())
    let shrink = Scalar(decoupled ? 1 - learningRate * weightDecay : 1)
    let coupled = Scalar(decoupled ? 0 : weightDecay)
    let (b1, b2, eps) = (Scalar(beta1), Scalar(beta2), Scalar(epsilon))
    let threads = network.threads
    network.forEachParameter { slot, parameter, gradient in
      let count = parameter.count
      var (first, second) =
        moments.removeValue(forKey: slot) as? ([Scalar], [Scalar])
        ?? ([Scalar](repeating: 0, count: count), [Scalar](repeating: 0, count: count))
      parameter.withUnsafeMutableBufferPointer { w in
        gradient.withUnsafeBufferPointer { g in
          first.withUnsafeMutableBufferPointer { m in
            second.withUnsafeMutableBufferPointer { v in
              let update = AdamUpdate(
                w: w.baseAddress.unsafelyUnwrapped, g: g.baseAddress.unsafelyUnwrapped,
                m: m.baseAddress.unsafelyUnwrapped, v: v.baseAddress.unsafelyUnwrapped,
                beta1: b1, beta2: b2, epsilon: eps, stepSize: stepSize,
                rootCorrection2: rootCorrection2, shrink: shrink, coupled: coupled)
              Parallelism.forEachChunk(count, threads: threads, minimumChunk: 16_384) { range in
                update.apply(range)
              }
            }
          }
        }
      }
      moments[slot] = (first, second)
    }
  }
}

/// One Adam update over a range of parameters, with raw pointers so chunks can run in parallel.
private struct AdamUpdate<Scalar: KANScalar> {
  let w: UnsafeMutablePointer<Scalar>
  let g: UnsafePointer<Scalar>
  let m: UnsafeMutablePointer<Scalar>
  let v: UnsafeMutablePointer<Scalar>
  let beta1: Scalar
  let beta2: Scalar
  let epsilon: Scalar
  let stepSize: Scalar
  let rootCorrection2: Scalar
  let shrink: Scalar
  let coupled: Scalar

  /// Applies the update (see `Adam`) to parameters `range`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func apply(_ range: Range<Int>) {
    for q in range {
      let gradient = g[q] + coupled * w[q]
      let first = beta1 * m[q] + (1 - beta1) * gradient
      let second = beta2 * v[q] + (1 - beta2) * gradient * gradient
      m[q] = first
      v[q] = second
      w[q] = w[q] * shrink - stepSize * first / (second.squareRoot() / rootCorrection2 + epsilon)
    }
  }
}
