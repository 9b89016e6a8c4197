import KAN

/// Each image as one row: `(B, C, H, W)` to `(B, C H W)`, the same scalars in the same order.
///
///     y[b, (c H + h) W + w] = x[b, c, h, w]           dL/dx = dL/dy read as (B, C, H, W)
public struct Flatten<Scalar: KANScalar>: Sendable {
  /// The input shape of the last `forward`, for `backward`.
  var savedShape: [Int]?

  /// A flattening layer.
  public init() {}

  /// The images as rows.
  ///
  /// - Parameter x: `(B, ...)`, at least 2-D.
  /// - Returns: `(B, product of the rest)`.
  /// - Throws: `KANError.shapeMismatch` for a tensor of fewer than 2 dimensions.
  public func callAsFunction(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    guard x.shape.count >= 2 else {
      throw .shapeMismatch(
        what: "flatten input (batch, ...)", expected: [x.shape.first ?? 1, 1], got: x.shape)
    }
    return try Tensor(shape: [x.shape[0], x.shape.dropFirst().reduce(1, *)], scalars: x.scalars)
  }

  /// The images as rows, keeping the input shape for `backward`.
  ///
  /// - Parameter x: `(B, ...)`, at least 2-D.
  /// - Returns: `(B, product of the rest)`.
  /// - Throws: `KANError.shapeMismatch` for a tensor of fewer than 2 dimensions.
  public mutating func forward(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    let y = try self(x)
    savedShape = x.shape
    return y
  }

  /// `dL/dx`: `dL/dy` in the input's shape.
  ///
  /// - Throws: `KANError` without a preceding forward or for a wrong shape.
  public func backward(_ dY: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    guard let shape = savedShape else { throw .noForwardPass(layer: 0) }
    guard dY.shape == [shape[0], shape.dropFirst().reduce(1, *)] else {
      throw .shapeMismatch(
        what: "flatten output gradient", expected: [shape[0], shape.dropFirst().reduce(1, *)],
        got: dY.shape)
    }
    return try Tensor(shape: shape, scalars: dY.scalars)
  }
}
