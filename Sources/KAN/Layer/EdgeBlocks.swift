/// The per-edge blocks of `W_c` built from the three parameter tensors, over a range of edges
/// (`edge = j * in + i`), so `combinedWeight` can split the edges across threads.
///
///     W_c[edge * C]         = w_b[edge]
///     W_c[edge * C + 1 + m] = w_s[edge, m] s[edge]              C = 1 + n
///
/// (`W_c` is `(out, in*C)` row-major, so edge `j*in + i` starts at `(j*in + i) * C`.)
struct EdgeBlocks<Scalar: KANScalar> {
  let combined: UnsafeMutablePointer<Scalar>
  let base: UnsafePointer<Scalar>
  let spline: UnsafePointer<Scalar>
  let scaler: UnsafePointer<Scalar>
  let basisCount: Int

  /// Writes the blocks of the edges in `range`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func combine(_ range: Range<Int>) {
    let n = basisCount
    for edge in range {
      let block = combined + edge * (n + 1)
      block[0] = base[edge]
      let scale = scaler[edge]
      for m in 0..<n { block[1 + m] = spline[edge * n + m] * scale }
    }
  }
}

/// The parameter gradients of a range of edges from their blocks of `dW_c` (see `backward`).
///
///     dL/dw_b[edge]    += dW_c[edge * C]
///     dL/dw_s[edge, m] += dW_c[edge * C + 1 + m] s[edge]
///     dL/ds[edge]      += sum_m dW_c[edge * C + 1 + m] w_s[edge, m]     (standalone scaler)
struct EdgeGradients<Scalar: KANScalar> {
  let combined: UnsafePointer<Scalar>
  let spline: UnsafePointer<Scalar>
  let scaler: UnsafePointer<Scalar>
  let dBase: UnsafeMutablePointer<Scalar>
  let dSpline: UnsafeMutablePointer<Scalar>
  let dScaler: UnsafeMutablePointer<Scalar>?
  let basisCount: Int

  /// Adds the gradients of the edges in `range`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func accumulate(_ range: Range<Int>) {
    let n = basisCount
    for edge in range {
      let block = combined + edge * (n + 1)
      dBase[edge] += block[0]
      let scale = scaler[edge]
      var scaleGradient: Scalar = 0
      for m in 0..<n {
        let g = block[1 + m]
        dSpline[edge * n + m] += g * scale
        scaleGradient += g * spline[edge * n + m]
      }
      dScaler?[edge] += scaleGradient
    }
  }
}
