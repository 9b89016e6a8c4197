/// The Gauss-Newton normal equations of `y ~ c f(a x + b) + d` in `theta = (a, b, c, d)`,
/// summed over samples with memory independent of their number.
///
///     r_p = y_p - (c f(u_p) + d)                 u_p = a x_p + b
///     J_p = (c f'(u_p) x_p, c f'(u_p), f(u_p), 1)  = d(c f(u_p) + d)/d theta
///     JTJ = sum_p J_p^T J_p     JTr = sum_p J_p^T r_p     SSE = sum_p r_p^2
struct NormalEquations {
  /// The rows of `JTJ` (4 x 4, symmetric).
  var jtj = [SIMD4<Double>](repeating: .zero, count: 4)
  /// `JTr` (4).
  var jtr = SIMD4<Double>.zero
  /// The sum of squared residuals.
  var sse = 0.0

  /// Sums the normal equations of `edge` over a range of samples.
  ///
  /// - Parameters:
  ///   - edge: The edge at `theta`.
  ///   - samples: The samples.
  ///   - range: The indices to sum over.
  init(_ edge: SymbolicEdge, on samples: EdgeSamples, range: Range<Int>) {
    var rows = (SIMD4<Double>.zero, SIMD4<Double>.zero, SIMD4<Double>.zero, SIMD4<Double>.zero)
    for p in range {
      let gradient = edge.valueAndGradient(samples.x[p])
      let j = SIMD4(gradient.a, gradient.b, gradient.c, gradient.d)
      let r = samples.y[p] - gradient.value
      rows.0 += j * j[0]
      rows.1 += j * j[1]
      rows.2 += j * j[2]
      rows.3 += j * j[3]
      jtr += j * r
      sse += r * r
    }
    jtj = [rows.0, rows.1, rows.2, rows.3]
  }

  /// The normal equations of two disjoint sets of samples.
  ///
  /// - Parameters:
  ///   - lhs: The sums over one set.
  ///   - rhs: The sums over the other set.
  /// - Returns: The sums over both sets.
  static func + (lhs: NormalEquations, rhs: NormalEquations) -> NormalEquations {
    var sum = lhs
    for k in 0..<4 { sum.jtj[k] += rhs.jtj[k] }
    sum.jtr += rhs.jtr
    sum.sse += rhs.sse
    return sum
  }

  /// The Levenberg-Marquardt step: the solution of the damped normal equations.
  ///
  ///     (JTJ + lambda D) delta = JTr      D = diag(JTJ) + 1e-9 trace(JTJ) / 4
  ///
  /// The small floor in `D` keeps the system solvable when a column of `J` vanishes (for
  /// example `c = 0`, where `a` and `b` have no effect).
  ///
  /// - Parameter lambda: The damping, `> 0`.
  /// - Returns: `delta`, or `nil` when the system is singular or not finite.
  func step(lambda: Double) -> SIMD4<Double>? {
    let trace = jtj[0][0] + jtj[1][1] + jtj[2][2] + jtj[3][3]
    var matrix = jtj
    for k in 0..<4 { matrix[k][k] += lambda * (jtj[k][k] + 1e-9 * trace / 4) }
    return solveLinearSystem(matrix, jtr)
  }
}

/// Solves a 4 x 4 linear system by Gaussian elimination with partial pivoting.
///
///     rows delta = rhs
///
/// - Parameters:
///   - rows: The matrix, row by row.
///   - rhs: The right-hand side.
/// - Returns: `delta`, or `nil` when a pivot vanishes or the result is not finite.
func solveLinearSystem(_ rows: [SIMD4<Double>], _ rhs: SIMD4<Double>) -> SIMD4<Double>? {
  var m = rows
  var v = rhs
  for k in 0..<4 {
    let pivot = (k..<4).max { Swift.abs(m[$0][k]) < Swift.abs(m[$1][k]) } ?? k
    m.swapAt(k, pivot)
    v.swapAt(k, pivot)
    guard m[k][k] != 0 else { return nil }
    for i in (k + 1)..<4 {
      let factor = m[i][k] / m[k][k]
      m[i] -= factor * m[k]
      v[i] -= factor * v[k]
    }
  }
  var x = SIMD4<Double>.zero
  for k in stride(from: 3, through: 0, by: -1) {
    var sum = v[k]
    for i in (k + 1)..<4 { sum -= m[k][i] * x[i] }
    x[k] = sum / m[k][k]
  }
  return x.isFinite ? x : nil
}

extension SIMD4<Double> {
  /// Whether every lane is finite.
  var isFinite: Bool {
    self[0].isFinite && self[1].isFinite && self[2].isFinite && self[3].isFinite
  }

  /// Swaps lanes `i` and `j`.
  mutating func swapAt(_ i: Int, _ j: Int) {
    (self[i], self[j]) = (self[j], self[i])
  }
}
