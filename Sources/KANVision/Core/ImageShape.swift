import KAN

/// The size of one image, `(channels, height, width)`.
///
/// A batch of images is a tensor of shape `(batch, channels, height, width)`, row-major:
///
///     x[b, c, h, w] = x.scalars[((b * channels + c) * height + h) * width + w]
public struct ImageShape: Equatable, Sendable, CustomStringConvertible {
  /// Planes per image (1 for grey, 3 for RGB, the feature maps of a hidden layer).
  public var channels: Int
  /// Rows per plane.
  public var height: Int
  /// Columns per plane.
  public var width: Int

  /// An image size.
  public init(channels: Int, height: Int, width: Int) {
    self.channels = channels
    self.height = height
    self.width = width
  }

  /// `height * width`, the pixels of one plane.
  public var planeSize: Int { height * width }
  /// `channels * height * width`, the scalars of one image.
  public var count: Int { channels * planeSize }

  /// `CxHxW`, as in `1x28x28`.
  public var description: String { "\(channels)x\(height)x\(width)" }

  /// The shape of a batch of `batch` such images.
  public func batch(_ batch: Int) -> [Int] { [batch, channels, height, width] }

  /// Reads the batch size and image size of a `(batch, channels, height, width)` tensor and
  /// checks it against what a layer takes.
  ///
  /// - Parameters:
  ///   - x: The tensor.
  ///   - channels: The channels the layer takes.
  ///   - what: The layer's name, for the message.
  ///   - checkFinite: Whether to check every value too (public entry points do; a model checks
  ///     its input once and then trusts its own layers).
  /// - Returns: The batch size and the image size.
  /// - Throws: `KANError.shapeMismatch` for a tensor that is not 4-D, has another channel
  ///   count or an empty plane; `.emptyBatch`; `.nonFinite`.
  static func of<Scalar: KANScalar>(
    _ x: Tensor<Scalar>, channels: Int, what: String, checkFinite: Bool = true
  ) throws(KANError) -> (batch: Int, image: ImageShape) {
    let shape = x.shape
    guard shape.count == 4, shape[1] == channels, shape[2] > 0, shape[3] > 0 else {
      let expected = [shape.first ?? 1, channels, shape.count == 4 ? shape[2] : 1]
      throw .shapeMismatch(
        what: "\(what) input (batch, channels, height, width)",
        expected: expected + [shape.count == 4 ? shape[3] : 1], got: shape)
    }
    guard shape[0] > 0 else { throw .emptyBatch(what: "\(what) input") }
    if checkFinite, let index = firstNonFinite(x.scalars) {
      throw .nonFinite(what: "\(what) input", index: index)
    }
    return (shape[0], ImageShape(channels: shape[1], height: shape[2], width: shape[3]))
  }
}

/// The flat index of the first NaN or infinity in `x`, or nil when every value is finite.
///
///     v - v = 0 for a finite v, NaN for NaN and the infinities
///
/// so one vectorised pass of `sum (v - v)` decides, and only a failing array is searched.
func firstNonFinite<Scalar: KANScalar>(_ x: [Scalar]) -> Int? {
  allFinite(x, x.count) ? nil : x.firstIndex { !$0.isFinite }
}

/// Whether `sum (v - v)` over the run is 0: every value finite.
private func allFinite<Scalar: KANScalar>(_ x: UnsafePointer<Scalar>, _ count: Int) -> Bool {
  var sum = SIMD8<Scalar>()
  let whole = count - count % 8
  for q in stride(from: 0, to: whole, by: 8) {
    let lanes = UnsafeRawPointer(x + q).loadUnaligned(as: SIMD8<Scalar>.self)
    sum += lanes - lanes
  }
  for q in whole..<count { sum[0] += x[q] - x[q] }
  return sum.sum() == 0
}
