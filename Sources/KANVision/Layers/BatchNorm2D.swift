import KAN
import KANKernels

/// Batch normalisation of each channel of a batch of images (PyTorch's `BatchNorm2d`).
///
/// Training (`forward`) normalises with the batch's own statistics over `(b, h, w)`, `N = B H W`
/// values per channel, and moves the running statistics toward them:
///
///     mean_c = (1/N) sum x[b, c, h, w]         var_c = (1/N) sum (x[b, c, h, w] - mean_c)^2
///     xhat   = (x - mean_c) / sqrt(var_c + eps)        y = gamma_c xhat + beta_c
///     runningMean_c = (1 - m) runningMean_c + m mean_c
///     runningVar_c  = (1 - m) runningVar_c  + m var_c N / (N - 1)       (unbiased, as PyTorch)
///
/// Inference (`callAsFunction`) uses the running statistics instead:
///
///     y = gamma_c (x - runningMean_c) / sqrt(runningVar_c + eps) + beta_c
public struct BatchNorm2D<Scalar: KANScalar>: Sendable {
  /// The channels, `C`.
  public let channels: Int
  /// `m`, how far one batch moves the running statistics (PyTorch's default, 0.1).
  public var momentum = 0.1
  /// `eps`, added to the variance (PyTorch's default, 1e-5).
  public var epsilon = 1e-5
  /// `gamma`, the scale of each channel, `(C)`.
  public internal(set) var weight: Tensor<Scalar>
  /// `beta`, the shift of each channel, `(C)`.
  public internal(set) var bias: Tensor<Scalar>
  /// The running mean of each channel, `(C)`.
  public internal(set) var runningMean: Tensor<Scalar>
  /// The running (unbiased) variance of each channel, `(C)`.
  public internal(set) var runningVariance: Tensor<Scalar>
  /// The training batches seen (PyTorch's `num_batches_tracked`).
  public internal(set) var batchesTracked = 0
  /// `dL/dgamma`, accumulated by `backward`, `(C)`.
  public internal(set) var weightGradient: Tensor<Scalar>
  /// `dL/dbeta`, accumulated by `backward`, `(C)`.
  public internal(set) var biasGradient: Tensor<Scalar>
  /// The threads the layer may use.
  public var threads = Parallelism.defaultThreads
  /// What `backward` needs: the input `(B, C, H, W)`, `mean_c` and `1 / sqrt(var_c + eps)`
  /// `(C)`, from which it recomputes `xhat` (cheaper than writing `xhat` in the forward pass).
  var saved: (input: Tensor<Scalar>, mean: [Scalar], inverseDeviation: [Scalar])?

  /// A batch norm with PyTorch's initial state: `gamma = 1`, `beta = 0`, running mean 0 and
  /// running variance 1.
  ///
  /// - Throws: `KANError.invalidArgument` for fewer than one channel.
  public init(channels: Int) throws(KANError) {
    guard channels >= 1, channels <= KANLimits.parameters else {
      throw .invalidArgument(name: "channels", value: "\(channels)", expected: "at least 1")
    }
    self.channels = channels
    weight = try Tensor(shape: [channels], filledWith: 1)
    bias = try Tensor(shape: [channels], filledWith: 0)
    runningMean = bias
    runningVariance = weight
    weightGradient = bias
    biasGradient = bias
  }

  /// Replaces the parameters and running statistics (the way a model file is loaded).
  ///
  /// - Throws: `KANError` for a tensor that is not `(C)`, a non-finite value or a negative
  ///   running variance.
  public mutating func setState(
    weight: Tensor<Scalar>, bias: Tensor<Scalar>, runningMean: Tensor<Scalar>,
    runningVariance: Tensor<Scalar>, batchesTracked: Int = 0
  ) throws(KANError) {
    for (name, tensor) in [
      ("weight", weight), ("bias", bias), ("running mean", runningMean),
      ("running variance", runningVariance),
    ] {
      guard tensor.shape == [channels] else {
        throw .shapeMismatch(what: "batch norm \(name)", expected: [channels], got: tensor.shape)
      }
      try tensor.checkFinite("batch norm \(name)")
    }
    if let index = runningVariance.scalars.firstIndex(where: { $0 < 0 }) {
      throw .invalidArgument(
        name: "batch norm running variance[\(index)]", value: "\(runningVariance.scalars[index])",
        expected: "a variance >= 0")
    }
    self.weight = weight
    self.bias = bias
    self.runningMean = runningMean
    self.runningVariance = runningVariance
    self.batchesTracked = max(0, batchesTracked)
    saved = nil
  }

  /// Inference: normalises with the running statistics, keeping nothing.
  ///
  /// - Parameter x: `(B, C, H, W)`.
  /// - Returns: `y`, same shape.
  /// - Throws: `KANError` for a wrong shape, an empty batch or a non-finite value.
  @_specialize(where Scalar == Float)
  public func callAsFunction(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    try infer(x, checked: true)
  }

  /// Inference, checking the input's values only when `checked`.
  func infer(_ x: Tensor<Scalar>, checked: Bool) throws(KANError) -> Tensor<Scalar> {
    let (batch, image) = try ImageShape.of(
      x, channels: channels, what: "batch norm", checkFinite: checked)
    var scale = [Scalar](repeating: 0, count: channels)  // gamma_c / sqrt(runningVar_c + eps)
    var shift = [Scalar](repeating: 0, count: channels)  // beta_c - scale_c runningMean_c
    for c in 0..<channels {
      let deviation = (Double(runningVariance.scalars[c]) + epsilon).squareRoot()
      scale[c] = Scalar(Double(weight.scalars[c]) / deviation)
      shift[c] = bias.scalars[c] - scale[c] * runningMean.scalars[c]
    }
    var y = x.scalars
    affine(&y, scale, shift, batch: batch, plane: image.planeSize)
    return try Tensor(shape: x.shape, scalars: y)
  }

  /// `y[b, c, :] = scale_c y[b, c, :] + shift_c` in place, channels split over threads.
  private func affine(
    _ y: UnsafeMutablePointer<Scalar>, _ scale: [Scalar], _ shift: [Scalar], batch: Int,
    plane: Int
  ) {
    let channels = channels
    Parallelism.forEachChunk(channels, threads: threads, minimumChunk: 1) { range in
      for c in range {
        for b in 0..<batch {
          let row = y + (b * channels + c) * plane  // y[b, c, :, :]
          for q in 0..<plane { row[q] = scale[c] * row[q] + shift[c] }
        }
      }
    }
  }

  /// Training: normalises with the batch statistics, updates the running ones and keeps
  /// `xhat` for `backward` (see the type's formulas).
  ///
  /// - Parameter x: `(B, C, H, W)` with `B H W >= 2` (a variance needs two values).
  /// - Returns: `y`, same shape.
  /// - Throws: `KANError` for a wrong shape, a batch of a single value per channel or a
  ///   non-finite value.
  @_specialize(where Scalar == Float)
  public mutating func forward(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    try forward(x, checked: true)
  }

  /// `forward`, checking the input's values only when `checked`.
  mutating func forward(_ x: Tensor<Scalar>, checked: Bool) throws(KANError) -> Tensor<Scalar> {
    let (batch, image) = try ImageShape.of(
      x, channels: channels, what: "batch norm", checkFinite: checked)
    let count = batch * image.planeSize
    guard count >= 2 else {
      throw .invalidArgument(
        name: "batch norm input", value: "\(x.shape)",
        expected: "at least 2 values per channel (batch x height x width) to estimate a variance")
    }
    var mean = [Scalar](repeating: 0, count: channels)
    var variance = [Scalar](repeating: 0, count: channels)
    var inverse = [Scalar](repeating: 0, count: channels)  // 1 / sqrt(var_c + eps)
    let y: [Scalar] = filledArray(count: x.count) { out in  // (B, C, H, W)
      normalize(out, &mean, &variance, &inverse, x.scalars, batch: batch, plane: image.planeSize)
    }
    let m = Scalar(momentum)
    let unbiased = Scalar(Double(count) / Double(count - 1))
    for c in 0..<channels {
      runningMean.scalars[c] = (1 - m) * runningMean.scalars[c] + m * mean[c]
      runningVariance.scalars[c] =
        (1 - m) * runningVariance.scalars[c] + m * variance[c] * unbiased
    }
    batchesTracked += 1
    saved = (x, mean, inverse)
    return try Tensor(shape: x.shape, scalars: y)
  }

  /// The batch statistics and `y` of every channel; channels split over threads.
  private func normalize(
    _ y: UnsafeMutablePointer<Scalar>,
    _ mean: UnsafeMutablePointer<Scalar>, _ variance: UnsafeMutablePointer<Scalar>,
    _ inverse: UnsafeMutablePointer<Scalar>, _ x: UnsafePointer<Scalar>, batch: Int, plane: Int
  ) {
    let (channels, epsilon) = (channels, epsilon)
    let (gamma, beta) = (weight.scalars, bias.scalars)
    Parallelism.forEachChunk(channels, threads: threads, minimumChunk: 1) { range in
      for c in range {
        let count = Scalar(batch * plane)
        var sum = SIMD8<Scalar>()
        for b in 0..<batch { sum += lanes(x + (b * channels + c) * plane, plane) }
        let average = sum.sum() / count
        var squares = SIMD8<Scalar>()
        for b in 0..<batch {
          squares += squaredDeviations(x + (b * channels + c) * plane, plane, from: average)
        }
        let spread = squares.sum() / count
        let inverseDeviation = Scalar(1 / (Double(spread) + epsilon).squareRoot())
        // y = gamma xhat + beta = scale x + shift
        let scale = gamma[c] * inverseDeviation
        let shift = beta[c] - scale * average
        for b in 0..<batch {
          let offset = (b * channels + c) * plane  // [b, c, :, :]
          for q in offset..<(offset + plane) { y[q] = scale * x[q] + shift }
        }
        (mean[c], variance[c], inverse[c]) = (average, spread, inverseDeviation)
      }
    }
  }

  /// The backward pass of training mode: adds `dL/dgamma`, `dL/dbeta` and returns `dL/dx`.
  ///
  ///     dL/dbeta_c  = sum dY[b, c, h, w]
  ///     dL/dgamma_c = sum dY[b, c, h, w] xhat[b, c, h, w]
  ///     dL/dx       = gamma_c / sqrt(var_c + eps) (dY - dL/dbeta_c / N - xhat dL/dgamma_c / N)
  ///
  /// The last line is the chain rule through `mean_c` and `var_c`, which every `x` of the
  /// channel moves: their two terms are the means of `dY` and of `dY xhat` over the channel.
  ///
  /// - Parameter dY: `dL/dy`, `(B, C, H, W)`, for the batch of the last `forward`.
  /// - Returns: `dL/dx`, same shape.
  /// - Throws: `KANError` without a preceding forward or for a wrong shape.
  @_specialize(where Scalar == Float)
  public mutating func backward(_ dY: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    guard let (x, mean, inverse) = saved else { throw .noForwardPass(layer: 0) }
    guard dY.shape == x.shape else {
      throw .shapeMismatch(what: "batch norm output gradient", expected: x.shape, got: dY.shape)
    }
    let (batch, plane) = (dY.shape[0], dY.shape[2] * dY.shape[3])
    let dX: [Scalar] = filledArray(count: dY.count) { dX in  // (B, C, H, W)
      backward(
        dX, &weightGradient.scalars, &biasGradient.scalars, dY.scalars, x.scalars, mean,
        inverse, batch: batch, plane: plane)
    }
    return try Tensor(shape: dY.shape, scalars: dX)
  }

  /// The backward of every channel (see `backward`); channels split over threads.
  private func backward(
    _ dX: UnsafeMutablePointer<Scalar>, _ dGamma: UnsafeMutablePointer<Scalar>,
    _ dBeta: UnsafeMutablePointer<Scalar>, _ dY: UnsafePointer<Scalar>,
    _ x: UnsafePointer<Scalar>, _ mean: [Scalar], _ inverse: [Scalar], batch: Int, plane: Int
  ) {
    let (channels, gamma) = (channels, weight.scalars)
    Parallelism.forEachChunk(channels, threads: threads, minimumChunk: 1) { range in
      for c in range {
        var sumY = SIMD8<Scalar>()
        var sumYX = SIMD8<Scalar>()
        for b in 0..<batch {
          let offset = (b * channels + c) * plane
          sumY += lanes(dY + offset, plane)
          sumYX += lanesOfCenteredProducts(dY + offset, x + offset, plane, mean: mean[c])
        }
        // sum dY xhat = inverse sum dY (x - mean)
        let (betaGradient, gammaGradient) = (sumY.sum(), inverse[c] * sumYX.sum())
        dBeta[c] += betaGradient
        dGamma[c] += gammaGradient
        let count = Scalar(batch * plane)
        let scale = gamma[c] * inverse[c]
        let (meanY, meanYX) = (betaGradient / count, gammaGradient / count)
        // xhat meanYX = (x - mean) inverse meanYX
        let (slope, center) = (inverse[c] * meanYX, mean[c])
        for b in 0..<batch {
          let offset = (b * channels + c) * plane
          for q in offset..<(offset + plane) {
            dX[q] = scale * (dY[q] - meanY - (x[q] - center) * slope)
          }
        }
      }
    }
  }

  /// Sets `dL/dgamma` and `dL/dbeta` to zero.
  public mutating func zeroGradients() {
    for c in 0..<channels {
      weightGradient.scalars[c] = 0
      biasGradient.scalars[c] = 0
    }
  }
}

extension BatchNorm2D: Trainable {
  /// Calls `body` with `gamma` (slot 0) and `beta` (slot 1), each with its gradient; the
  /// running statistics are not learned.
  public mutating func forEachParameter(
    _ body: (_ slot: Int, _ parameter: inout [Scalar], _ gradient: [Scalar]) -> Void
  ) {
    body(0, &weight.scalars, weightGradient.scalars)
    body(1, &bias.scalars, biasGradient.scalars)
  }
}
