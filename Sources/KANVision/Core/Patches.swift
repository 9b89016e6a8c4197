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
  let (s, p, outWidth) = (geometry.stride, geometry.padding, geometry.outWidth)
  geometry.forEachOffset { q, c, i, j in
    let row = col + q * geometry.positions  // col[q, :]
    guard !geometry.keepsWidth else {
      copyShiftedPlane(row, x + c * height * width, geometry, i: i, j: j)
      return
    }
    let inside = geometry.insideColumns(j)
    for oh in 0..<geometry.outHeight {
      let out = row + oh * outWidth  // col[q, oh Wo ..< (oh + 1) Wo]
      let ih = oh * s - p + i
      guard ih >= 0 && ih < height else {
        out.update(repeating: 0, count: outWidth)
        continue
      }
      // x[c, ih, ow s - p + j] for the first ow inside; the rest follow s apart.
      let source = x + ((c * height + ih) * width + inside.lowerBound * s + j - p)
      out.update(repeating: 0, count: inside.lowerBound)
      if s == 1 {
        (out + inside.lowerBound).update(from: source, count: inside.count)
      } else {
        for n in 0..<inside.count { out[inside.lowerBound &+ n] = source[n &* s] }
      }
      (out + inside.upperBound).update(repeating: 0, count: outWidth - inside.upperBound)
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
///   - dcol: The patch matrix's gradient, `(C k k, Ho Wo)`; its padding entries are zeroed.
///   - geometry: The window's sizes.
func col2im<Scalar: KANScalar>(
  _ dx: UnsafeMutablePointer<Scalar>, _ dcol: UnsafeMutablePointer<Scalar>,
  _ geometry: WindowGeometry
) {
  let (height, width) = (geometry.input.height, geometry.input.width)
  let (s, p, outWidth) = (geometry.stride, geometry.padding, geometry.outWidth)
  geometry.forEachOffset { q, c, i, j in
    let row = dcol + q * geometry.positions  // dcol[q, :]
    guard !geometry.keepsWidth else {
      addShiftedPlane(dx + c * height * width, row, geometry, i: i, j: j)
      return
    }
    let inside = geometry.insideColumns(j)
    for oh in 0..<geometry.outHeight {
      let ih = oh * s - p + i
      guard ih >= 0 && ih < height else { continue }
      // dx[c, ih, ow s - p + j] for the first ow inside; the rest follow s apart.
      let target = dx + ((c * height + ih) * width + inside.lowerBound * s + j - p)
      let source = row + oh * outWidth + inside.lowerBound
      if s == 1 {
        for n in 0..<inside.count { target[n] += source[n] }
      } else {
        for n in 0..<inside.count { target[n &* s] += source[n] }
      }
    }
  }
}

// MARK: - Stride 1, same width: one shifted copy per window offset

/// Row `q = (c, i, j)` of `col` for a stride-1 window whose output is as wide as the image:
/// the plane `x[c]` shifted by `(i - p) W + (j - p)` values, one copy for all the rows inside,
/// then the columns that wrapped around to a neighbouring image row set to 0.
///
///     col[q, oh W + ow] = x[c][(oh + i - p) W + ow + j - p]     (0 outside the image)
private func copyShiftedPlane<Scalar: KANScalar>(
  _ row: UnsafeMutablePointer<Scalar>, _ plane: UnsafePointer<Scalar>,
  _ geometry: WindowGeometry, i: Int, j: Int
) {
  let (rows, inside) = (geometry.insideRows(i), geometry.insideColumns(j))
  guard !rows.isEmpty, !inside.isEmpty else {
    row.update(repeating: 0, count: geometry.positions)
    return
  }
  let (width, shift) = (geometry.input.width, (i - geometry.padding) * geometry.input.width)
  let first = rows.lowerBound * width
  row.update(repeating: 0, count: first)
  // Start at the first column inside, so the source never runs before the plane.
  let start = first + inside.lowerBound
  let end = rows.upperBound * width - (width - inside.upperBound)
  (row + start).update(from: plane + (start + shift + j - geometry.padding), count: end - start)
  (row + end).update(repeating: 0, count: geometry.positions - end)
  for oh in rows {
    (row + oh * width).update(repeating: 0, count: inside.lowerBound)
    (row + oh * width + inside.upperBound).update(repeating: 0, count: width - inside.upperBound)
  }
}

/// The adjoint of `copyShiftedPlane`: zeroes the entries of `dcol`'s row that fall outside the
/// image, then adds the row to the plane in one shifted run.
///
///     dx[c][(oh + i - p) W + ow + j - p] += dcol[q, oh W + ow]     (inside the image)
private func addShiftedPlane<Scalar: KANScalar>(
  _ plane: UnsafeMutablePointer<Scalar>, _ row: UnsafeMutablePointer<Scalar>,
  _ geometry: WindowGeometry, i: Int, j: Int
) {
  let (rows, inside) = (geometry.insideRows(i), geometry.insideColumns(j))
  guard !rows.isEmpty, !inside.isEmpty else { return }
  let (width, shift) = (geometry.input.width, (i - geometry.padding) * geometry.input.width)
  for oh in rows {
    (row + oh * width).update(repeating: 0, count: inside.lowerBound)
    (row + oh * width + inside.upperBound).update(repeating: 0, count: width - inside.upperBound)
  }
  let start = rows.lowerBound * width + inside.lowerBound
  let end = rows.upperBound * width - (width - inside.upperBound)
  let target = plane + (start + shift + j - geometry.padding)
  let source = row + start
  for n in 0..<(end - start) { target[n] += source[n] }
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
