import KAN
import KANKernels

/// A stride-1 convolution whose output is the size of its input (`2 p = k - 1`), computed
/// directly: the patch matrix is never built.
///
/// In a zero-padded copy of the image, `Hp = H + 2p` rows of `Wp = W + 2p`, flattened per
/// channel, output position `(h, w)` is read at `h Wp + w` shifted by `i Wp + j`, so row
/// `q = (c, i, j)` of the patch matrix is the padded copy read from `offset[q]` on:
///
///     x_pad[c, hp, wp]  = x[c, hp - p, wp - p]   (0 outside x)
///     offset[(c k + i) k + j] = c Hp Wp + i Wp + j
///     Y[o, h Wp + w]    = sum_q W[o, q] x_pad[offset[q] + h Wp + w]     y[o, h, w] = Y[o, h Wp + w]
///
/// Positions `w >= W` of each row are computed and dropped (2p per row: 7% of a 28-wide row,
/// 22% of a 7-wide one), which lets one 16-wide tile run across row ends. The backward uses the
/// same tiles:
///
///     dx = the same convolution of dy with w'[c, o, i, j] = w[o, c, k-1-i, k-1-j]
///     dW^T[q, o] = sum_{h, w < W} x_pad[offset[q] + h Wp + w] dy[o, h, w]
struct DirectConvolution: ConvolutionProducts {
  /// The window; stride 1, `2 p = k - 1`.
  let geometry: WindowGeometry
  /// Output planes, `O`.
  let outputs: Int
  /// Images in the batch, `B`.
  let batch: Int

  /// Images whose weight gradients one partial sum collects, so that the sum over the batch is
  /// the same for any thread count.
  static var imagesPerGroup: Int { 8 }

  /// The number of partial weight gradients, one per group of images.
  var count: Int { (batch + Self.imagesPerGroup - 1) / Self.imagesPerGroup }

  /// Whether `geometry` is a convolution this type computes: stride 1, the output as large
  /// as the input, a window of more than one pixel.
  static func applies(to geometry: WindowGeometry) -> Bool {
    geometry.stride == 1 && 2 * geometry.padding == geometry.kernel - 1 && geometry.kernel > 1
  }

  /// `Wp = W + 2p`.
  var rowWidth: Int { geometry.input.width + 2 * geometry.padding }
  /// `Hp Wp`, one padded plane.
  var planeSize: Int { (geometry.input.height + 2 * geometry.padding) * rowWidth }
  /// The positions computed, `H Wp` rounded up to whole tiles.
  var columns: Int {
    (geometry.input.height * rowWidth + tileColumns - 1) / tileColumns * tileColumns
  }
  /// The scalars of a padded image of `channels` planes, with room after the last plane for the
  /// runs of the last tiles (which read past it) and, last, `columns` zeros.
  func paddedCount(channels: Int) -> Int {
    channels * planeSize + 2 * geometry.padding * (rowWidth + 1) + tileColumns + columns
  }
  /// Where the `columns` zeros of a padded image begin (a run for rows of nothing).
  func zeroRun(channels: Int) -> Int { paddedCount(channels: channels) - columns }

  /// `offset[(c k + i) k + j] = c Hp Wp + i Wp + j`, then `zeroRun` up to a whole tile of rows.
  func offsets(channels: Int) -> [Int] {
    let k = geometry.kernel
    var offsets: [Int] = []
    for c in 0..<channels {
      for i in 0..<k {
        for j in 0..<k { offsets.append(c * planeSize + i * rowWidth + j) }
      }
    }
    let rows = (offsets.count + tileRows - 1) / tileRows * tileRows
    return offsets + [Int](repeating: zeroRun(channels: channels), count: rows - offsets.count)
  }

  /// Copies one image into its padded form: `x_pad[c, hp, wp] = x[c, hp - p, wp - p]`, zeros
  /// around and after.
  func pad<Scalar: KANScalar>(
    _ padded: UnsafeMutablePointer<Scalar>, _ x: UnsafePointer<Scalar>, channels: Int
  ) {
    let (height, width, p) = (geometry.input.height, geometry.input.width, geometry.padding)
    padded.update(repeating: 0, count: paddedCount(channels: channels))
    for c in 0..<channels {
      for h in 0..<height {
        (padded + c * planeSize + (h + p) * rowWidth + p).update(
          from: x + (c * height + h) * width, count: width)
      }
    }
  }

  /// `Y = W . S` tile by tile, `S` the shifted runs of `padded`.
  ///
  /// - Parameters:
  ///   - y: `Y`, `(rows, columns)`, overwritten.
  ///   - w: `W`, `(rows, depth)`.
  ///   - rows: The rows of `W` and `Y`, a multiple of 8.
  ///   - padded: A padded image.
  ///   - offsets: The run of each of the `depth` rows of `S`.
  ///   - depth: The columns of `W`, the rows of `S`.
  func product<Scalar: KANScalar>(
    _ y: UnsafeMutablePointer<Scalar>, _ w: UnsafePointer<Scalar>, rows: Int,
    _ padded: UnsafePointer<Scalar>, _ offsets: UnsafePointer<Int>, depth: Int
  ) {
    let columns = columns
    for r in stride(from: 0, to: rows, by: tileRows) {
      for n in stride(from: 0, to: columns, by: tileColumns) {
        shiftedColumnsTile(
          y + r * columns + n, ldc: columns, w + r * depth, lda: depth, padded + n,
          offsets: offsets, depth: depth)
      }
    }
  }

  /// `y[o, h, w] = Y[o, h Wp + w]`: the valid positions of `count` planes.
  func extract<Scalar: KANScalar>(
    _ y: UnsafeMutablePointer<Scalar>, _ product: UnsafePointer<Scalar>, count: Int
  ) {
    let (height, width) = (geometry.input.height, geometry.input.width)
    for o in 0..<count {
      for h in 0..<height {
        (y + (o * height + h) * width).update(
          from: product + o * columns + h * rowWidth, count: width)
      }
    }
  }

  /// The row width of the transposed gradient: `O` rounded up to whole tiles of columns.
  var gradientStride: Int { (outputs + tileColumns - 1) / tileColumns * tileColumns }

  /// `dy` laid out for the weight gradient: `T[h Wp + w, o] = dy[o, h, w]`, zero at the
  /// dropped positions and in the columns past `O`.
  func transposeGradient<Scalar: KANScalar>(
    _ t: UnsafeMutablePointer<Scalar>, _ dY: UnsafePointer<Scalar>
  ) {
    let (height, width, stride) = (geometry.input.height, geometry.input.width, gradientStride)
    t.update(repeating: 0, count: columns * stride)
    for o in 0..<outputs {
      for h in 0..<height {
        for w in 0..<width { t[(h * rowWidth + w) * stride + o] = dY[(o * height + h) * width + w] }
      }
    }
  }

  /// `dW^T[q, o] += sum_m sum_n S_m[q, n] T_m[n, o]` over a group of images and their
  /// positions, for the valid rows `q < C k k` and columns `o < O`.
  ///
  /// - Parameters:
  ///   - partial: `dW^T`, `(C k k, O)`, added to.
  ///   - padded: The group's padded input images, `paddedCount(channels: C)` apart.
  ///   - offsets: The runs of the patch rows.
  ///   - rows: Their number, a multiple of 8.
  ///   - t: The group's transposed gradients, `(columns, gradientStride)` each, one after
  ///     the other.
  ///   - images: The images in the group.
  ///   - tile: A scratch 8 x 16 tile.
  func weightGradient<Scalar: KANScalar>(
    _ partial: UnsafeMutablePointer<Scalar>, _ padded: UnsafePointer<Scalar>,
    _ offsets: UnsafePointer<Int>, rows: Int, _ t: UnsafePointer<Scalar>, images: Int,
    tile: UnsafeMutablePointer<Scalar>
  ) {
    let (patch, stride) = (geometry.patchSize, gradientStride)
    let aStride = paddedCount(channels: geometry.input.channels)
    for r in Swift.stride(from: 0, to: rows, by: tileRows) {
      for n in Swift.stride(from: 0, to: outputs, by: tileColumns) {
        shiftedRowsTile(
          tile, ldc: tileColumns, padded, aStride: aStride, offsets: offsets + r,
          t + n, ldb: stride, bStride: columns * stride, depth: columns, images: images)
        for row in 0..<min(tileRows, patch - r) {
          for o in 0..<min(tileColumns, outputs - n) {
            partial[(r + row) * outputs + n + o] += tile[row * tileColumns + o]
          }
        }
      }
    }
  }

  /// `W` with its rows padded to a multiple of 8 (zeros): `(O8, C k k)`.
  private func paddedWeight<Scalar: KANScalar>(_ w: UnsafePointer<Scalar>, rows: Int) -> [Scalar] {
    let depth = geometry.patchSize
    var padded = [Scalar](repeating: 0, count: rows * depth)
    padded.withUnsafeMutableBufferPointer { out in
      for q in 0..<(outputs * depth) { out[q] = w[q] }
    }
    return padded
  }

  /// `w'`, the weight of the input gradient as a convolution of `dy`, rows padded to a
  /// multiple of 8: `w'[c, (o k + i) k + j] = w[o, c, k-1-i, k-1-j]`, `(C8, O k k)`.
  private func flippedWeight<Scalar: KANScalar>(_ w: UnsafePointer<Scalar>, rows: Int) -> [Scalar] {
    let (k, channels) = (geometry.kernel, geometry.input.channels)
    let depth = outputs * k * k
    var flipped = [Scalar](repeating: 0, count: rows * depth)
    for c in 0..<channels {
      for o in 0..<outputs {
        for i in 0..<k {
          for j in 0..<k {
            flipped[c * depth + (o * k + i) * k + j] =
              w[((o * channels + c) * k + k - 1 - i) * k + k - 1 - j]
          }
        }
      }
    }
    return flipped
  }

  /// `y[b]` for every image (see the type), images split over threads.
  func forward<Scalar: KANScalar>(
    _ y: UnsafeMutablePointer<Scalar>, _ x: UnsafePointer<Scalar>, _ w: UnsafePointer<Scalar>,
    threads: Int
  ) {
    let channels = geometry.input.channels
    let rows = (outputs + tileRows - 1) / tileRows * tileRows
    let weight = paddedWeight(w, rows: rows)
    let offsets = offsets(channels: channels)
    let (inputSize, outputSize) = (geometry.input.count, outputs * geometry.positions)
    let padded = paddedCount(channels: channels)
    forEachItem(batch, threads: threads, scratch: padded + rows * columns) { b, scratch in
      pad(scratch, x + b * inputSize, channels: channels)
      let out = scratch + padded  // Y (O8, columns)
      product(out, weight, rows: rows, scratch, offsets, depth: geometry.patchSize)
      extract(y + b * outputSize, out, count: outputs)
    }
  }

  /// The backward of every image (see the type): group `g` of images writes its `dW^T` to
  /// `partial[g]` and, when asked, each image its `dx`.
  func backward<Scalar: KANScalar>(
    _ partial: UnsafeMutablePointer<Scalar>, _ dX: UnsafeMutablePointer<Scalar>,
    _ dY: UnsafePointer<Scalar>, _ x: UnsafePointer<Scalar>, _ w: UnsafePointer<Scalar>,
    threads: Int, inputGradient: Bool
  ) {
    let (channels, patch, k) = (geometry.input.channels, geometry.patchSize, geometry.kernel)
    let inputRows = (channels + tileRows - 1) / tileRows * tileRows
    let flipped = inputGradient ? flippedWeight(w, rows: inputRows) : []
    let inputOffsets = offsets(channels: channels)
    let outputOffsets = offsets(channels: outputs)
    let (inputSize, outputSize) = (geometry.input.count, outputs * geometry.positions)
    let (paddedInput, paddedOutput) = (
      paddedCount(channels: channels), paddedCount(channels: outputs)
    )
    let group = Self.imagesPerGroup
    let transposed = columns * gradientStride
    let scratch =
      group * (paddedInput + transposed) + tileRows * tileColumns
      + (inputGradient ? paddedOutput + inputRows * columns : 0)
    forEachItem(count, threads: threads, scratch: scratch) {
      (g, buffer: UnsafeMutablePointer<Scalar>) in
      let t = buffer + group * paddedInput  // T_m (columns, O16), one per image
      let tile = t + group * transposed
      let paddedGradient = tile + tileRows * tileColumns  // dy padded (O planes)
      let out = paddedGradient + paddedOutput  // dx's Y (C8, columns)
      let images = (g * group)..<min((g + 1) * group, batch)
      for (m, b) in images.enumerated() {
        let gradient = dY + b * outputSize
        pad(buffer + m * paddedInput, x + b * inputSize, channels: channels)
        transposeGradient(t + m * transposed, gradient)
        guard inputGradient else { continue }
        pad(paddedGradient, gradient, channels: outputs)
        product(
          out, flipped, rows: inputRows, paddedGradient, outputOffsets, depth: outputs * k * k)
        extract(dX + b * inputSize, out, count: channels)
      }
      weightGradient(
        partial + g * patch * outputs, buffer, inputOffsets, rows: inputOffsets.count, t,
        images: images.count, tile: tile)
    }
  }
}
