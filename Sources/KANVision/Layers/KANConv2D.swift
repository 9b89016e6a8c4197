import KAN
import KANKernels

/// A KAN convolution: every output channel at every position is a sum of learnable univariate
/// functions of the values under the window.
///
///     y[b, o, oh, ow] = sum_q phi_oq( patch_{b, oh, ow}[q] ),     q = (c, i, j) < C k k
///     patch_{b, oh, ow}[(c k + i) k + j] = x[b, c, oh s - p + i, ow s - p + j]   (0 outside)
///
/// With one patch per row, that is a `KANLinear` from `C k k` inputs to `O` outputs applied to
/// every window position of every image:
///
///     P  (B Ho Wo, C k k) = the patches as rows          P[b Ho Wo + r, q] = col_b[q, r]
///     Y' (B Ho Wo, O)     = kan(P)
///     y[b, o, r]          = Y'[b Ho Wo + r, o]
///
/// so it reuses the layer's bases, fused and product paths, and hand-written backward. Each
/// edge `phi_oq` is the layer's `w_b silu(v) + s sum_m w_s B_m(v)`.
public struct KANConv2D<Scalar: KANScalar>: Sendable {
  /// Input planes, `C`.
  public let inChannels: Int
  /// The window side, `k`.
  public let kernelSize: Int
  /// The step between windows, `s`.
  public let stride: Int
  /// Zeros on each side of the input, `p`.
  public let padding: Int
  /// The KAN layer on the patches, `C k k` inputs, `O` outputs.
  public internal(set) var kan: KANLinear<Scalar>
  /// The input shape of the last `forward`, for `backward`.
  var savedShape: [Int]?

  /// Output planes, `O`.
  public var outChannels: Int { kan.outFeatures }

  /// The threads the layer may use.
  public var threads: Int {
    get { kan.threads }
    set { kan.threads = newValue }
  }

  /// A KAN convolution with efficient-kan's initial layer.
  ///
  /// - Parameters:
  ///   - inChannels: `C`.
  ///   - outChannels: `O`.
  ///   - kernelSize: `k`.
  ///   - stride: `s`.
  ///   - padding: `p`, less than `k`.
  ///   - configuration: the grid, order, basis and activation of every edge.
  ///   - seed: the seed of the layer's weights.
  /// - Throws: `KANError.invalidArgument` for sizes or settings that cannot make the layer.
  public init(
    inChannels: Int, outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
    configuration: KANConfiguration = KANConfiguration(), seed: UInt64 = 0
  ) throws(KANError) {
    guard inChannels >= 1, kernelSize >= 1, inChannels <= KANLimits.parameters / kernelSize
    else {
      throw .invalidArgument(
        name: "KAN convolution", value: "\(inChannels) channels, kernel \(kernelSize)",
        expected: "at least one channel and a kernel of at least 1")
    }
    let kan = try KANLinear<Scalar>(
      inFeatures: inChannels * kernelSize * kernelSize, outFeatures: outChannels,
      configuration: configuration, seed: seed)
    try self.init(
      kan: kan, inChannels: inChannels, kernelSize: kernelSize, stride: stride, padding: padding)
  }

  /// A KAN convolution around an existing layer (the way a model file is loaded).
  ///
  /// - Throws: `KANError` when the layer does not take `C k k` inputs, or for a stride or
  ///   padding out of range.
  public init(
    kan: KANLinear<Scalar>, inChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0
  ) throws(KANError) {
    guard inChannels >= 1, kernelSize >= 1, kan.inFeatures == inChannels * kernelSize * kernelSize
    else {
      throw .invalidModel(
        "a KAN convolution of \(inChannels) channels and a \(kernelSize)x\(kernelSize) window "
          + "needs a layer of \(inChannels * kernelSize * kernelSize) inputs, not "
          + "\(kan.inFeatures)")
    }
    guard stride >= 1, padding >= 0, padding < kernelSize else {
      throw .invalidArgument(
        name: "KAN convolution", value: "stride \(stride), padding \(padding)",
        expected: "stride >= 1 and 0 <= padding < kernel size \(kernelSize)")
    }
    self.inChannels = inChannels
    self.kernelSize = kernelSize
    self.stride = stride
    self.padding = padding
    self.kan = kan
  }

  /// The window of this convolution over an image of `input`'s size.
  ///
  /// - Throws: `KANError` when the image is smaller than the window.
  public func geometry(_ input: ImageShape) throws(KANError) -> WindowGeometry {
    try WindowGeometry(input: input, kernel: kernelSize, stride: stride, padding: padding)
  }

  /// The KAN convolution of a batch, keeping nothing for `backward` (inference).
  ///
  /// - Parameter x: `(B, C, H, W)`.
  /// - Returns: `y`, `(B, O, Ho, Wo)`.
  /// - Throws: `KANError` for a wrong shape, an empty batch or a non-finite value.
  @_specialize(where Scalar == Float)
  public func callAsFunction(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    var copy = self
    return try copy.run(x, training: false, checked: true)
  }

  /// The forward pass for training, keeping the layer's activations for `backward`.
  ///
  /// - Parameter x: `(B, C, H, W)`.
  /// - Returns: `y`, `(B, O, Ho, Wo)`.
  /// - Throws: `KANError` for a wrong shape, an empty batch or a non-finite value.
  @_specialize(where Scalar == Float)
  public mutating func forward(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    try run(x, training: true, checked: true)
  }

  /// The patches through the layer (see the type's formulas); `training` keeps what
  /// `backward` needs, `checked` checks the input's values.
  mutating func run(
    _ x: Tensor<Scalar>, training: Bool, checked: Bool
  ) throws(KANError) -> Tensor<Scalar> {
    let (batch, image) = try ImageShape.of(
      x, channels: inChannels, what: "KAN convolution", checkFinite: checked)
    let geometry = try geometry(image)
    let rows: [Scalar] = filledArray(count: batch * geometry.positions * geometry.patchSize) {
      patchRows($0, x.scalars, batch: batch, geometry)  // P (B Ho Wo, C k k)
    }
    let patches = try Tensor(
      shape: [batch * geometry.positions, geometry.patchSize], scalars: rows)
    let values = training ? try kan.forward(patches) : try kan(patches)  // Y' (B Ho Wo, O)
    if training { savedShape = x.shape }
    let output = geometry.output(channels: outChannels)
    let y: [Scalar] = filledArray(count: batch * output.count) {  // (B, O, Ho, Wo)
      transposeEach(
        $0, values.scalars, count: batch, rows: geometry.positions, columns: outChannels)
    }
    return try Tensor(shape: output.batch(batch), scalars: y)
  }

  /// `P[b Ho Wo + r, q] = col_b[q, r]`: every image's `im2col`, transposed into rows.
  private func patchRows(
    _ rows: UnsafeMutablePointer<Scalar>, _ x: UnsafePointer<Scalar>, batch: Int,
    _ geometry: WindowGeometry
  ) {
    let (patch, positions, inputSize) = (
      geometry.patchSize, geometry.positions, geometry.input.count
    )
    forEachItem(batch, threads: threads, scratch: patch * positions) { b, col in
      im2col(col, x + b * inputSize, geometry)  // col (C k k, Ho Wo)
      transpose(rows + b * positions * patch, col, rows: patch, columns: positions)
    }
  }

  /// The backward pass: adds the layer's parameter gradients and returns `dL/dx`.
  ///
  ///     dY' [b Ho Wo + r, o] = dL/dy[b, o, r]
  ///     dP                   = kan.backward(dY')                  (B Ho Wo, C k k)
  ///     dL/dx[b]             = col2im(dP[b Ho Wo ..< (b + 1) Ho Wo, :]^T)
  ///
  /// - Parameters:
  ///   - dY: `dL/dy`, `(B, O, Ho, Wo)`, for the batch of the last `forward`.
  ///   - needsInputGradient: false skips `dL/dx`.
  /// - Returns: `dL/dx`, `(B, C, H, W)`, or nil when not needed.
  /// - Throws: `KANError` without a preceding forward or for a wrong shape.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Float)
  @discardableResult
  public mutating func backward(
    _ dY: Tensor<Scalar>, needsInputGradient: Bool = true
  ) throws(KANError) -> Tensor<Scalar>? {
    guard let shape = savedShape else { throw .noForwardPass(layer: 0) }
    let (batch, image) = (
      shape[0], ImageShape(channels: shape[1], height: shape[2], width: shape[3])
    )
    let geometry = try geometry(image)
    let output = geometry.output(channels: outChannels)
    guard dY.shape == output.batch(batch) else {
      throw .shapeMismatch(
        what: "KAN convolution output gradient", expected: output.batch(batch), got: dY.shape)
    }
    let positions = geometry.positions
    let rows: [Scalar] = filledArray(count: dY.count) {  // dY' (B Ho Wo, O)
      transposeEach($0, dY.scalars, count: batch, rows: outChannels, columns: positions)
    }
    let gradient = try Tensor(shape: [batch * positions, outChannels], scalars: rows)
    guard let dP = try kan.backward(gradient, needsInputGradient: needsInputGradient) else {
      return nil
    }
    var dX = [Scalar](repeating: 0, count: shape.reduce(1, *))  // (B, C, H, W)
    scatterPatchRows(&dX, dP.scalars, batch: batch, geometry)
    return try Tensor(shape: shape, scalars: dX)
  }

  /// `dx[b] = col2im(dP_b^T)` for every image, images split over threads.
  private func scatterPatchRows(
    _ dX: UnsafeMutablePointer<Scalar>, _ dP: UnsafePointer<Scalar>, batch: Int,
    _ geometry: WindowGeometry
  ) {
    let (patch, positions, inputSize) = (
      geometry.patchSize, geometry.positions, geometry.input.count
    )
    forEachItem(batch, threads: threads, scratch: patch * positions) { b, dcol in
      transpose(dcol, dP + b * positions * patch, rows: positions, columns: patch)
      col2im(dX + b * inputSize, dcol, geometry)
    }
  }

  /// Sets the layer's accumulated gradients to zero.
  public mutating func zeroGradients() {
    kan.zeroGradients()
  }
}

extension KANConv2D: Trainable {
  /// Calls `body` with the layer's tensors (`w_b`, `w_s`, `s`: slots 0, 1, 2).
  public mutating func forEachParameter(
    _ body: (_ slot: Int, _ parameter: inout [Scalar], _ gradient: [Scalar]) -> Void
  ) {
    kan.forEachParameter(body)
  }
}
