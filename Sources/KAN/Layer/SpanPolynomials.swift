/// Every edge of a narrow cubic layer as one polynomial per knot span: the fused path's fast
/// form when every knot row is uniform and the bases vanish beyond the knots (`.zero`).
///
/// On span `s` of input `i` (`x = t_s + u h`, `u` in `[0, 1)`) the four non-zero cubic pieces
/// and the edge's weights make one cubic in `u`:
///
///     phi_ji(x) - w_b b(x) = sum_r W_f[i, j, 1 + s + r] c_r(u) = sum_p a[i, j, s, p] u^p
///     a[i, j, s, p]        = sum_r W_f[i, j, 1 + s + r] c[r][p]           (UniformPieces)
///     d/dx                 = (a_1 + 2 a_2 u + 3 a_3 u^2) / h
///
/// So a sample costs one load of four coefficients and three multiply-adds, whatever the
/// window. Spans `s = -1` and `s = K - 1` (beyond the knots) hold zeros: a lane's span is
/// clamped to `[-1, K - 1]` and read at `s + 1`, so vanishing bases need no test.
struct SpanPolynomials<Scalar: KANScalar> {
  /// `a`, `(in, out, K + 1, 4)`: spans `-1 ... K - 1` of every edge.
  let coefficients: [Scalar]
  /// `K + 1`, the spans per edge, two of them empty.
  let spans: Int
  /// The columns of `c` as vectors, `C_p = (c[0][p], ..., c[3][p])`: `c_r(u)` for all four
  /// `r` at once is `C_0 + u (C_1 + u (C_2 + u C_3))`.
  let pieceColumns: [SIMD4<Scalar>]

  /// The polynomials of a layer's edges from its fused weights, or nil when the layer is not
  /// cubic, not `.zero` outside its knots, or has a bent knot row.
  ///
  /// - Parameters:
  ///   - weight: `W_f`, `(in, out, P)` (see `CombinedLayout.fused`).
  ///   - features: the evaluator of the layer's grid.
  ///   - inputs: `in`.
  ///   - outputs: `out`.
  init?(weight: [Scalar], features: FeatureEvaluator<Scalar>, inputs: Int, outputs: Int) {
    let configuration = features.configuration
    guard features.everyRowUniform, configuration.basis == .bSpline,
      configuration.splineOrder == 3, configuration.outOfGridPolicy == .zero
    else { return nil }
    let pieces = UniformPieces<Scalar>(order: 3).values  // c[r][p] at 4 r + p
    let knots = features.knotCount
    let stride = 1 + configuration.basisCount + 6  // P
    spans = knots + 1
    pieceColumns = (0..<4).map { p in SIMD4(pieces[p], pieces[4 + p], pieces[8 + p], pieces[12 + p])
    }
    var a = [Scalar](repeating: 0, count: inputs * outputs * spans * 4)
    for edge in 0..<(inputs * outputs) {  // edge = i * out + j, as in W_f
      for s in 0..<(knots - 1) {
        let target = (edge * spans + s + 1) * 4
        for r in 0..<4 {
          let w = weight[edge * stride + 1 + s + r]
          for p in 0..<4 { a[target + p] += w * pieces[4 * r + p] }
        }
      }
    }
    coefficients = a
  }

  /// The four coefficients of `edge`'s polynomial on the span stored at `index = s + 1`.
  @inline(__always)
  private func polynomial(_ edge: Int, _ index: Int) -> SIMD4<Scalar> {
    coefficients.withUnsafeBufferPointer { a in
      UnsafeRawPointer(a.baseAddress.unsafelyUnwrapped + (edge * spans + index) * 4)
        .loadUnaligned(as: SIMD4<Scalar>.self)
    }
  }

  /// `sum_p a_p u^p`: the edge's spline part at `u` on span `index - 1`.
  @inline(__always)
  func value(_ edge: Int, span index: Int, at u: Scalar) -> Scalar {
    let a = polynomial(edge, index)
    return ((a[3] * u + a[2]) * u + a[1]) * u + a[0]
  }

  /// `d/du sum_p a_p u^p = a_1 + 2 a_2 u + 3 a_3 u^2` (divide by `h` for `d/dx`).
  @inline(__always)
  func slope(_ edge: Int, span index: Int, at u: Scalar) -> Scalar {
    let a = polynomial(edge, index)
    return (3 * a[3] * u + 2 * a[2]) * u + a[1]
  }

  /// `(c_0(u), ..., c_3(u))`, the four cubic pieces at `u`, by Horner's rule on the columns.
  @inline(__always)
  func pieces(at u: Scalar) -> SIMD4<Scalar> {
    pieceColumns[0].addingProduct(
      u, pieceColumns[1].addingProduct(u, pieceColumns[2].addingProduct(u, pieceColumns[3])))
  }
}
