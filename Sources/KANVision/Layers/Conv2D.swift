import KAN
import KANKernels

/// A 2-D convolution without bias (PyTorch's `Conv2d(bias=False)`), as one matrix product per
/// chunk of images.
///
///     y[b, o, oh, ow] = sum_{c, i, j} w[o, c, i, j] x[b, c, oh s - p + i, ow s - p + j]
///
/// With the patches of image `b` laid out as columns (`im2col`), that sum is a matrix product:
///
///     col_b (C k k, Ho Wo) = im2col(x[b])
///     y[b]  (O, Ho Wo)     = W (O, C k k) . col_b             W: w read as a matrix
///
/// A few images' patches side by side make one wider product (see `ConvolutionChunks`), so a
/// 7x7 image's 49 positions do not leave the kernel's 16-wide tiles mostly empty. The chunks are
/// split over threads; each thread builds its patches in a buffer of its own, small enough to
/// stay in its core's cache.
///
/// A stride-1 3x3 convolution of 8 or more planes in and out runs as Winograd's F(2x2, 3x3)
/// instead (`WinogradConvolution`): the same sums with 16 multiplications per 2x2 block of
/// outputs where the direct form takes 36.
public struct Conv2D<Scalar: KANScalar>: Sendable {
  /// Input planes, `C`.
  public let inChannels: Int
  /// Output planes, `O`.
  public let outChannels: Int
  /// The window side, `k`.
  public let kernelSize: Int
  /// The step between windows, `s`.
  public let stride: Int
  /// Zeros on each side of the input, `p`.
  public let padding: Int
  /// `w`, `(O, C, k, k)`.
  public internal(set) var weight: Tensor<Scalar>
  /// `dL/dw`, accumulated by `backward`, `(O, C, k, k)`.
  public internal(set) var weightGradient: Tensor<Scalar>
  /// The threads the layer may use.
  public var threads = Parallelism.defaultThreads
  /// The input of the last `forward`, `(B, C, H, W)`, for `backward`.
  var savedInput: Tensor<Scalar>?
  /// Whether a stride-1 3x3 convolution may run as Winograd's F(2x2, 3x3); tests turn it off
  /// to compare with the direct convolution.
  var allowsWinograd = true

  /// A convolution with PyTorch's initial weights, `kaiming_uniform_(a = sqrt(5))`.
  ///
  ///     w ~ U(-1/sqrt(C k k), 1/sqrt(C k k))
  ///
  /// - Parameters:
  ///   - inChannels: `C`.
  ///   - outChannels: `O`.
  ///   - kernelSize: `k`.
  ///   - stride: `s`.
  ///   - padding: `p`, less than `k`.
  ///   - seed: the seed of the weights.
  /// - Throws: `KANError.invalidArgument` for sizes that cannot make a convolution.
  public init(
    inChannels: Int, outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
    seed: UInt64 = 0
  ) throws(KANError) {
    let shape = [outChannels, inChannels, kernelSize, kernelSize]
    var generator = SeededGenerator(seed: seed)
    let bound = 1 / Double(max(1, inChannels * kernelSize * kernelSize)).squareRoot()
    let count = shape.allSatisfy { $0 > 0 } ? shape.reduce(1, *) : 0
    let values = (0..<count).map { _ in Scalar(generator.uniform(-bound, bound)) }
    try self.init(weight: Tensor(shape: shape, scalars: values), stride: stride, padding: padding)
  }

  /// A convolution with the given weights (the way a model file is loaded).
  ///
  /// - Parameters:
  ///   - weight: `w`, `(O, C, k, k)`, finite.
  ///   - stride: `s`.
  ///   - padding: `p`, less than `k`.
  /// - Throws: `KANError` for a weight that is not a non-empty square `(O, C, k, k)` tensor,
  ///   a non-finite weight, or a stride or padding out of range.
  public init(weight: Tensor<Scalar>, stride: Int = 1, padding: Int = 0) throws(KANError) {
    let shape = weight.shape
    guard shape.count == 4, shape.allSatisfy({ $0 > 0 }), shape[2] == shape[3] else {
      throw .shapeMismatch(
        what: "convolution weight (out, in, k, k)", expected: [1, 1, 3, 3], got: shape)
    }
    guard stride >= 1, padding >= 0, padding < shape[2] else {
      throw .invalidArgument(
        name: "convolution", value: "stride \(stride), padding \(padding)",
        expected: "stride >= 1 and 0 <= padding < kernel size \(shape[2])")
    }
    try weight.checkFinite("convolution weight")
    (outChannels, inChannels, kernelSize) = (shape[0], shape[1], shape[2])
    self.stride = stride
    self.padding = padding
    self.weight = weight
    weightGradient = try Tensor(shape: shape, filledWith: 0)
  }

  /// Replaces `w`, keeping its shape.
  ///
  /// - Throws: `KANError` for another shape or a non-finite value.
  public mutating func setWeight(_ weight: Tensor<Scalar>) throws(KANError) {
    guard weight.shape == self.weight.shape else {
      throw .shapeMismatch(
        what: "convolution weight", expected: self.weight.shape, got: weight.shape)
    }
    try weight.checkFinite("convolution weight")
    self.weight = weight
    savedInput = nil
  }

  /// The window of this convolution over an image of `input`'s size.
  ///
  /// - Throws: `KANError` when the image is smaller than the window.
  public func geometry(_ input: ImageShape) throws(KANError) -> WindowGeometry {
    try WindowGeometry(input: input, kernel: kernelSize, stride: stride, padding: padding)
  }

  /// The convolution of a batch, keeping nothing for `backward` (inference).
  ///
  /// - Parameter x: `(B, C, H, W)`.
  /// - Returns: `y`, `(B, O, Ho, Wo)`.
  /// - Throws: `KANError` for a wrong shape, an empty batch or a non-finite value.
  @_specialize(where Scalar == Float)
  public func callAsFunction(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    try infer(x, checked: true)
  }

  /// Inference, checking the input's values only when `checked`.
  func infer(_ x: Tensor<Scalar>, checked: Bool) throws(KANError) -> Tensor<Scalar> {
    let (batch, image) = try ImageShape.of(
      x, channels: inChannels, what: "convolution", checkFinite: checked)
    return try convolve(x, batch: batch, try geometry(image))
  }

  /// The forward pass for training: the convolution, keeping `x` for `backward`.
  ///
  /// - Parameter x: `(B, C, H, W)`.
  /// - Returns: `y`, `(B, O, Ho, Wo)`.
  /// - Throws: `KANError` for a wrong shape, an empty batch or a non-finite value.
  @_specialize(where Scalar == Float)
  public mutating func forward(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    try forward(x, checked: true)
  }

  /// `forward`, checking the input's values only when `checked` (a model checks its input
  /// once).
  mutating func forward(_ x: Tensor<Scalar>, checked: Bool) throws(KANError) -> Tensor<Scalar> {
    let (batch, image) = try ImageShape.of(
      x, channels: inChannels, what: "convolution", checkFinite: checked)
    let y = try convolve(x, batch: batch, try geometry(image))
    savedInput = x
    return y
  }

  /// `y[b] = W . im2col(x[b])` for every image (see the type's formulas).
  private func convolve(
    _ x: Tensor<Scalar>, batch: Int, _ geometry: WindowGeometry
  ) throws(KANError) -> Tensor<Scalar> {
    let output = geometry.output(channels: outChannels)
    let y: [Scalar] = filledArray(count: batch * output.count) {  // (B, O, Ho, Wo)
      if let winograd = winogradForm(geometry, batch: batch) {
        winograd.forward($0, x.scalars, weight.scalars, threads: threads)
      } else {
        DirectConvolution(geometry: geometry, outputs: outChannels, batch: batch).forward(
          $0, x.scalars, weight.scalars, threads: threads)
      }
    }
    return try Tensor(shape: output.batch(batch), scalars: y)
  }

  /// The Winograd form of this convolution over `geometry`, nil where it does not apply.
  private func winogradForm(_ geometry: WindowGeometry, batch: Int) -> WinogradConvolution? {
    allowsWinograd ? WinogradConvolution(geometry, outputs: outChannels, batch: batch) : nil
  }

  /// The backward pass: adds `dL/dw` and returns `dL/dx`.
  ///
  ///     dW^T  (C k k, O)     += sum_b col_b . dY[b]^T          (dW = dY[b] . col_b^T, summed)
  ///     dcol_b (C k k, Ho Wo) = W^T . dY[b]
  ///     dx[b]                 = col2im(dcol_b)
  ///
  /// The patches are rebuilt from the saved input rather than kept from the forward pass: one
  /// chunk's patches at a time stay in cache, a whole batch's would not. `dW` is summed
  /// transposed, `col_b` (read in place) times the transposed `dY[b]`: that product runs
  /// about 1.6 times as fast as `dY[b] . col_b^T`, which must repack `col_b`. Each chunk sums
  /// its own `dW^T`, and the chunks are added in order, so `dW` does not depend on the thread
  /// count. The Winograd form computes the same sums (see `WinogradConvolution`).
  ///
  /// - Parameters:
  ///   - dY: `dL/dy`, `(B, O, Ho, Wo)`, for the batch of the last `forward`.
  ///   - needsInputGradient: false skips `dL/dx` (a network's first layer needs none).
  /// - Returns: `dL/dx`, `(B, C, H, W)`, or nil when not needed.
  /// - Throws: `KANError` without a preceding forward or for a wrong shape.
  @_specialize(where Scalar == Float)
  @discardableResult
  public mutating func backward(
    _ dY: Tensor<Scalar>, needsInputGradient: Bool = true
  ) throws(KANError) -> Tensor<Scalar>? {
    guard let x = savedInput else { throw .noForwardPass(layer: 0) }
    let (batch, image) = try ImageShape.of(
      x, channels: inChannels, what: "convolution", checkFinite: false)
    let geometry = try geometry(image)
    let output = geometry.output(channels: outChannels)
    guard dY.shape == output.batch(batch) else {
      throw .shapeMismatch(
        what: "convolution output gradient", expected: output.batch(batch), got: dY.shape)
    }
    if let winograd = winogradForm(geometry, batch: batch) {
      let positions = WinogradConvolution.positions
      var partial = [Scalar](repeating: 0, count: winograd.count * positions * weight.count / 9)
      winograd.weightGradient(&partial, dY.scalars, x.scalars, threads: threads)  // (n, 16, C, O)
      winograd.addWeightGradient(&weightGradient.scalars, &partial)
      guard needsInputGradient else { return nil }
      let dX: [Scalar] = filledArray(count: x.count) {  // (B, C, H, W)
        winograd.inputGradient($0, dY.scalars, weight.scalars, threads: threads)
      }
      return try Tensor(shape: x.shape, scalars: dX)
    }
    var dX = [Scalar](repeating: 0, count: needsInputGradient ? x.count : 0)  // (B, C, H, W)
    let direct = DirectConvolution(geometry: geometry, outputs: outChannels, batch: batch)
    var partial = [Scalar](repeating: 0, count: direct.count * weight.count)  // (n, C k k, O)
    direct.backward(
      &partial, &dX, dY.scalars, x.scalars, weight.scalars, threads: threads,
      inputGradient: needsInputGradient)
    let patch = geometry.patchSize
    for n in 0..<direct.count {
      for q in 0..<patch {
        for o in 0..<outChannels {
          weightGradient.scalars[o * patch + q] += partial[(n * patch + q) * outChannels + o]
        }
      }
    }
    return needsInputGradient ? try Tensor(shape: x.shape, scalars: dX) : nil
  }

  /// Sets `dL/dw` to zero.
  public mutating func zeroGradients() {
    for q in weightGradient.scalars.indices { weightGradient.scalars[q] = 0 }
  }
}

extension Conv2D: Trainable {
  /// Calls `body` with `w` (slot 0) and its gradient.
  public mutating func forEachParameter(
    _ body: (_ slot: Int, _ parameter: inout [Scalar], _ gradient: [Scalar]) -> Void
  ) {
    body(0, &weight.scalars, weightGradient.scalars)
  }
}
