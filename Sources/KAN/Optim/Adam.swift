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
  private var moments: [Int: (first: [Double], second: [Double])] = [:]
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
    network.forEachParameter { slot, parameter, gradient in
      let zeros = [Double](repeating: 0, count: parameter.count)
      var state = moments.removeValue(forKey: slot) ?? (zeros, zeros)
      for q in parameter.indices {
        let g = gradient[q] + coupled * parameter[q]
        let m = b1 * Scalar(state.first[q]) + (1 - b1) * g
        let v = b2 * Scalar(state.second[q]) + (1 - b2) * g * g
        state.first[q] = Double(m)
        state.second[q] = Double(v)
        parameter[q] =
          parameter[q] * shrink - stepSize * m / (v.squareRoot() / rootCorrection2 + eps)
      }
      moments[slot] = state
    }
  }
}
