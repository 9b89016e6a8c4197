/// A first-order update rule applied to every parameter tensor of a network after `backward`.
public protocol Optimizer {
  /// The step size of the next update.
  var learningRate: Double { get set }

  /// Updates every parameter of `network` from its accumulated gradient.
  mutating func step<Scalar: KANScalar>(_ network: inout KANNetwork<Scalar>)
}

/// Exponential learning-rate decay, applied once per epoch (PyTorch's `ExponentialLR`).
///
///     lr_e = lr_0 gamma^e
public struct ExponentialDecay: Sendable {
  /// `lr_0`.
  public var initial: Double
  /// `gamma`, the factor per epoch.
  public var gamma: Double

  /// A schedule starting at `initial` and shrinking by `gamma` each epoch.
  public init(initial: Double, gamma: Double) {
    self.initial = initial
    self.gamma = gamma
  }

  /// The learning rate for epoch `epoch` (0-based).
  public func learningRate(epoch: Int) -> Double {
    initial * integerPower(gamma, epoch)
  }
}

/// `base^exponent` for a non-negative integer exponent, by repeated squaring.
func integerPower(_ base: Double, _ exponent: Int) -> Double {
  var result = 1.0
  var power = base
  var remaining = exponent
  while remaining > 0 {
    if remaining & 1 == 1 { result *= power }
    power *= power
    remaining >>= 1
  }
  return result
}
