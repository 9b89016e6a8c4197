import KAN
import KANKernels

/// A convolution computed directly, for any kernel, stride and padding: the patch matrix is
/// never built; each 8 x 16 register tile reads shifted runs of a rearranged copy of the image.
///
/// **Phase planes.** Split the zero-padded image by the remainder of its row and column modulo
/// the stride `s`: plane `(c, a, b)` holds `x_pad[c, s h' + a, s w' + b]`. Window tap `(i, j)`
/// of output `(oh, ow)` reads `x_pad[c, s oh + i, s ow + j]`, which is plane
/// `(c, i mod s, j mod s)` at `(oh + i div s, ow + j div s)`: a stride-1 shift. With the planes
/// `Wq = Wo + m` wide (`m = (k - 1) div s`, the largest shift) and flattened, output position
/// `n = oh Wq + ow` reads every tap at `n + offset[q]`:
///
///     P[(c s + a) s + b, h' Wq + w'] = x[c, s h' + a - p, s w' + b - p]     (0 outside x)
///     offset[(c k + i) k + j] = ((c s + i mod s) s + j mod s) Hq Wq + (i div s) Wq + j div s
///     Y[o, n] = sum_q W[o, q] P[offset[q] + n]                 y[o, oh, ow] = Y[o, oh Wq + ow]
///
/// Positions `ow >= Wo` of each row are computed and dropped (`m` per row: 7% of a 28-wide row
/// at stride 1), which lets one 16-wide tile run across row ends. For stride 1 the planes are
/// the padded image itself.
///
/// **Backward.** The weight gradient reads the same runs: `dW^T[q, o] = sum_n P[offset[q] + n]
/// dy[o, n]` over the valid positions. The input gradient of phase plane `(c, a, b)` at
/// `(h', w')` collects the taps `(i, j) = (u s + a, v s + b)`, `u, v <= m`, from
/// `dy[o, h' - u, w' - v]`: a stride-1 correlation of `dy` (padded by `m`) with the
/// rearranged weight `W'[(c, a, b), (o, u, v)] = w[o, c, u s + a, v s + b]` (0 past the
/// kernel), computed only over the phase positions that are pixels of `x`, then merged back.
struct DirectConvolution {
  /// The window.
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

  /// `s`.
  private var s: Int { geometry.stride }
  /// `m = (k - 1) div s`, the largest shift of a tap in the phase planes.
  private var reach: Int { (geometry.kernel - 1) / s }
  /// The phases per dimension that hold taps, `min(s, k)`: a 1x1 window of stride 2 reads only
  /// the even rows and columns, phase (0, 0).
  private var used: Int { min(s, geometry.kernel) }
  /// `used^2`, the phase planes per channel.
  private var phases: Int { used * used }
  /// `Wq = Wo + m`, the width of a phase plane.
  private var rowWidth: Int { geometry.outWidth + reach }
  /// `Hq Wq`, `Hq = Ho + m`, one phase plane.
  private var planeSize: Int { (geometry.outHeight + reach) * rowWidth }
  /// The positions computed, `Ho Wq` rounded up to whole tiles.
  private var columns: Int { roundedUp(geometry.outHeight * rowWidth, tileColumns) }

  /// The scalars of `planes` flattened planes of `size`, with room after the last for the runs
  /// of the last tiles (which read up to `reach` rows and a tile past it) and then `columns`
  /// zeros, the run of a row of nothing.
  private func buffer(planes: Int, size: Int, width: Int, columns: Int) -> Int {
    planes * size + reach * (width + 1) + tileColumns + columns
  }

  /// The offsets of the taps of the forward pass and the weight gradient, in `(c, i, j)`
  /// order, then the zero run up to a whole tile of rows.
  private func forwardOffsets() -> [Int] {
    let zero = inputCount - columns
    var offsets: [Int] = []
    geometry.forEachOffset { _, c, i, j in
      let plane = (c * used + i % s) * used + j % s
      offsets.append(plane * planeSize + (i / s) * rowWidth + j / s)
    }
    return offsets
      + [Int](repeating: zero, count: roundedUp(offsets.count, tileRows) - offsets.count)
  }

  /// The scalars of one image's phase planes and slack.
  private var inputCount: Int {
    buffer(
      planes: geometry.input.channels * phases, size: planeSize, width: rowWidth, columns: columns)
  }

  /// Splits one image into its zero-padded phase planes (see the type), writing only the
  /// pixels: `planes` must start zero, and the padding, never written, stays zero from one
  /// image to the next.
  private func split<Scalar: KANScalar>(
    _ planes: UnsafeMutablePointer<Scalar>, _ x: UnsafePointer<Scalar>
  ) {
    let (height, width, p) = (geometry.input.height, geometry.input.width, geometry.padding)
    let (rows, stride, used) = (geometry.outHeight + reach, s, used)
    for c in 0..<geometry.input.channels {
      for a in 0..<used {
        for b in 0..<used {
          let plane = planes + ((c * used + a) * used + b) * planeSize
          // Plane columns w' with 0 <= s w' + b - p < W.
          let first = (p - b + stride - 1) / stride  // p - b + s - 1 >= 0
          let last = width - 1 + p - b
          let end = last < 0 ? 0 : min(rowWidth, last / stride + 1)
          guard first < end else { continue }
          for h in 0..<rows {
            let y = stride * h + a - p
            guard y >= 0 && y < height else { continue }
            let source = x + (c * height + y) * width + stride * first + b - p
            let target = plane + h * rowWidth + first
            if stride == 1 {
              copyRun(target, source, count: end - first)
            } else {
              for n in 0..<(end - first) { target[n] = source[n &* stride] }
            }
          }
        }
      }
    }
  }

  /// `y[b]` for every image (see the type), images split over threads.
  ///
  /// - Parameters:
  ///   - y: `(B, O, Ho, Wo)`, overwritten.
  ///   - x: `(B, C, H, W)`.
  ///   - w: `W`, `(O, C k k)`.
  ///   - threads: The largest number of threads.
  func forward<Scalar: KANScalar>(
    _ y: UnsafeMutablePointer<Scalar>, _ x: UnsafePointer<Scalar>, _ w: UnsafePointer<Scalar>,
    threads: Int
  ) {
    let rows = roundedUp(outputs, tileRows)
    let weight = paddedRows(w, rows: outputs, columns: geometry.patchSize, to: rows)
    let offsets = forwardOffsets()
    let (inputSize, outputSize) = (geometry.input.count, outputs * geometry.positions)
    let scratch = inputCount + rows * columns
    forEachItem(batch, threads: threads, scratch: scratch) { b, planes in
      split(planes, x + b * inputSize)
      let product = planes + inputCount  // Y (O8, columns)
      shiftedProduct(
        product, weight, rows: rows, planes, offsets, depth: geometry.patchSize, columns: columns)
      extract(y + b * outputSize, product, count: outputs)
    }
  }

  /// `y[o, oh, ow] = Y[o, oh Wq + ow]`: the valid positions of `count` planes.
  private func extract<Scalar: KANScalar>(
    _ y: UnsafeMutablePointer<Scalar>, _ product: UnsafePointer<Scalar>, count: Int
  ) {
    let (height, width) = (geometry.outHeight, geometry.outWidth)
    for o in 0..<count {
      for h in 0..<height {
        copyRun(y + (o * height + h) * width, product + o * columns + h * rowWidth, count: width)
      }
    }
  }

  /// The row width of the transposed gradient: `O` rounded up to whole tiles of columns.
  private var gradientStride: Int { roundedUp(outputs, tileColumns) }

  /// `dy` laid out for the weight gradient: `T[oh Wq + ow, o] = dy[o, oh, ow]`, zero at the
  /// dropped positions and in the columns past `O` (`t` starts zero and those entries are never
  /// written).
  private func transposeGradient<Scalar: KANScalar>(
    _ t: UnsafeMutablePointer<Scalar>, _ dY: UnsafePointer<Scalar>
  ) {
    let (height, width, stride) = (geometry.outHeight, geometry.outWidth, gradientStride)
    for o in 0..<outputs {
      for h in 0..<height {
        let row = dY + (o * height + h) * width
        let target = t + h * rowWidth * stride + o
        for w in 0..<width { target[w &* stride] = row[w] }
      }
    }
  }

  /// The backward of every image (see the type): group `g` of images writes its `dW^T` to
  /// `partial[g]` and, when asked, each image its `dx`.
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
    threads: Int, inputGradient: Bool
  ) {
    let offsets = forwardOffsets()
    let input = InputGradient(self)
    let transposed = columns * gradientStride
    let group = Self.imagesPerGroup
    let scratch =
      group * (inputCount + transposed) + tileRows * tileColumns
      + (inputGradient ? input.scratch : 0)
    let phases: [(weight: [Scalar], offsets: [Int])] = inputGradient ? input.phases(w) : []
    let (inputSize, outputSize) = (geometry.input.count, outputs * geometry.positions)
    let patch = geometry.patchSize
    forEachItem(count, threads: threads, scratch: scratch) {
      (g, buffer: UnsafeMutablePointer<Scalar>) in
      let t = buffer + group * inputCount  // T_m (columns, O16), one per image
      let tile = t + group * transposed
      let images = (g * group)..<min((g + 1) * group, batch)
      for (m, b) in images.enumerated() {
        split(buffer + m * inputCount, x + b * inputSize)
        transposeGradient(t + m * transposed, dY + b * outputSize)
        if inputGradient {
          input.compute(
            dX + b * inputSize, dY + b * outputSize, phases, scratch: tile + tileRows * tileColumns)
        }
      }
      addWeightTiles(
        partial + g * patch * outputs, buffer, offsets, rows: offsets.count, t,
        images: images.count, tile: tile)
    }
  }

  /// `dW^T[q, o] += sum_m sum_n P_m[offset[q] + n] T_m[n, o]` over a group of images, tile by
  /// tile, for the valid rows `q < C k k` and columns `o < O`.
  ///
  /// - Parameters:
  ///   - partial: `dW^T`, `(C k k, O)`, added to.
  ///   - planes: The group's phase planes, `inputCount` apart.
  ///   - offsets: The runs of the patch rows.
  ///   - rows: Their number, a multiple of 8.
  ///   - t: The group's transposed gradients, one after the other.
  ///   - images: The images in the group.
  ///   - tile: A scratch 8 x 16 tile.
  private func addWeightTiles<Scalar: KANScalar>(
    _ partial: UnsafeMutablePointer<Scalar>, _ planes: UnsafePointer<Scalar>,
    _ offsets: UnsafePointer<Int>, rows: Int, _ t: UnsafePointer<Scalar>, images: Int,
    tile: UnsafeMutablePointer<Scalar>
  ) {
    let patch = geometry.patchSize
    for r in stride(from: 0, to: rows, by: tileRows) {
      for n in stride(from: 0, to: outputs, by: tileColumns) {
        shiftedRowsTile(
          tile, ldc: tileColumns, planes, aStride: inputCount, offsets: offsets + r, t + n,
          ldb: gradientStride, bStride: columns * gradientStride, depth: columns, images: images)
        for row in 0..<min(tileRows, patch - r) {
          for o in 0..<min(tileColumns, outputs - n) {
            partial[(r + row) * outputs + n + o] += tile[row * tileColumns + o]
          }
        }
      }
    }
  }

  /// The input gradient of one image as stride-1 correlations over its phase planes (see the
  /// type), one product per phase with only that phase's taps, computed only at the phase
  /// positions that are pixels of `x`.
  ///
  ///     phase (a, b), a, b < min(s, k):  taps (u, v) with u s + a < k, v s + b < k
  ///     rows:   the channels c, rounded up to 8;   depth: (o, tap), O taps(a, b)
  ///     grid:   phase rows r0 ..< r0 + R, columns c0 ..< c0 + Wg (the pixels of x), Wd = Wg + m wide
  ///     D[o, (oh - r0 + m) Wd + ow - c0 + m] = dy[o, oh, ow]
  ///     dx_ab[c, h'' Wd + w''] = sum_{o, (u, v)} w[o, c, u s + a, v s + b] D[o, (h'' + m - u) Wd + w'' + m - v]
  struct InputGradient {
    /// The convolution.
    let convolution: DirectConvolution
    /// The first phase row and column that hold pixels of `x`.
    let origin: (row: Int, column: Int)
    /// The phase rows and columns that hold pixels of `x`.
    let extent: (rows: Int, columns: Int)

    init(_ convolution: DirectConvolution) {
      self.convolution = convolution
      let (s, p) = (convolution.s, convolution.geometry.padding)
      let input = convolution.geometry.input
      // Phase row h' holds pixel row s h' + a - p for some a < s: from ceil((p - s + 1) / s),
      // which is floor(p / s), to floor((H - 1 + p) / s).
      let first = p / s
      origin = (first, first)
      extent = ((input.height - 1 + p) / s + 1 - first, (input.width - 1 + p) / s + 1 - first)
    }

    private var m: Int { convolution.reach }
    /// `Wd`, the width of the padded gradient and of the computed grid.
    private var width: Int { extent.columns + m }
    /// One padded gradient plane, `(R + m + 1) Wd` (one spare row for the last tile).
    private var plane: Int { (extent.rows + m + 1) * width }
    /// The positions computed, `R Wd` rounded up to whole tiles.
    private var columns: Int { roundedUp(extent.rows * width, tileColumns) }
    /// Rows of each product: the channels, rounded up to 8.
    private var rows: Int { roundedUp(convolution.geometry.input.channels, tileRows) }
    /// The scalars of the padded gradient with its slack.
    private var padded: Int {
      convolution.buffer(planes: convolution.outputs, size: plane, width: width, columns: columns)
    }
    /// The scratch one image needs: the padded gradient and one product per phase.
    var scratch: Int { padded + convolution.phases * rows * columns }

    /// The taps `(u, v)` of phase `(a, b)`.
    private func taps(_ a: Int, _ b: Int) -> [(u: Int, v: Int)] {
      let (s, k) = (convolution.s, convolution.geometry.kernel)
      return (0...m).flatMap { u in (0...m).map { v in (u, v) } }.filter {
        $0.u * s + a < k && $0.v * s + b < k
      }
    }

    /// Each phase's weight `(rows, O taps)`, `W'_ab[c, (o, tap)] = w[o, c, u s + a, v s + b]`,
    /// and the runs of its taps in the padded gradient, `D` shifted by `(m - u) Wd + m - v`.
    func phases<Scalar: KANScalar>(_ w: UnsafePointer<Scalar>) -> [(
      weight: [Scalar], offsets: [Int]
    )] {
      let (s, k, used) = (convolution.s, convolution.geometry.kernel, convolution.used)
      let (channels, outputs) = (convolution.geometry.input.channels, convolution.outputs)
      var phases: [(weight: [Scalar], offsets: [Int])] = []
      for a in 0..<used {
        for b in 0..<used {
          let taps = taps(a, b)
          let depth = outputs * taps.count
          var weight = [Scalar](repeating: 0, count: rows * depth)
          var offsets: [Int] = []
          for o in 0..<outputs {
            for (t, tap) in taps.enumerated() {
              offsets.append(o * plane + (m - tap.u) * width + m - tap.v)
              for c in 0..<channels {
                weight[c * depth + o * taps.count + t] =
                  w[((o * channels + c) * k + tap.u * s + a) * k + tap.v * s + b]
              }
            }
          }
          phases.append((weight, offsets))
        }
      }
      return phases
    }

    /// `dx` of one image (see the type).
    ///
    /// - Parameters:
    ///   - dX: `dx[b]`, `(C, H, W)`, overwritten where a phase has taps.
    ///   - dY: `dy[b]`, `(O, Ho, Wo)`.
    ///   - phases: The phases' weights and runs from `phases(_:)`.
    ///   - scratch: `scratch` scalars, zero at first: the padding is never written, so it stays
    ///     zero from one image to the next.
    func compute<Scalar: KANScalar>(
      _ dX: UnsafeMutablePointer<Scalar>, _ dY: UnsafePointer<Scalar>,
      _ phases: [(weight: [Scalar], offsets: [Int])], scratch: UnsafeMutablePointer<Scalar>
    ) {
      let geometry = convolution.geometry
      let (outHeight, outWidth) = (geometry.outHeight, geometry.outWidth)
      // dy[o, oh, ow] goes to padded row oh - r0 + m, column ow - c0 + m.
      for o in 0..<convolution.outputs {
        for oh in 0..<outHeight {
          let row = oh - origin.row + m
          guard row >= 0 && row < extent.rows + m + 1 else { continue }
          let first = max(0, origin.column - m)
          let end = min(outWidth, width - m + origin.column)
          guard first < end else { continue }
          copyRun(
            scratch + o * plane + row * width + first - origin.column + m,
            dY + (o * outHeight + oh) * outWidth + first, count: end - first)
        }
      }
      let products = scratch + padded  // dx_ab (rows, columns), one per phase
      for (n, phase) in phases.enumerated() {
        shiftedProduct(
          products + n * rows * columns, phase.weight, rows: rows, scratch, phase.offsets,
          depth: phase.offsets.count, columns: columns)
      }
      merge(dX, products)
    }

    /// `dx[c, y, x] = dx_ab[c, the grid position of pixel (y, x) in its phase]`, with
    /// `(a, b) = ((y + p) mod s, (x + p) mod s)`; pixels of a phase without taps keep their 0.
    private func merge<Scalar: KANScalar>(
      _ dX: UnsafeMutablePointer<Scalar>, _ products: UnsafePointer<Scalar>
    ) {
      let (s, p, used) = (convolution.s, convolution.geometry.padding, convolution.used)
      let (height, width) = (convolution.geometry.input.height, convolution.geometry.input.width)
      for c in 0..<convolution.geometry.input.channels {
        for y in 0..<height {
          let (h, a) = ((y + p) / s - origin.row, (y + p) % s)
          guard a < used else { continue }
          let target = dX + (c * height + y) * width
          for b in 0..<used {
            // Phase columns w' with 0 <= s w' + b - p < W.
            let first = (p - b + s - 1) / s
            let last = width - 1 + p - b
            guard last >= 0, first <= last / s else { continue }
            let count = last / s + 1 - first
            let source =
              products + ((a * used + b) * rows + c) * columns + h * self.width + first
              - origin.column
            let out = target + (s * first + b - p)
            if s == 1 {
              copyRun(out, source, count: count)
            } else {
              for n in 0..<count { out[n &* s] = source[n] }
            }
          }
        }
      }
    }
  }
}

/// `Y = W . S` tile by tile, `S` the shifted runs of `padded`: row `q` of `S` is `padded` read
/// from `offsets[q]` on.
///
/// - Parameters:
///   - y: `Y`, `(rows, columns)`, overwritten.
///   - w: `W`, `(rows, depth)`.
///   - rows: The rows of `W` and `Y`, a multiple of 8.
///   - padded: The rearranged image.
///   - offsets: The run of each of the `depth` rows of `S`.
///   - depth: The columns of `W`, the rows of `S`.
///   - columns: The columns of `Y`, a multiple of 16.
func shiftedProduct<Scalar: KANScalar>(
  _ y: UnsafeMutablePointer<Scalar>, _ w: UnsafePointer<Scalar>, rows: Int,
  _ padded: UnsafePointer<Scalar>, _ offsets: UnsafePointer<Int>, depth: Int, columns: Int
) {
  for r in stride(from: 0, to: rows, by: tileRows) {
    for n in stride(from: 0, to: columns, by: tileColumns) {
      shiftedColumnsTile(
        y + r * columns + n, ldc: columns, w + r * depth, lda: depth, padded + n,
        offsets: offsets, depth: depth)
    }
  }
}

/// `value` rounded up to a multiple of `step`.
func roundedUp(_ value: Int, _ step: Int) -> Int {
  (value + step - 1) / step * step
}

/// A `(rows, columns)` matrix with zero rows added up to `padded` rows.
func paddedRows<Scalar: KANScalar>(
  _ w: UnsafePointer<Scalar>, rows: Int, columns: Int, to padded: Int
) -> [Scalar] {
  var result = [Scalar](repeating: 0, count: padded * columns)
  for q in 0..<(rows * columns) { result[q] = w[q] }
  return result
}
