import KAN

/// The largest value under each window of each channel (PyTorch's `MaxPool2d`).
///
///     y[b, c, oh, ow] = max_{i, j < k} x[b, c, oh s - p + i, ow s - p + j]    (inside x only)
///     dL/dx[b, c, h, w] = sum of dL/dy[b, c, oh, ow] over the windows whose maximum is (h, w)
///
/// Padding positions never win (PyTorch pads with -infinity); on a tie the first position in
/// row-major order wins, so exactly one input per window receives the gradient.
public struct MaxPool2D<Scalar: KANScalar>: Sendable {
  /// The window side, `k`.
  public let kernelSize: Int
  /// The step between windows, `s`.
  public let stride: Int
  /// The positions added on each side, `p`, which never win.
  public let padding: Int
  /// The input and output shapes and, per output value, the flat input index of its maximum.
  var saved: (input: [Int], output: [Int], winners: [Int])?

  /// A max pooling layer; the stride defaults to the window side.
  ///
  /// - Throws: `KANError.invalidArgument` for a kernel or stride below 1 or a padding of more
  ///   than half the kernel.
  public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws(KANError) {
    let stride = stride ?? kernelSize
    guard kernelSize >= 1, stride >= 1, padding >= 0, 2 * padding <= kernelSize else {
      throw .invalidArgument(
        name: "max pool", value: "kernel \(kernelSize), stride \(stride), padding \(padding)",
        expected: "kernel >= 1, stride >= 1, 0 <= padding <= kernel / 2")
    }
    self.kernelSize = kernelSize
    self.stride = stride
    self.padding = padding
  }

  /// The maxima of every window, keeping nothing (inference).
  ///
  /// - Parameter x: `(B, C, H, W)`.
  /// - Returns: `y`, `(B, C, Ho, Wo)`.
  /// - Throws: `KANError` for a wrong shape, an empty batch, a non-finite value or an image
  ///   smaller than the window.
  public func callAsFunction(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    try pool(x).y
  }

  /// The maxima of every window, keeping where they were for `backward`.
  ///
  /// - Parameter x: `(B, C, H, W)`.
  /// - Returns: `y`, `(B, C, Ho, Wo)`.
  /// - Throws: As `callAsFunction`.
  public mutating func forward(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    let (y, winners) = try pool(x)
    saved = (x.shape, y.shape, winners)
    return y
  }

  /// The maxima and the flat index of each.
  private func pool(_ x: Tensor<Scalar>) throws(KANError) -> (y: Tensor<Scalar>, winners: [Int]) {
    guard x.shape.count == 4 else {
      throw .shapeMismatch(
        what: "max pool input (batch, channels, height, width)",
        expected: [x.shape.first ?? 1, 1, kernelSize, kernelSize], got: x.shape)
    }
    let (batch, image) = try ImageShape.of(x, channels: x.shape[1], what: "max pool")
    // The window over one plane: pooling is a one-channel window run over every plane.
    let geometry = try WindowGeometry(
      input: ImageShape(channels: 1, height: image.height, width: image.width),
      kernel: kernelSize, stride: stride, padding: padding)
    let (outHeight, outWidth) = (geometry.outHeight, geometry.outWidth)
    let planes = batch * image.channels
    var y = [Scalar](repeating: 0, count: planes * geometry.positions)  // (B, C, Ho, Wo)
    var winners = [Int](repeating: 0, count: y.count)
    for plane in 0..<planes {
      let base = plane * image.planeSize  // x[b, c, :, :]
      for oh in 0..<outHeight {
        for ow in 0..<outWidth {
          var best = -1
          for i in 0..<kernelSize {
            let h = oh * stride - padding + i
            guard h >= 0 && h < image.height else { continue }
            for j in 0..<kernelSize {
              let w = ow * stride - padding + j
              guard w >= 0 && w < image.width else { continue }
              let q = base + h * image.width + w
              if best < 0 || x.scalars[q] > x.scalars[best] { best = q }
            }
          }
          let out = (plane * outHeight + oh) * outWidth + ow
          (y[out], winners[out]) = (x.scalars[best], best)
        }
      }
    }
    let shape = [batch, image.channels, outHeight, outWidth]
    return (try Tensor(shape: shape, scalars: y), winners)
  }

  /// `dL/dx`: each output's gradient added to the input that won its window.
  ///
  /// - Parameter dY: `dL/dy`, `(B, C, Ho, Wo)`, for the batch of the last `forward`.
  /// - Returns: `dL/dx`, `(B, C, H, W)`.
  /// - Throws: `KANError` without a preceding forward or for a wrong shape.
  public func backward(_ dY: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    guard let (shape, output, winners) = saved else { throw .noForwardPass(layer: 0) }
    guard dY.shape == output else {
      throw .shapeMismatch(what: "max pool output gradient", expected: output, got: dY.shape)
    }
    var dX = [Scalar](repeating: 0, count: shape.reduce(1, *))  // (B, C, H, W)
    for (out, q) in winners.enumerated() { dX[q] += dY.scalars[out] }
    return try Tensor(shape: shape, scalars: dX)
  }
}
