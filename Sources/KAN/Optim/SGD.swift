/// Stochastic gradient descent with momentum (PyTorch's convention) and L2 weight decay.
///
///     lr_t = learningRate * factor      (factor: the schedule's, 1 by default)
///     g = dL/dw + lambda w
///     v = mu v + g
///     w = w - lr_t v
public struct SGD: Optimizer {
  /// The base learning rate.
  public var learningRate: Double
  /// `mu`; zero is plain gradient descent.
  public var momentum: Double
  /// `lambda`, the L2 penalty folded into the gradient.
  public var weightDecay: Double
  /// The velocity per parameter slot (kept only with momentum).
  @usableFromInline var velocity: [Int: [Double]] = [:]

  /// An SGD optimizer.
  public init(learningRate: Double, momentum: Double = 0, weightDecay: Double = 0) {
    self.learningRate = learningRate
    self.momentum = momentum
    self.weightDecay = weightDecay
  }

  /// One update of every parameter (see the type's formulas).
  @inlinable
  public mutating func step<Model: Trainable>(_ model: inout Model, learningRateFactor: Double) {
    let rate = learningRate * learningRateFactor
    model.forEachParameter { slot, parameter, gradient in
      // A tensor that changed size (a pruned layer, new fixed edges) starts afresh.
      var v =
        velocity[slot].flatMap { $0.count == parameter.count ? $0 : nil }
        ?? [Double](repeating: 0, count: parameter.count)
      for q in parameter.indices {
        let g = Double(gradient[q]) + weightDecay * Double(parameter[q])
        v[q] = momentum * v[q] + g
        parameter[q] -= Model.Scalar(rate * v[q])
      }
      if momentum != 0 { velocity[slot] = v }
    }
  }
}
