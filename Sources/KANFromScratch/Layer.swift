/// A KAN layer: every edge `i -> j` carries its own learnable spline `phi_ij` (blog §KAN Layer).
///
///     y_j = sum_i phi_ij(x_i) = sum_i sum_k w_ijk B_k(x_i)
///
/// The weights `w` are public and settable, and so are the knots (through `init(w:spline:)`), so
/// the efficient track can be tested against this layer on the same numbers.
public struct Layer: Sendable {
  /// The number of inputs `i`.
  public let inFeatures: Int
  /// The number of outputs `j`.
  public let outFeatures: Int
  /// The basis shared by every edge; `spline.n` is the number of weights per edge.
  public let spline: BSpline
  /// The learnable weights; w is (in, out, n).
  ///
  /// Setting a different shape or a non-finite value makes `forward` throw.
  public var w: [[[Double]]]
  /// The weight gradient stored by the last `backward`; dEdW is (in, out, n).
  public private(set) var dEdW: [[[Double]]]
  /// The input of the last `forward`; x is (in), empty before the first forward.
  private var x: [Double] = []
  /// The basis values of the last `forward` (the blog's `self.B`); basis is (n, in).
  private var basis: [[Double]]
  /// The basis derivatives of the last `backward`; basisPrime is (n, in).
  ///
  /// `basis` and `basisPrime` are allocated once and overwritten in place, where the blog builds
  /// new arrays on every call; in the demo that alone makes training about 1.6 times faster.
  private var basisPrime: [[Double]]

  /// Creates a layer from given weights and basis, for parity tests and hand-made examples.
  ///
  /// - Parameters:
  ///   - w: The weights; w is (in, out, spline.n), rectangular, finite.
  ///   - spline: The basis every edge uses, uniform or not.
  /// - Throws: `FromScratchError.shapeMismatch` or `.nonFiniteInput` for a bad `w`.
  public init(w: [[[Double]]], spline: BSpline) throws(FromScratchError) {
    guard let first = w.first, !first.isEmpty else {
      throw .invalidArgument(what: "Layer(w:)", reason: "w must be (in, out, n) with in, out >= 1")
    }
    self.inFeatures = w.count
    self.outFeatures = first.count
    self.spline = spline
    self.w = w
    self.dEdW = w.map { $0.map { $0.map { _ in 0 } } }
    self.basis = Array(repeating: Array(repeating: 0, count: w.count), count: spline.n)
    self.basisPrime = basis
    try checkWeights()
  }

  /// Computes the layer's output (blog §Forward Pass, `np.einsum('ijk,ki->j', W, B)`).
  ///
  ///     y_j = sum_i sum_k w_ijk B_k(x_i)
  ///
  /// Stores `x` and the basis values for `backward`. Inputs outside `[-1, 1]` are accepted; see
  /// `BSpline` for what the bases do there (they fade out, then vanish).
  ///
  /// - Parameter x: The input; x is (in).
  /// - Returns: The output; y is (out).
  /// - Throws: `FromScratchError` for a wrong length or a non-finite value.
  public mutating func forward(_ x: [Double]) throws(FromScratchError) -> [Double] {
    try validate(x, count: inFeatures, what: "Layer.forward x")
    try checkWeights()
    for k in 0..<spline.n {  // basis[k][i] = B_k(x_i), the blog's self.spline(x), in place
      for i in 0..<inFeatures {
        basis[k][i] = spline.basis(x[i], degree: spline.p, index: k)
      }
    }
    var y = [Double](repeating: 0, count: outFeatures)  // y is (out)
    for i in 0..<inFeatures {
      for j in 0..<outFeatures {
        for k in 0..<spline.n {
          y[j] += w[i][j][k] * basis[k][i]
        }
      }
    }
    self.x = x
    return y
  }

  /// Computes the weight and input gradients from `dEdY` (blog §Backward Pass).
  ///
  /// Stores `dEdW` and returns `dEdX`; it does not change `w`.
  ///
  ///     dEdW_ijk = dEdY_j B_k(x_i)                          np.einsum('j,ki->ijk')
  ///     dEdX_i   = sum_j dEdY_j sum_k w_ijk B'_k(x_i)       np.einsum('j,ijk,ki->i')
  ///
  /// Where we differ from the blog: its `backward` subtracts `lr * dEdW` from `W` and only then
  /// computes `dEdX`, so the gradient it passes to the previous layer uses weights the forward
  /// pass never saw. That is not the derivative of the loss. Here `dEdX` uses the weights of the
  /// forward pass, and `update(learningRate:)` applies `dEdW` separately. `blogOrderBackward`
  /// keeps the blog's order so the difference can be shown.
  ///
  /// - Parameter dEdY: The gradient of the loss with respect to the output; dEdY is (out).
  /// - Returns: The gradient of the loss with respect to the input; dEdX is (in).
  /// - Throws: `FromScratchError` before any forward or for a wrong length or non-finite value.
  public mutating func backward(_ dEdY: [Double]) throws(FromScratchError) -> [Double] {
    guard x.count == inFeatures else { throw .backwardBeforeForward(what: "Layer") }
    try validate(dEdY, count: outFeatures, what: "Layer.backward dEdY")
    // contribution to w
    for i in 0..<inFeatures {
      for j in 0..<outFeatures {
        for k in 0..<spline.n {
          dEdW[i][j][k] = dEdY[j] * basis[k][i]
        }
      }
    }
    // contribution to x, with the weights the forward pass used
    for k in 0..<spline.n {  // basisPrime[k][i] = B'_k(x_i), the blog's spline.derivative(x)
      for i in 0..<inFeatures {
        basisPrime[k][i] = spline.derivative(x[i], index: k)
      }
    }
    var dEdX = [Double](repeating: 0, count: inFeatures)  // dEdX is (in)
    for i in 0..<inFeatures {
      for j in 0..<outFeatures {
        for k in 0..<spline.n {
          dEdX[i] += dEdY[j] * w[i][j][k] * basisPrime[k][i]
        }
      }
    }
    return dEdX
  }

  /// Applies one step of gradient descent with the gradient stored by `backward`.
  ///
  ///     w_ijk <- w_ijk - learningRate * dEdW_ijk
  ///
  /// - Parameter learningRate: The step size; the blog uses 0.05.
  public mutating func update(learningRate: Double = 0.05) {
    for i in 0..<inFeatures {
      for j in 0..<outFeatures {
        for k in 0..<spline.n {
          w[i][j][k] -= learningRate * dEdW[i][j][k]
        }
      }
    }
  }
}
