// Patches: im2col, which lays the windows of one image out as the columns of a matrix so that a
// convolution becomes one product, and col2im, its adjoint, which a backward pass needs.

import KAN

/// Writes the patches of one image as columns: im2col.
///
///     col[(c k + i) k + j, oh Wo + ow] = x[c, oh s - p + i, ow s - p + j]     (0 outside x)
///
///     x is (C, H, W), col is (C k k, Ho Wo): row q = (c, i, j) is one window offset,
///     column r = (oh, ow) one window position
///
/// Row `q` over one output row `oh` reads one input row, every `s`-th value: for stride 1 it is
/// a plain copy, which is why this layout is quick to build.
///
/// - Parameters:
///   - col: The patch matrix, `(C k k, Ho Wo)`, overwritten.
///   - x: One image, `(C, H, W)`.
///   - geometry: The window's sizes.
func im2col<Scalar: KANScalar>(
  _ col: UnsafeMutablePointer<Scalar>, _ x: UnsafePointer<Scalar>, _ geometry: WindowGeometry
) {
  let (height, width) = (geometry.input.height, geometry.input.width)
  let (k, s, p) = (geometry.kernel, geometry.stride, geometry.padding)
  let (outHeight, outWidth) = (geometry.outHeight, geometry.outWidth)
  for c in 0..<geometry.input.channels {
    for i in 0..<k {
      for j in 0..<k {
        let row = col + ((c * k + i) * k + j) * geometry.positions  // col[q, :]
        let inside = geometry.insideColumns(j)
        for oh in 0..<outHeight {
          let out = row + oh * outWidth  // col[q, oh Wo ..< (oh + 1) Wo]
          let ih = oh * s - p + i
          guard ih >= 0 && ih < height else {
            out.update(repeating: 0, count: outWidth)
            continue
          }
          let source = (c * height + ih) * width + j - p  // x[c, ih, ow s - p + j] = x[source + ow s]
          out.update(repeating: 0, count: inside.lowerBound)
          if s == 1 {
            for ow in inside { out[ow] = x[source + ow] }
          } else {
            for ow in inside { out[ow] = x[source + ow * s] }
          }
          (out + inside.upperBound).update(repeating: 0, count: outWidth - inside.upperBound)
        }
      }
    }
  }
}

/// Adds a patch matrix's gradient back to the pixels it was read from: col2im, the adjoint of
/// `im2col`.
///
///     dx[c, oh s - p + i, ow s - p + j] += dcol[(c k + i) k + j, oh Wo + ow]    (inside x only)
///
/// A pixel under several windows collects one term from each; padding positions drop theirs.
///
/// - Parameters:
///   - dx: One image's gradient, `(C, H, W)`; added to, so zero it first.
///   - dcol: The patch matrix's gradient, `(C k k, Ho Wo)`.
///   - geometry: The window's sizes.
func col2im<Scalar: KANScalar>(
  _ dx: UnsafeMutablePointer<Scalar>, _ dcol: UnsafePointer<Scalar>, _ geometry: WindowGeometry
) {
  let (height, width) = (geometry.input.height, geometry.input.width)
  let (k, s, p) = (geometry.kernel, geometry.stride, geometry.padding)
  let (outHeight, outWidth) = (geometry.outHeight, geometry.outWidth)
  for c in 0..<geometry.input.channels {
    for i in 0..<k {
      for j in 0..<k {
        let row = dcol + ((c * k + i) * k + j) * geometry.positions  // dcol[q, :]
        let inside = geometry.insideColumns(j)
        for oh in 0..<outHeight {
          let ih = oh * s - p + i
          guard ih >= 0 && ih < height else { continue }
          let out = row + oh * outWidth
          let target = (c * height + ih) * width + j - p  // dx[c, ih, ow s - p + j]
          if s == 1 {
            for ow in inside { dx[target + ow] += out[ow] }
          } else {
            for ow in inside { dx[target + ow * s] += out[ow] }
          }
        }
      }
    }
  }
}

extension WindowGeometry {
  /// The patch matrix of one image, im2col's `col`: one row per window offset `(c, i, j)`, one
  /// column per window position `(oh, ow)`.
  ///
  ///     col[(c k + i) k + j, oh Wo + ow] = x[c, oh s - p + i, ow s - p + j]   (0 outside x)
  ///
  /// - Parameter image: One image, `(C, H, W)` flat.
  /// - Returns: `col`, `(C k k, Ho Wo)` flat.
  /// - Throws: `KANError.countMismatch` when the image is not `C H W` values.
  public func columns<Scalar: KANScalar>(of image: [Scalar]) throws(KANError) -> [Scalar] {
    guard image.count == input.count else {
      throw .countMismatch(shape: [input.channels, input.height, input.width], count: image.count)
    }
    var col = [Scalar](repeating: 0, count: patchSize * positions)
    im2col(&col, image, self)
    return col
  }
}
