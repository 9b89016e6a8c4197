/// A first-order update rule applied to every parameter tensor of a model after `backward`.
///
/// The optimizer owns the learning rate. A schedule never overwrites it: the trainer passes a
/// factor for the epoch, and the step uses `learningRate * factor` (as PyTorch's schedulers
/// scale each group's initial rate).
public protocol Optimizer {
  /// The base step size; each step uses it times the schedule's factor.
  var learningRate: Double { get set }

  /// Updates every parameter of `model` from its accumulated gradient, with step size
  /// `learningRate * learningRateFactor`.
  mutating func step<Model: Trainable>(_ model: inout Model, learningRateFactor: Double)
}

extension Optimizer {
  /// Updates every parameter of `model` with step size `learningRate`.
  public mutating func step<Model: Trainable>(_ model: inout Model) {
    step(&model, learningRateFactor: 1)
  }
}

/// Exponential learning-rate decay, once per epoch (PyTorch's `ExponentialLR`): a factor on the
/// optimizer's own learning rate.
///
///     lr_e = lr gamma^e          (lr: the optimizer's learningRate; e from 0)
public struct ExponentialDecay: Sendable {
  /// `gamma`, the factor per epoch.
  public var gamma: Double

  /// A schedule shrinking the learning rate by `gamma` each epoch (1 keeps it constant).
  public init(gamma: Double) {
    self.gamma = gamma
  }

  /// The factor for epoch `epoch` (0-based), `gamma^epoch`.
  public func factor(epoch: Int) -> Double {
    integerPower(gamma, epoch)
  }
}

/// `base^exponent` for a non-negative integer exponent, by repeated squaring.
@usableFromInline
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
