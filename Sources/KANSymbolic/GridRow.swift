/// One row of the grid search: for a fixed `a`, the least-squares sums of every `b_j` of the row,
/// accumulated over the samples in one pass.
///
///     u_pj = a x_p + b_j,   b_j = b_0 + j step,   j in 0..<n
///     F_j += f(u_pj) - s_j,   FF_j += (f(u_pj) - s_j)^2,   FY_j += (f(u_pj) - s_j)(y_p - ybar)
///
/// with the shift `s_j = f(u_0j)` (see `LinearFitSums`). For each sample, `f` is evaluated along
/// the row into a buffer (`SymbolicFunction.fillRow`, which uses addition theorems for sin, cos,
/// tan, exp and tanh), then the three sums are updated for all `j` at once; both loops run over
/// contiguous `j`, so the compiler vectorises them. Memory is `5 n` doubles.
struct GridRow {
  /// `F_j` (n).
  private var sumF: [Double]
  /// `FF_j` (n).
  private var sumFF: [Double]
  /// `FY_j` (n).
  private var sumFY: [Double]
  /// `s_j` (n).
  private var shift: [Double]
  /// The number of samples added.
  private var count = 0

  /// Sums one row over every sample.
  ///
  /// - Parameters:
  ///   - function: The library function `f`.
  ///   - a: The row's `a`.
  ///   - b0: The row's first `b`.
  ///   - step: The spacing of `b`.
  ///   - n: The number of `b` values, `>= 1`.
  ///   - samples: The samples.
  ///   - tables: The row tables of `fillRow`, for this `step`.
  init(
    _ function: SymbolicFunction, a: Double, b0: Double, step: Double, n: Int,
    samples: EdgeSamples, tables: RowTables
  ) {
    sumF = [Double](repeating: 0, count: n)
    sumFF = sumF
    sumFY = sumF
    shift = sumF
    var f = sumF
    let yMean = samples.yMean
    for p in 0..<samples.count {
      function.fillRow(&f, n, u0: a * samples.x[p] + b0, step: step, tables: tables)
      if p == 0 { shift = f }
      accumulateRow(&sumF, &sumFF, &sumFY, f, shift, samples.y[p] - yMean, n)
    }
    count = samples.count
  }

  /// The sums of grid point `j`, ready to solve.
  ///
  /// - Parameter j: The index along the row.
  /// - Returns: The `LinearFitSums` of `b_j`.
  func sums(_ j: Int) -> LinearFitSums {
    LinearFitSums(
      shift: shift[j], count: Double(count), sumF: sumF[j], sumFF: sumFF[j], sumFY: sumFY[j])
  }
}

/// Adds one sample's row of `f` to the row's sums: the vectorised loop of the grid search.
///
///     g_j = f_j - s_j:   F_j += g_j,   FF_j += g_j^2,   FY_j += g_j (y_p - ybar)
///
/// - Parameters:
///   - sumF: `F` (n), updated.
///   - sumFF: `FF` (n), updated.
///   - sumFY: `FY` (n), updated.
///   - f: `f(u_pj)` (n).
///   - shift: `s` (n).
///   - centredY: `y_p - ybar`.
///   - n: The row length.
@inline(__always)
private func accumulateRow(
  _ sumF: UnsafeMutablePointer<Double>, _ sumFF: UnsafeMutablePointer<Double>,
  _ sumFY: UnsafeMutablePointer<Double>, _ f: UnsafePointer<Double>,
  _ shift: UnsafePointer<Double>, _ centredY: Double, _ n: Int
) {
  for j in 0..<n {
    let g = f[j] - shift[j]
    sumF[j] += g
    sumFF[j] += g * g
    sumFY[j] += g * centredY
  }
}
