import KAN
import KANKernels

/// A stride-1 3x3 convolution by Winograd's F(2x2, 3x3): each 2x2 block of outputs from the
/// 4x4 block of padded input under it, 16 multiplications per channel pair instead of 36.
///
///     y_tile (2, 2) = A^T [ (G g G^T) ⊙ (B^T d B) ] A              (see WinogradTransforms)
///
/// Summed over the input channels, the element-wise product becomes 16 matrix products, one
/// per position `e = 4 ξ + ν` of a transformed tile. Tile `(th, tw)` covers the outputs
/// `(2 th + a, 2 tw + b)`, `a, b < 2`, and reads the padded input at rows `2 th + r`, columns
/// `2 tw + q`, `r, q < 4`:
///
///     U[e] (O, C)      = (G w[o, c] G^T)[ξ, ν]                     once per call
///     V[e] (C, tiles)  = (B^T d[c, tile] B)[ξ, ν]
///     M[e] (O, tiles)  = U[e] . V[e]                               16 products of depth C
///     y[o, 2 th + a, 2 tw + b] = (A^T M[., o, tile] A)[a, b]        (dropped past Ho, Wo)
///
/// Tiles are numbered `n = th TW + tw`, `TH = ceil(Ho / 2)` down and `TW = ceil(Wo / 2)`
/// across, and the tiles of a few small images sit side by side in one product. The input is
/// split by row parity and column offset into planes `P[c, a, q][h', tw] = x_pad[c, 2 h' + a,
/// 2 tw + q]`, so input `(r, q)` of tiles `n ..< n + 8` is one run: `P[c, r mod 2, q]` from
/// `n + (r div 2) TW`.
///
/// **Backward.** `dx` is a stride-1 3x3 convolution of `dy`, padded by `2 - p`, with the
/// kernels turned around, `w'[c, o, i, j] = w[o, c, 2 - i, 2 - j]`: the same algorithm
/// (`transposed`). `dw` is the adjoint of the forward in `g`:
///
///     Ybar[e] (O, tiles) = (A dy_tile[o] A^T)[ξ, ν]                dy's 2x2 tile, 0 past Ho, Wo
///     dU[e]^T (C, O)     = sum_tiles V[e] . Ybar[e]^T               16 products of depth tiles
///     dw[o, c]           = G^T dU[., o, c] G
struct WinogradConvolution {
  /// The input image, `(C, H, W)`.
  let input: ImageShape
  /// Output planes, `O`.
  let outputs: Int
  /// Zeros on each side, `p < 3`.
  let padding: Int
  /// Images in the batch, `B`.
  let batch: Int

  /// The fewest input and output planes worth the transforms: below, the products are too
  /// shallow or too narrow to repay them.
  static var minimumChannels: Int { 8 }
  /// Images whose weight gradients one partial sum collects, so that the sum over the batch is
  /// the same for any thread count.
  static var imagesPerGroup: Int { 8 }
  /// The positions of a transformed tile, `4 x 4`.
  static var positions: Int { 16 }
  /// About the columns of one product: small images are put side by side up to this many
  /// tiles, so that few of a product's 16-column tiles are partial (512 ran the 14x14 and 7x7
  /// layers of the MNIST model 5-10% faster than 256).
  static var productColumns: Int { 512 }

  /// `Ho = H + 2 p - 2`.
  var outHeight: Int { input.height + 2 * padding - 2 }
  /// `Wo = W + 2 p - 2`.
  var outWidth: Int { input.width + 2 * padding - 2 }
  /// `TH`, the tiles down.
  private var down: Int { (outHeight + 1) / 2 }
  /// `TW`, the tiles across.
  private var across: Int { (outWidth + 1) / 2 }
  /// `TH TW`, the tiles of one image.
  var tiles: Int { down * across }
  /// One plane `P[c, a, q]`, `(TH + 1, TW)`, and 8 spare scalars (see `split`).
  private var planeSize: Int { (down + 1) * across + 8 }
  /// The row length of `split`'s padded image: room for the pixels, `2 TW + 2`, and for
  /// the last vectors of a row, read from column `2 (8 k - 8) + 2` on, `8 k >= TW`.
  private var paddedWidth: Int { 2 * roundedUp(across, 8) + 16 }
  /// The scalars of one image's planes, eight per channel, and of `split`'s padded image.
  private var planesCount: Int {
    input.channels * (8 * planeSize + 2 * (down + 1) * paddedWidth) + 16
  }
  /// The number of partial weight gradients, one per group of images.
  var count: Int { (batch + Self.imagesPerGroup - 1) / Self.imagesPerGroup }

  /// The convolution that computes `dx`: over `dy`, `O` planes of `Ho x Wo` padded by `2 - p`,
  /// to `C` planes of `H x W` (`Ho + 2 (2 - p) - 2 = H`).
  var transposed: WinogradConvolution {
    WinogradConvolution(
      input: ImageShape(channels: outputs, height: outHeight, width: outWidth),
      outputs: input.channels, padding: 2 - padding, batch: batch)
  }

  /// `U`, `(16, O8, C)`, `O8` the outputs rounded up to 8 with zero rows.
  ///
  ///     U[e, o, c] = (G g G^T)[ξ, ν],   g = w[o, c]
  ///
  /// With `flipped`, `w` is the forward's `(C, O, 3, 3)` weight of the convolution this one
  /// transposes, read as `g = w[c, o]` turned by 180 degrees.
  func kernels<Scalar: KANScalar>(_ w: UnsafePointer<Scalar>, flipped: Bool) -> [Scalar] {
    let count = Self.positions * roundedUp(outputs, tileRows) * input.channels
    var u = [Scalar](repeating: 0, count: count)
    transformKernels(&u, w, flipped: flipped)
    return u
  }

  /// Writes `U` (see `kernels`) to `u`, whose padding rows stay as they are.
  private func transformKernels<Scalar: KANScalar>(
    _ u: UnsafeMutablePointer<Scalar>, _ w: UnsafePointer<Scalar>, flipped: Bool
  ) {
    let (channels, rows) = (input.channels, roundedUp(outputs, tileRows))
    let step = rows * channels  // from one position to the next
    for o in 0..<outputs {
      for c in 0..<channels {
        let g = flipped ? w + (c * outputs + o) * 9 : w + (o * channels + c) * 9
        func tap(_ i: Int, _ j: Int) -> Scalar { flipped ? g[(2 - i) * 3 + 2 - j] : g[i * 3 + j] }
        // G g, down each column j: c_j holds (G g)[ξ, j].
        let c0 = kernelTransform((tap(0, 0), tap(1, 0), tap(2, 0)))
        let c1 = kernelTransform((tap(0, 1), tap(1, 1), tap(2, 1)))
        let c2 = kernelTransform((tap(0, 2), tap(1, 2), tap(2, 2)))
        // (G g) G^T, along each row ξ: positions 4 ξ ..< 4 ξ + 4.
        func put(_ xi: Int, _ row: Quad<Scalar>) {
          let target = u + (4 * xi * rows + o) * channels + c
          target[0] = row.0
          target[step] = row.1
          target[2 * step] = row.2
          target[3 * step] = row.3
        }
        put(0, kernelTransform((c0.0, c1.0, c2.0)))
        put(1, kernelTransform((c0.1, c1.1, c2.1)))
        put(2, kernelTransform((c0.2, c1.2, c2.2)))
        put(3, kernelTransform((c0.3, c1.3, c2.3)))
      }
    }
  }

  /// `y` of every image (see the type).
  ///
  /// - Parameters:
  ///   - y: `(B, O, Ho, Wo)`, overwritten.
  ///   - x: `(B, C, H, W)`.
  ///   - w: `(O, C, 3, 3)`.
  ///   - threads: The largest number of threads.
  func forward<Scalar: KANScalar>(
    _ y: UnsafeMutablePointer<Scalar>, _ x: UnsafePointer<Scalar>, _ w: UnsafePointer<Scalar>,
    threads: Int
  ) {
    run(y, x, kernels(w, flipped: false), threads: threads)
  }

  /// `y` of every image from the transformed kernels `U`, `(16, O8, C)`: a few images' tiles
  /// per product, the products split over threads.
  private func run<Scalar: KANScalar>(
    _ y: UnsafeMutablePointer<Scalar>, _ x: UnsafePointer<Scalar>, _ u: UnsafePointer<Scalar>,
    threads: Int
  ) {
    let images = min(batch, max(1, Self.productColumns / tiles))
    let ld = roundedUp(images * tiles, tileColumns)
    let (channels, rows) = (input.channels, roundedUp(outputs, tileRows))
    let offsets = (0..<channels).map { $0 * ld }
    let v = planesCount  // V (16, C, ld)
    let m = v + Self.positions * channels * ld  // M (16, O8, ld), rows `columns` apart
    let z = m + Self.positions * rows * ld  // Z (2, 2, O, tiles), one image
    let (inputSize, outputSize) = (input.count, outputs * outHeight * outWidth)
    let products = (batch + images - 1) / images
    forEachItem(products, threads: threads, scratch: z + 4 * outputs * tiles) {
      (g, buffer: UnsafeMutablePointer<Scalar>) in
      let range = (g * images)..<min(batch, (g + 1) * images)
      for (k, b) in range.enumerated() {
        split(buffer, x + b * inputSize)
        transformInput(buffer + v + k * tiles, ld: ld, buffer)
      }
      let columns = roundedUp(range.count * tiles, tileColumns)
      for e in 0..<Self.positions {
        shiftedProduct(
          buffer + m + e * rows * ld, u + e * rows * channels, rows: rows,
          buffer + v + e * channels * ld, offsets, depth: channels, columns: columns)
      }
      for (k, b) in range.enumerated() {
        transformOutput(buffer + z, buffer + m + k * tiles, positionStride: rows * ld, ld: columns)
        merge(y + b * outputSize, buffer + z)
      }
    }
  }

  /// Splits one image into the planes `P[c, a, q]`, `(TH + 1, TW)` each.
  ///
  ///     P[(c 2 + a) 4 + q][h' TW + tw] = x[c, 2 h' + a - p, 2 tw + q - p]     (0 outside x)
  ///
  /// The image is first copied into a zero-padded image after the planes, then each padded
  /// row's even and odd columns, from 0 (planes 0 and 1) and from 2 (planes 2 and 3), are
  /// separated eight at a time. Copying the whole image first keeps the loads clear of the
  /// copy's stores still in flight. Rows are written whole, eight at a time and in order, so
  /// that what a row writes past its end is overwritten by the next (the last row's by
  /// nothing: each plane has 8 spare scalars). `planes` must start zero: the padded image's
  /// padding is never written.
  private func split<Scalar: KANScalar>(
    _ planes: UnsafeMutablePointer<Scalar>, _ x: UnsafePointer<Scalar>
  ) {
    let (height, width, p, size) = (input.height, input.width, padding, planeSize)
    let (rows, pitch) = (2 * (down + 1), paddedWidth)
    let padded = planes + input.channels * 8 * size  // x_pad, (C, 2 TH + 2, pitch)
    for c in 0..<input.channels {
      for row in 0..<height {
        copyRun(
          padded + (c * rows + row + p) * pitch + p, x + (c * height + row) * width,
          count: width)
      }
    }
    let bytes = MemoryLayout<Scalar>.stride
    for c in 0..<input.channels {
      for a in 0..<2 {
        let base = planes + (c * 2 + a) * 4 * size
        for h in 0...down {
          let source = UnsafeRawPointer(padded + (c * rows + 2 * h + a) * pitch)
          let target = base + h * across
          for n in stride(from: 0, to: across, by: 8) {
            let from0 = source.loadUnaligned(
              fromByteOffset: 2 * n * bytes, as: SIMD16<Scalar>.self)
            let from2 = source.loadUnaligned(
              fromByteOffset: (2 * n + 2) * bytes, as: SIMD16<Scalar>.self)
            store(
              (from0.evenHalf, from0.oddHalf, from2.evenHalf, from2.oddHalf), target + n,
              stride: size)
          }
        }
      }
    }
  }

  /// `V` of one image's tiles from its planes, tile `n` to column `n`, rows `(e, c)` `ld`
  /// apart; eight tiles at a time (the last eight overlap the run before: `tiles >= 8`).
  ///
  ///     V[e, c, n] = (B^T d B)[ξ, ν],   d[r][q] = P[(c 2 + r mod 2) 4 + q][n + (r div 2) TW]
  private func transformInput<Scalar: KANScalar>(
    _ v: UnsafeMutablePointer<Scalar>, ld: Int, _ planes: UnsafePointer<Scalar>
  ) {
    let (channels, size, count) = (input.channels, planeSize, tiles)
    let step = channels * ld
    for c in 0..<channels {
      let plane = planes + c * 8 * size
      for start in stride(from: 0, to: count, by: 8) {
        let n = min(start, count - 8)
        let d = (
          runs(plane + n, size), runs(plane + 4 * size + n, size),
          runs(plane + across + n, size), runs(plane + 4 * size + across + n, size)
        )
        // B^T d, down each column q: t_q holds (B^T d)[ξ, q].
        let t0 = inputTransform((d.0.0, d.1.0, d.2.0, d.3.0))
        let t1 = inputTransform((d.0.1, d.1.1, d.2.1, d.3.1))
        let t2 = inputTransform((d.0.2, d.1.2, d.2.2, d.3.2))
        let t3 = inputTransform((d.0.3, d.1.3, d.2.3, d.3.3))
        // (B^T d) B, along each row ξ: positions 4 ξ ..< 4 ξ + 4.
        let target = v + c * ld + n
        store(inputTransform((t0.0, t1.0, t2.0, t3.0)), target, stride: step)
        store(inputTransform((t0.1, t1.1, t2.1, t3.1)), target + 4 * step, stride: step)
        store(inputTransform((t0.2, t1.2, t2.2, t3.2)), target + 8 * step, stride: step)
        store(inputTransform((t0.3, t1.3, t2.3, t3.3)), target + 12 * step, stride: step)
      }
    }
  }

  /// The output tiles of one image from its columns of `M`, eight tiles at a time.
  ///
  ///     Z[(a 2 + b) O + o][n] = (A^T M[., o, n] A)[a, b],   M[e, o, n] = m[e positionStride + o ld + n]
  private func transformOutput<Scalar: KANScalar>(
    _ z: UnsafeMutablePointer<Scalar>, _ m: UnsafePointer<Scalar>, positionStride: Int, ld: Int
  ) {
    let (count, step) = (tiles, positionStride)
    for o in 0..<outputs {
      for start in stride(from: 0, to: count, by: 8) {
        let n = min(start, count - 8)
        let base = m + o * ld + n
        let rowsOfM = (
          runs(base, step), runs(base + 4 * step, step), runs(base + 8 * step, step),
          runs(base + 12 * step, step)
        )
        // A^T M, down each column ν: s_ν holds (A^T M)[a, ν].
        let s0 = outputTransform((rowsOfM.0.0, rowsOfM.1.0, rowsOfM.2.0, rowsOfM.3.0))
        let s1 = outputTransform((rowsOfM.0.1, rowsOfM.1.1, rowsOfM.2.1, rowsOfM.3.1))
        let s2 = outputTransform((rowsOfM.0.2, rowsOfM.1.2, rowsOfM.2.2, rowsOfM.3.2))
        let s3 = outputTransform((rowsOfM.0.3, rowsOfM.1.3, rowsOfM.2.3, rowsOfM.3.3))
        // (A^T M) A, along each row a.
        let (y00, y01) = outputTransform((s0.0, s1.0, s2.0, s3.0))
        let (y10, y11) = outputTransform((s0.1, s1.1, s2.1, s3.1))
        store((y00, y01, y10, y11), z + o * count + n, stride: outputs * count)
      }
    }
  }

  /// `y[o, 2 th + a, 2 tw + b] = Z[(a 2 + b) O + o][th TW + tw]` inside the output.
  private func merge<Scalar: KANScalar>(
    _ y: UnsafeMutablePointer<Scalar>, _ z: UnsafePointer<Scalar>
  ) {
    let (height, width, count) = (outHeight, outWidth, tiles)
    for o in 0..<outputs {
      for h in 0..<height {
        let target = y + (o * height + h) * width
        let even = z + (h % 2 * 2 * outputs + o) * count + h / 2 * across  // b = 0
        let odd = even + outputs * count  // b = 1
        let pairs = width / 2
        if pairs >= 8 {
          // Eight pairs at a time, the last eight overlapping the run before.
          for start in stride(from: 0, to: pairs, by: 8) {
            let w = min(start, pairs - 8)
            var pair = SIMD16<Scalar>()
            pair.evenHalf = UnsafeRawPointer(even + w).loadUnaligned(as: SIMD8<Scalar>.self)
            pair.oddHalf = UnsafeRawPointer(odd + w).loadUnaligned(as: SIMD8<Scalar>.self)
            UnsafeMutableRawPointer(target + 2 * w).storeBytes(of: pair, as: SIMD16<Scalar>.self)
          }
        } else {
          for w in 0..<pairs {
            target[2 &* w] = even[w]
            target[2 &* w + 1] = odd[w]
          }
        }
        if width % 2 == 1 { target[width - 1] = even[pairs] }
      }
    }
  }

  /// `dx` of every image: `transposed` with the kernels turned around (see the type).
  ///
  /// - Parameters:
  ///   - dX: `(B, C, H, W)`, overwritten.
  ///   - dY: `dL/dy`, `(B, O, Ho, Wo)`.
  ///   - w: `(O, C, 3, 3)`.
  ///   - threads: The largest number of threads.
  func inputGradient<Scalar: KANScalar>(
    _ dX: UnsafeMutablePointer<Scalar>, _ dY: UnsafePointer<Scalar>, _ w: UnsafePointer<Scalar>,
    threads: Int
  ) {
    let gradient = transposed
    gradient.run(dX, dY, gradient.kernels(w, flipped: true), threads: threads)
  }

  /// The weight gradient's transformed partial sums (see the type): group `g` of images adds
  /// its `dU^T` to `partial[g]`.
  ///
  /// - Parameters:
  ///   - partial: `(count, 16, C, O)`, zero.
  ///   - dY: `dL/dy`, `(B, O, Ho, Wo)`.
  ///   - x: The forward pass's input, `(B, C, H, W)`.
  ///   - threads: The largest number of threads.
  func weightGradient<Scalar: KANScalar>(
    _ partial: UnsafeMutablePointer<Scalar>, _ dY: UnsafePointer<Scalar>,
    _ x: UnsafePointer<Scalar>, threads: Int
  ) {
    let group = Self.imagesPerGroup
    let images = min(group, max(1, Self.productColumns / tiles))
    let (channels, most) = (input.channels, images * tiles)
    let q = planesCount  // Q (4, tiles, O16), one image
    let v = q + 4 * tiles * wide  // V (16, C, depth)
    let ybar = v + Self.positions * channels * most  // Ybar^T (16, depth, O16)
    let tile = ybar + Self.positions * most * wide
    let (inputSize, outputSize) = (input.count, outputs * outHeight * outWidth)
    let size = Self.positions * channels * outputs
    forEachItem(count, threads: threads, scratch: tile + tileRows * tileColumns) {
      (g, buffer: UnsafeMutablePointer<Scalar>) in
      let all = (g * group)..<min(batch, (g + 1) * group)
      for start in stride(from: all.lowerBound, to: all.upperBound, by: images) {
        let range = start..<min(all.upperBound, start + images)
        let depth = range.count * tiles
        for (k, b) in range.enumerated() {
          split(buffer, x + b * inputSize)
          transformInput(buffer + v + k * tiles, ld: depth, buffer)
          splitGradient(buffer + q, dY + b * outputSize)
          transformGradient(buffer + ybar + k * tiles * wide, step: depth * wide, buffer + q)
        }
        // Rows past C read row C - 1; their sums are dropped.
        let offsets = (0..<roundedUp(channels, tileRows)).map { min($0, channels - 1) * depth }
        addWeightTiles(
          partial + g * size, buffer + v, offsets, buffer + ybar, depth: depth,
          tile: buffer + tile)
      }
    }
  }

  /// `O16`, the outputs rounded up to whole tiles of columns.
  private var wide: Int { roundedUp(outputs, tileColumns) }

  /// Splits one image's `dy` into its 2x2 tiles, channels last.
  ///
  ///     Q[a 2 + b][(th TW + tw) O16 + o] = dy[o, 2 th + a, 2 tw + b]
  ///
  /// Only the outputs are written: `q` must start zero, and the positions past `Ho`, `Wo` and
  /// the columns past `O` stay zero.
  private func splitGradient<Scalar: KANScalar>(
    _ q: UnsafeMutablePointer<Scalar>, _ dY: UnsafePointer<Scalar>
  ) {
    let (height, width, wide) = (outHeight, outWidth, self.wide)
    for a in 0..<2 {
      for b in 0..<2 {
        let plane = q + (a * 2 + b) * tiles * wide
        let count = (width - b + 1) / 2  // tw with 2 tw + b < Wo
        for o in 0..<outputs {
          for th in 0..<down where 2 * th + a < height {
            let source = dY + (o * height + 2 * th + a) * width + b
            let target = plane + th * across * wide + o
            for n in 0..<count { target[n &* wide] = source[2 &* n] }
          }
        }
      }
    }
  }

  /// `Ybar^T` of one image's tiles from its planes, eight outputs at a time, tile `n` to row
  /// `n`, positions `e` `step` apart.
  ///
  ///     Ybar^T[e, n, o] = (A dy_tile A^T)[ξ, ν],   dy_tile[a][b] = Q[a 2 + b][n O16 + o]
  private func transformGradient<Scalar: KANScalar>(
    _ ybar: UnsafeMutablePointer<Scalar>, step: Int, _ q: UnsafePointer<Scalar>
  ) {
    let (wide, plane) = (self.wide, tiles * self.wide)
    for n in 0..<tiles {
      for o in stride(from: 0, to: wide, by: 8) {
        let dy = runs(q + n * wide + o, plane)  // (a, b) = (0, 0), (0, 1), (1, 0), (1, 1)
        // A dy, down each column b: t_b holds (A dy)[ξ, b].
        let t0 = outputTransformAdjoint((dy.0, dy.2))
        let t1 = outputTransformAdjoint((dy.1, dy.3))
        // (A dy) A^T, along each row ξ: positions 4 ξ ..< 4 ξ + 4.
        let target = ybar + n * wide + o
        store(outputTransformAdjoint((t0.0, t1.0)), target, stride: step)
        store(outputTransformAdjoint((t0.1, t1.1)), target + 4 * step, stride: step)
        store(outputTransformAdjoint((t0.2, t1.2)), target + 8 * step, stride: step)
        store(outputTransformAdjoint((t0.3, t1.3)), target + 12 * step, stride: step)
      }
    }
  }

  /// `dU^T[e] (C, O) += V[e] . Ybar^T[e]` over a run of `depth` tiles, 8 x 16 tile by tile.
  ///
  /// - Parameters:
  ///   - partial: `dU^T`, `(16, C, O)`, added to.
  ///   - v: `V`, `(16, C, depth)`.
  ///   - offsets: The start of each row of `V[e]`, `C` rounded up to 8 of them.
  ///   - ybar: `Ybar^T`, `(16, depth, O16)`.
  ///   - depth: The tiles summed.
  ///   - tile: A scratch 8 x 16 tile.
  private func addWeightTiles<Scalar: KANScalar>(
    _ partial: UnsafeMutablePointer<Scalar>, _ v: UnsafePointer<Scalar>,
    _ offsets: UnsafePointer<Int>, _ ybar: UnsafePointer<Scalar>, depth: Int,
    tile: UnsafeMutablePointer<Scalar>
  ) {
    let (channels, wide) = (input.channels, self.wide)
    for e in 0..<Self.positions {
      for r in stride(from: 0, to: channels, by: tileRows) {
        for n in stride(from: 0, to: outputs, by: tileColumns) {
          shiftedRowsTile(
            tile, ldc: tileColumns, v + e * channels * depth, aStride: 0, offsets: offsets + r,
            ybar + e * depth * wide + n, ldb: wide, bStride: 0, depth: depth, images: 1)
          for row in 0..<min(tileRows, channels - r) {
            let target = partial + (e * channels + r + row) * outputs + n
            for o in 0..<min(tileColumns, outputs - n) { target[o] += tile[row * tileColumns + o] }
          }
        }
      }
    }
  }

  /// Adds the weight gradient of the groups' partial sums, added in group order.
  ///
  ///     dw[o, c] += G^T (sum_g dU_g[., o, c]) G
  ///
  /// - Parameters:
  ///   - dw: `(O, C, 3, 3)`, added to.
  ///   - partial: `(count, 16, C, O)` from `weightGradient`; the sum is left in `partial[0]`.
  func addWeightGradient<Scalar: KANScalar>(
    _ dw: UnsafeMutablePointer<Scalar>, _ partial: UnsafeMutablePointer<Scalar>
  ) {
    let (channels, size) = (input.channels, Self.positions * outputs * input.channels)
    for g in 1..<max(1, count) {
      for q in 0..<size { partial[q] += partial[g * size + q] }  // partial[0] = sum_g dU_g
    }
    for o in 0..<outputs {
      for c in 0..<channels {
        func u(_ e: Int) -> Scalar { partial[(e * channels + c) * outputs + o] }
        // G^T dU, down each column ν: c_ν holds (G^T dU)[i, ν].
        let c0 = kernelTransformAdjoint((u(0), u(4), u(8), u(12)))
        let c1 = kernelTransformAdjoint((u(1), u(5), u(9), u(13)))
        let c2 = kernelTransformAdjoint((u(2), u(6), u(10), u(14)))
        let c3 = kernelTransformAdjoint((u(3), u(7), u(11), u(15)))
        // (G^T dU) G, along each row i.
        let target = dw + (o * channels + c) * 9
        func add(_ i: Int, _ row: (Scalar, Scalar, Scalar)) {
          target[3 * i] += row.0
          target[3 * i + 1] += row.1
          target[3 * i + 2] += row.2
        }
        add(0, kernelTransformAdjoint((c0.0, c1.0, c2.0, c3.0)))
        add(1, kernelTransformAdjoint((c0.1, c1.1, c2.1, c3.1)))
        add(2, kernelTransformAdjoint((c0.2, c1.2, c2.2, c3.2)))
      }
    }
  }
}

extension WinogradConvolution {
  /// The Winograd form of a convolution, or nil where it does not apply or would not pay: a
  /// window other than 3x3 at stride 1, fewer than `minimumChannels` input or output planes,
  /// or fewer than 8 tiles in the output or the input (the kernels take 8 tiles at a time).
  init?(_ geometry: WindowGeometry, outputs: Int, batch: Int) {
    guard geometry.kernel == 3, geometry.stride == 1,
      min(geometry.input.channels, outputs) >= Self.minimumChannels
    else { return nil }
    self.init(input: geometry.input, outputs: outputs, padding: geometry.padding, batch: batch)
    guard tiles >= 8, transposed.tiles >= 8 else { return nil }
  }
}

/// Four runs of eight, `stride` apart: `(p[0 ..< 8], p[stride ..< stride + 8], ...)`.
@inline(__always)
private func runs<Scalar: KANScalar>(
  _ p: UnsafePointer<Scalar>, _ stride: Int
) -> Quad<SIMD8<Scalar>> {
  let raw = UnsafeRawPointer(p)
  let step = stride * MemoryLayout<Scalar>.stride
  return (
    raw.loadUnaligned(as: SIMD8<Scalar>.self),
    raw.loadUnaligned(fromByteOffset: step, as: SIMD8<Scalar>.self),
    raw.loadUnaligned(fromByteOffset: 2 * step, as: SIMD8<Scalar>.self),
    raw.loadUnaligned(fromByteOffset: 3 * step, as: SIMD8<Scalar>.self)
  )
}

/// Writes four runs of eight, `stride` apart.
@inline(__always)
private func store<Scalar: KANScalar>(
  _ runs: Quad<SIMD8<Scalar>>, _ p: UnsafeMutablePointer<Scalar>, stride: Int
) {
  let raw = UnsafeMutableRawPointer(p)
  let step = stride * MemoryLayout<Scalar>.stride
  raw.storeBytes(of: runs.0, as: SIMD8<Scalar>.self)
  raw.storeBytes(of: runs.1, toByteOffset: step, as: SIMD8<Scalar>.self)
  raw.storeBytes(of: runs.2, toByteOffset: 2 * step, as: SIMD8<Scalar>.self)
  raw.storeBytes(of: runs.3, toByteOffset: 3 * step, as: SIMD8<Scalar>.self)
}
