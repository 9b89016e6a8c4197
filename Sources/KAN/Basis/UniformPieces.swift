/// The `k + 1` polynomial pieces of the uniform B-splines of degree `k` on one knot span, in the
/// span's local coordinate `u = (x - t_s) / h` in `[0, 1)`.
///
///     B_{s-k+r}(t_s + u h) = sum_p c[r][p] u^p,        r = 0 ... k,  p = 0 ... k
///     B'_{s-k+r}           = (1/h) sum_p p c[r][p] u^(p-1)
///
/// On integer knots every B-spline is a shift of the cardinal B-spline `N_k` on `[0, k+1)`,
/// `B_{s-k+r}(t_s + u h) = N_k(u + k - r)`, and the Cox-de Boor recursion on integer knots gives
/// the pieces of `N_d` on `[q, q+1)` as polynomials in the same `u`:
///
///     N_0 = 1 on [0, 1)
///     N_{d,q}(u) = (u + q)/d N_{d-1,q}(u) + (d + 1 - q - u)/d N_{d-1,q-1}(u)
///
/// For `k = 3`: `c[0] = (1-u)^3/6`, `c[1] = (3u^3 - 6u^2 + 4)/6`, `c[2] = (-3u^3 + 3u^2 + 3u +
/// 1)/6`, `c[3] = u^3/6`. Evaluating them by Horner's rule is branch-free, so eight inputs go
/// through it at once.
struct UniformPieces<Scalar: KANScalar>: Sendable {
  /// `k`.
  let order: Int
  /// `c[r][p]`, flat: `values[r * (k + 1) + p]`.
  let values: [Scalar]
  /// The coefficients of `d/du`: `slopes[r * (k + 1) + p] = (p + 1) c[r][p + 1]` (0 for p = k).
  let slopes: [Scalar]

  /// The pieces of degree `order`.
  init(order k: Int) {
    // pieces[q] holds N_{d,q} as coefficients of u^0 ... u^d, for the current degree d.
    var pieces: [[Double]] = [[1]]
    for d in stride(from: 1, through: k, by: 1) {
      var next = [[Double]](repeating: [Double](repeating: 0, count: d + 1), count: d + 1)
      for q in 0...d {
        // (u + q)/d N_{d-1,q}
        if q <= d - 1 {
          for (p, c) in pieces[q].enumerated() {
            next[q][p + 1] += c / Double(d)
            next[q][p] += c * Double(q) / Double(d)
          }
        }
        // (d + 1 - q - u)/d N_{d-1,q-1}
        if q >= 1 {
          for (p, c) in pieces[q - 1].enumerated() {
            next[q][p] += c * Double(d + 1 - q) / Double(d)
            next[q][p + 1] -= c / Double(d)
          }
        }
      }
      pieces = next
    }
    order = k
    // Row r is N_k on [k - r, k - r + 1).
    values = (0...k).flatMap { r in pieces[k - r].map { Scalar($0) } }
    slopes = (0...k).flatMap { r in
      (0...k).map { p in p < k ? Scalar(Double(p + 1) * pieces[k - r][p + 1]) : 0 }
    }
  }
}
