import KAN

/// Data augmentation: each image moved by a random whole number of pixels, up to `reach` in
/// each direction, the uncovered border filled with the background value.
///
///     (dy_b, dx_b) ~ uniform on {-reach, ..., reach}^2,  one draw per image
///     y[b, c, h, w] = x[b, c, h + dy_b, w + dx_b]     inside the image,  fill outside
///
/// A digit moved by a pixel or two is still the same digit, so the network sees a fresh
/// variant of every training image in every epoch.
public struct RandomShift: Sendable, Equatable {
  /// The largest shift in pixels, in each direction.
  public var reach: Int
  /// The value of uncovered pixels (the background: -1 for MNIST scaled to [-1, 1]).
  public var fill: Double

  /// A shift of up to `reach` pixels filling with `fill`.
  ///
  /// - Throws: `KANError.invalidArgument` for a negative reach or a non-finite fill.
  public init(reach: Int, fill: Double) throws(KANError) {
    guard reach >= 0, reach <= 64, fill.isFinite else {
      throw .invalidArgument(
        name: "shift", value: "reach \(reach), fill \(fill)",
        expected: "a reach from 0 to 64 pixels and a finite fill value")
    }
    self.reach = reach
    self.fill = fill
  }

  /// Shifts every image of a batch in place, drawing the offsets from `generator`.
  ///
  /// - Parameters:
  ///   - x: `(B, C, H, W)`.
  ///   - generator: the source of the offsets; two draws per image.
  public func apply<Scalar: KANScalar>(
    _ x: inout Tensor<Scalar>, using generator: inout SeededGenerator
  ) {
    guard reach > 0, x.shape.count == 4 else { return }
    let (batch, channels, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let span = UInt64(2 * reach + 1)
    var plane = [Scalar](repeating: 0, count: height * width)
    for b in 0..<batch {
      let dy = Int(generator.next() % span) - reach
      let dx = Int(generator.next() % span) - reach
      for c in 0..<channels {
        let offset = (b * channels + c) * height * width  // x[b, c, :, :]
        for h in 0..<height {
          for w in 0..<width {
            let (sh, sw) = (h + dy, w + dx)
            let inside = sh >= 0 && sh < height && sw >= 0 && sw < width
            plane[h * width + w] = inside ? x.scalars[offset + sh * width + sw] : Scalar(fill)
          }
        }
        x.scalars.replaceSubrange(offset..<(offset + height * width), with: plane)
      }
    }
  }
}
