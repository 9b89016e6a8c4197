import KAN

/// Where a `kernel x kernel` window lands as it slides over an image with a stride and zero
/// padding: the sizes convolution and pooling share.
///
///     outHeight = (height + 2 padding - kernel) / stride + 1        (floor division)
///     outWidth  = (width  + 2 padding - kernel) / stride + 1
///     window (oh, ow) covers row    oh stride - padding + i,   i < kernel
///                            column ow stride - padding + j,   j < kernel
///
/// A window position whose row or column falls outside the image reads zero there (padding).
public struct WindowGeometry: Equatable, Sendable {
  /// The input image.
  public let input: ImageShape
  /// The window's side.
  public let kernel: Int
  /// The step between window positions.
  public let stride: Int
  /// The zeros added on each side.
  public let padding: Int

  /// The window positions down the image.
  public var outHeight: Int { (input.height + 2 * padding - kernel) / stride + 1 }
  /// The window positions across the image.
  public var outWidth: Int { (input.width + 2 * padding - kernel) / stride + 1 }
  /// `outHeight * outWidth`, the window positions.
  public var positions: Int { outHeight * outWidth }
  /// `channels * kernel * kernel`, the values under one window: a patch.
  public var patchSize: Int { input.channels * kernel * kernel }

  /// The geometry of a window sliding over `input`.
  ///
  /// - Throws: `KANError.invalidArgument` for a kernel or stride below 1, a negative padding,
  ///   a padding of a whole kernel or more, or a window larger than the padded image.
  public init(input: ImageShape, kernel: Int, stride: Int, padding: Int) throws(KANError) {
    guard kernel >= 1, stride >= 1, padding >= 0, padding < kernel else {
      throw .invalidArgument(
        name: "window", value: "kernel \(kernel), stride \(stride), padding \(padding)",
        expected: "kernel >= 1, stride >= 1 and 0 <= padding < kernel")
    }
    guard kernel <= input.height + 2 * padding, kernel <= input.width + 2 * padding else {
      throw .invalidArgument(
        name: "image", value: "\(input)",
        expected: "at least \(kernel - 2 * padding) pixels high and wide for a \(kernel)x"
          + "\(kernel) window with padding \(padding)")
    }
    self.input = input
    self.kernel = kernel
    self.stride = stride
    self.padding = padding
  }

  /// The output image of `channels` planes, one value per window position.
  public func output(channels: Int) -> ImageShape {
    ImageShape(channels: channels, height: outHeight, width: outWidth)
  }

  /// Calls `body` for every window offset `(c, i, j)`, in the order of the patch rows.
  ///
  ///     q = (c k + i) k + j,     c < channels, i < kernel, j < kernel
  @inline(__always)
  func forEachOffset(_ body: (_ q: Int, _ c: Int, _ i: Int, _ j: Int) -> Void) {
    for c in 0..<input.channels {
      for i in 0..<kernel {
        for j in 0..<kernel { body((c * kernel + i) * kernel + j, c, i, j) }
      }
    }
  }

  /// Whether the patches are the image itself: a 1x1 window, stride 1, no padding.
  var isIdentity: Bool { kernel == 1 && stride == 1 && padding == 0 }

  /// Whether the window moves one pixel at a time and the output is as wide as the image
  /// (`2 p = k - 1`): then a window offset's patch row is the plane shifted by one amount.
  var keepsWidth: Bool { stride == 1 && outWidth == input.width }

  /// The output rows `oh` whose window row `i` lands inside the image.
  ///
  ///     0 <= oh stride - padding + i < height
  ///
  /// - Parameter i: The row within the window.
  /// - Returns: The range of `oh`, possibly empty.
  func insideRows(_ i: Int) -> Range<Int> {
    inside(i, extent: input.height, outputs: outHeight)
  }

  /// The output columns `ow` whose window column `j` lands inside the image.
  ///
  ///     0 <= ow stride - padding + j < width
  ///
  /// - Parameter j: The column within the window.
  /// - Returns: The range of `ow`, possibly empty.
  func insideColumns(_ j: Int) -> Range<Int> {
    inside(j, extent: input.width, outputs: outWidth)
  }

  /// The outputs `o < outputs` with `0 <= o stride - padding + offset < extent`.
  private func inside(_ offset: Int, extent: Int, outputs: Int) -> Range<Int> {
    let shift = offset - padding  // input index = o stride + shift
    let first = shift >= 0 ? 0 : (-shift + stride - 1) / stride
    let last = extent - 1 - shift  // o stride <= last
    let end = last < 0 ? 0 : min(outputs, last / stride + 1)
    return min(first, end)..<end
  }
}
