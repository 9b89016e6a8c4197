import KAN

/// The rectifier, element by element, on a tensor of any shape.
///
///     y = max(x, 0)            dL/dx = dL/dy [y > 0]
///
/// The derivative at 0 is taken as 0, as PyTorch does.
public struct ReLU<Scalar: KANScalar>: Sendable {
  /// The output of the last `forward`, for `backward`.
  var savedOutput: Tensor<Scalar>?

  /// A rectifier.
  public init() {}

  /// `max(x, 0)`, keeping nothing (inference).
  ///
  /// - Parameter x: Any shape.
  /// - Returns: `y`, same shape.
  public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
    var y = x
    rectify(&y.scalars)
    return y
  }

  /// `max(x, 0)`, keeping `y` for `backward`.
  ///
  /// - Parameter x: Any shape.
  /// - Returns: `y`, same shape.
  public mutating func forward(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
    let y = self(x)
    savedOutput = y
    return y
  }

  /// `dL/dx = dL/dy [y > 0]`.
  ///
  /// - Parameter dY: `dL/dy`, the shape of the last forward's output.
  /// - Returns: `dL/dx`.
  /// - Throws: `KANError` without a preceding forward or for a wrong shape.
  public func backward(_ dY: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    guard let y = savedOutput else { throw .noForwardPass(layer: 0) }
    guard dY.shape == y.shape else {
      throw .shapeMismatch(what: "ReLU output gradient", expected: y.shape, got: dY.shape)
    }
    var dX = dY
    gateByOutput(&dX.scalars, y.scalars)
    return dX
  }
}

/// `x = max(x, 0)` in place.
func rectify<Scalar: KANScalar>(_ x: inout [Scalar]) {
  x.withUnsafeMutableBufferPointer { buffer in
    for q in buffer.indices where !(buffer[q] > 0) { buffer[q] = 0 }
  }
}

/// `dY = dY [y > 0]` in place: the rectifier's backward from its output.
func gateByOutput<Scalar: KANScalar>(_ dY: inout [Scalar], _ y: [Scalar]) {
  dY.withUnsafeMutableBufferPointer { gradient in
    y.withUnsafeBufferPointer { output in
      for q in gradient.indices where !(output[q] > 0) { gradient[q] = 0 }
    }
  }
}
