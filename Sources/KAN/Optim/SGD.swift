/// Stochastic gradient descent with momentum (PyTorch's convention) and L2 weight decay.
///
///     g = dL/dw + lambda w
///     v = mu v + g
///     w = w - lr v
public struct SGD: Optimizer {
  /// `lr`.
  public var learningRate: Double
  /// `mu`; zero is plain gradient descent.
  public var momentum: Double
  /// `lambda`, the L2 penalty folded into the gradient.
  public var weightDecay: Double
  private var velocity: [Int: [Double]] = [:]

  /// An SGD optimizer.
  public init(learningRate: Double, momentum: Double = 0, weightDecay: Double = 0) {
    self.learningRate = learningRate
    self.momentum = momentum
    self.weightDecay = weightDecay
  }

  /// One update of every parameter.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func step<Scalar: KANScalar>(_ network: inout KANNetwork<Scalar>) {
    network.forEachParameter { slot, parameter, gradient in
      var v = velocity[slot] ?? [Double](repeating: 0, count: parameter.count)
      for q in parameter.indices {
        let g = Double(gradient[q]) + weightDecay * Double(parameter[q])
        v[q] = momentum * v[q] + g
        parameter[q] -= Scalar(learningRate * v[q])
      }
      if momentum != 0 { velocity[slot] = v }
    }
  }
}
