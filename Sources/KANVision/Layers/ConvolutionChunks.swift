import KAN
import KANKernels

/// How a convolution runs its products over a batch.
///
/// `DirectConvolution` runs stride-1 "same" windows, `ConvolutionChunks` (im2col) the rest.
/// Both leave the weight gradient as `count` partial sums of `dW^T`, `(C k k, O)` each, that
/// `Conv2D` adds up in order.
protocol ConvolutionProducts {
  /// The number of partial weight gradients.
  var count: Int { get }

  /// `y[b] = W . im2col(x[b])` for every image.
  ///
  /// - Parameters:
  ///   - y: `(B, O, Ho, Wo)`, overwritten.
  ///   - x: `(B, C, H, W)`.
  ///   - w: `W`, `(O, C k k)`.
  ///   - threads: The largest number of threads.
  func forward<Scalar: KANScalar>(
    _ y: UnsafeMutablePointer<Scalar>, _ x: UnsafePointer<Scalar>, _ w: UnsafePointer<Scalar>,
    threads: Int)

  /// The partial weight gradients and, when asked, `dL/dx`.
  ///
  /// - Parameters:
  ///   - partial: `(count, C k k, O)`, zero.
  ///   - dX: `(B, C, H, W)`, zero (unused without `inputGradient`).
  ///   - dY: `dL/dy`, `(B, O, Ho, Wo)`.
  ///   - x: The forward pass's input, `(B, C, H, W)`.
  ///   - w: `W`, `(O, C k k)`.
  ///   - threads: The largest number of threads.
  ///   - inputGradient: Whether to compute `dL/dx`.
  func backward<Scalar: KANScalar>(
    _ partial: UnsafeMutablePointer<Scalar>, _ dX: UnsafeMutablePointer<Scalar>,
    _ dY: UnsafePointer<Scalar>, _ x: UnsafePointer<Scalar>, _ w: UnsafePointer<Scalar>,
    threads: Int, inputGradient: Bool)
}

/// The products of a convolution over a batch, a chunk of images at a time.
///
/// Chunk `n` holds images `n m ..< min((n + 1) m, B)`; their patch matrices sit side by side in
/// one matrix of `m Ho Wo` columns, so one product covers them all:
///
///     col   (C k k, m Ho Wo) = [im2col(x[b]) for b in the chunk]
///     Y     (O, m Ho Wo)     = W . col                  y[b] = Y[:, (b - n m) Ho Wo ..< ...]
///     dW^T  (C k k, O)      += col . dY_chunk^T          dY_chunk^T: the images' dY[b]^T stacked
///     dcol  (C k k, m Ho Wo) = W^T . dY_chunk            dx[b] = col2im(its columns of dcol)
///
/// `m` is about 1,024 positions' worth of images (one for a 28x28 image, twenty for 7x7), cut
/// so that a chunk's `col` stays within half a megabyte of cache.
struct ConvolutionChunks: ConvolutionProducts {
  /// The window over one image.
  let geometry: WindowGeometry
  /// Output planes, `O`.
  let outputs: Int
  /// Images in the batch, `B`.
  let batch: Int
  /// Images per chunk, `m`.
  let images: Int

  /// The chunks of a batch of `batch` images.
  init(_ geometry: WindowGeometry, outputs: Int, batch: Int) {
    self.geometry = geometry
    self.outputs = outputs
    self.batch = batch
    let (positions, patch) = (geometry.positions, geometry.patchSize)
    let wide = max(1, 1024 / positions)
    let cached = max(1, (1 << 17) / (patch * positions))
    images = geometry.isIdentity ? 1 : min(wide, cached, batch)
  }

  /// The number of chunks, `ceil(B / m)`.
  var count: Int { (batch + images - 1) / images }

  /// The images of chunk `n`.
  func range(_ n: Int) -> Range<Int> { (n * images)..<min((n + 1) * images, batch) }

  /// `col` of chunk `n`: every image's patches, side by side (`x[b]` itself for an identity
  /// window and a chunk of one).
  private func patches<Scalar: KANScalar>(
    _ col: UnsafeMutablePointer<Scalar>, _ x: UnsafePointer<Scalar>, chunk n: Int
  ) -> UnsafePointer<Scalar> {
    let images = range(n)
    if geometry.isIdentity { return x + images.lowerBound * geometry.input.count }
    let width = images.count * geometry.positions
    for (j, b) in images.enumerated() {
      im2col(col + j * geometry.positions, x + b * geometry.input.count, geometry, rowStride: width)
    }
    return UnsafePointer(col)
  }

  /// `y[b] = W . im2col(x[b])` for every image, a chunk at a time (see the type).
  ///
  /// - Parameters:
  ///   - y: `(B, O, Ho, Wo)`, overwritten.
  ///   - x: `(B, C, H, W)`.
  ///   - w: `W`, `(O, C k k)`.
  ///   - threads: The largest number of threads; chunks are split over them.
  func forward<Scalar: KANScalar>(
    _ y: UnsafeMutablePointer<Scalar>, _ x: UnsafePointer<Scalar>, _ w: UnsafePointer<Scalar>,
    threads: Int
  ) {
    let (positions, patch) = (geometry.positions, geometry.patchSize)
    let width = images * positions
    forEachItem(count, threads: threads, scratch: (patch + outputs) * width) { n, scratch in
      let images = range(n)
      let col = patches(scratch, x, chunk: n)
      let chunkWidth = images.count * positions
      guard images.count > 1 else {
        matmul(
          y + images.lowerBound * outputs * positions, w, col, m: outputs, n: positions, k: patch,
          threads: 1)
        return
      }
      let product = scratch + patch * width  // Y (O, m Ho Wo)
      matmul(product, w, col, m: outputs, n: chunkWidth, k: patch, threads: 1)
      for (j, b) in images.enumerated() {
        for o in 0..<outputs {
          (y + (b * outputs + o) * positions).update(
            from: product + o * chunkWidth + j * positions, count: positions)
        }
      }
    }
  }

  /// The backward of every chunk (see the type): chunk `n` writes its `dW^T` to `partial[n]`
  /// and, when asked, adds its images' `dL/dx` to `dX`.
  ///
  /// - Parameters:
  ///   - partial: `(chunks, C k k, O)`, zero.
  ///   - dX: `(B, C, H, W)`, zero (unused without `inputGradient`).
  ///   - dY: `dL/dy`, `(B, O, Ho, Wo)`.
  ///   - x: The forward pass's input, `(B, C, H, W)`.
  ///   - w: `W`, `(O, C k k)`.
  ///   - threads: The largest number of threads; chunks are split over them.
  ///   - inputGradient: Whether to compute `dL/dx`.
  func backward<Scalar: KANScalar>(
    _ partial: UnsafeMutablePointer<Scalar>, _ dX: UnsafeMutablePointer<Scalar>,
    _ dY: UnsafePointer<Scalar>, _ x: UnsafePointer<Scalar>, _ w: UnsafePointer<Scalar>,
    threads: Int, inputGradient: Bool
  ) {
    let (positions, patch, inputSize) = (
      geometry.positions, geometry.patchSize, geometry.input.count
    )
    let width = images * positions
    let scratch = (2 * patch + 2 * outputs) * width
    forEachItem(count, threads: threads, scratch: scratch) { n, buffer in
      let images = range(n)
      let chunkWidth = images.count * positions
      let col = patches(buffer, x, chunk: n)  // (C k k, m Ho Wo)
      let dcol = buffer + patch * width  // (C k k, m Ho Wo)
      let transposed = dcol + patch * width  // dY_chunk^T (m Ho Wo, O)
      let gathered = transposed + outputs * width  // dY_chunk (O, m Ho Wo)
      for (j, b) in images.enumerated() {
        let gradient = dY + b * outputs * positions  // dY[b] (O, Ho Wo)
        transpose(transposed + j * positions * outputs, gradient, rows: outputs, columns: positions)
        guard inputGradient, images.count > 1 else { continue }
        for o in 0..<outputs {
          (gathered + o * chunkWidth + j * positions).update(
            from: gradient + o * positions, count: positions)
        }
      }
      matmul(
        partial + n * patch * outputs, col, transposed, m: patch, n: outputs, k: chunkWidth,
        threads: 1)
      guard inputGradient else { return }
      let first = images.lowerBound
      let source = images.count > 1 ? UnsafePointer(gathered) : dY + first * outputs * positions
      if geometry.isIdentity {
        matmulTransposedA(
          dX + first * inputSize, w, source, m: patch, n: positions, k: outputs, threads: 1)
        return
      }
      matmulTransposedA(dcol, w, source, m: patch, n: chunkWidth, k: outputs, threads: 1)
      for (j, b) in images.enumerated() {
        col2im(dX + b * inputSize, dcol + j * positions, geometry, rowStride: chunkWidth)
      }
    }
  }
}
