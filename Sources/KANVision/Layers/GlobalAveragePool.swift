import KAN

/// The mean of each channel over its plane: `(B, C, H, W)` to `(B, C)`.
///
///     y[b, c] = (1 / (H W)) sum_{h, w} x[b, c, h, w]          dL/dx[b, c, h, w] = dL/dy[b, c] / (H W)
public struct GlobalAveragePool<Scalar: KANScalar>: Sendable {
  /// The input shape of the last `forward`, for `backward`.
  var savedShape: [Int]?

  /// A pooling layer.
  public init() {}

  /// The mean of every plane.
  ///
  /// - Parameter x: `(B, C, H, W)`.
  /// - Returns: `y`, `(B, C)`.
  /// - Throws: `KANError` for a tensor that is not a non-empty batch of images.
  public func callAsFunction(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    guard x.shape.count == 4 else {
      throw .shapeMismatch(
        what: "global average pool input (batch, channels, height, width)",
        expected: [x.shape.first ?? 1, 1, 1, 1], got: x.shape)
    }
    let (batch, image) = try ImageShape.of(
      x, channels: x.shape[1], what: "global average pool", checkFinite: false)
    let plane = image.planeSize
    var y = [Scalar](repeating: 0, count: batch * image.channels)  // (B, C)
    planeMeans(&y, x.scalars, rows: y.count, plane: plane)
    return try Tensor(shape: [batch, image.channels], scalars: y)
  }

  /// `y[row] = mean of x[row * plane ..< (row + 1) * plane]`.
  private func planeMeans(
    _ y: UnsafeMutablePointer<Scalar>, _ x: UnsafePointer<Scalar>, rows: Int, plane: Int
  ) {
    for row in 0..<rows { y[row] = lanes(x + row * plane, plane).sum() / Scalar(plane) }
  }

  /// The mean of every plane, keeping the input shape for `backward`.
  ///
  /// - Parameter x: `(B, C, H, W)`.
  /// - Returns: `y`, `(B, C)`.
  /// - Throws: `KANError` for a tensor that is not a non-empty batch of images.
  public mutating func forward(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    let y = try self(x)
    savedShape = x.shape
    return y
  }

  /// `dL/dx[b, c, h, w] = dL/dy[b, c] / (H W)`.
  ///
  /// - Parameter dY: `dL/dy`, `(B, C)`.
  /// - Returns: `dL/dx`, `(B, C, H, W)`.
  /// - Throws: `KANError` without a preceding forward or for a wrong shape.
  public func backward(_ dY: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    guard let shape = savedShape else { throw .noForwardPass(layer: 0) }
    guard dY.shape == [shape[0], shape[1]] else {
      throw .shapeMismatch(
        what: "global average pool output gradient", expected: [shape[0], shape[1]],
        got: dY.shape)
    }
    let plane = shape[2] * shape[3]
    var dX = [Scalar](repeating: 0, count: dY.count * plane)  // (B, C, H, W)
    for row in 0..<dY.count {
      let share = dY.scalars[row] / Scalar(plane)
      for q in (row * plane)..<((row + 1) * plane) { dX[q] = share }
    }
    return try Tensor(shape: shape, scalars: dX)
  }
}
