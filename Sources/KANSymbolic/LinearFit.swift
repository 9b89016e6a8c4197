/// The running sums that give the least-squares `c`, `d` and `R^2` of `y ~ c f + d` in one pass,
/// with memory independent of the number of samples.
///
/// With `s` a shift (a typical `f`, so the sums stay small when `f` has a large mean) and
/// `ybar` the mean of `y`:
///
///     F  = sum_p (f_p - s)     FF = sum_p (f_p - s)^2     FY = sum_p (f_p - s)(y_p - ybar)
///     S_ff = FF - F^2 / n      S_fy = FY                  S_yy = sum_p (y_p - ybar)^2
///     c = S_fy / S_ff          d = ybar - c (s + F / n)
///     R^2 = S_fy^2 / (S_ff S_yy) = 1 - sum_p (y_p - c f_p - d)^2 / S_yy
///
/// `R^2` is pykan's (the squared correlation of `f` and `y`, without its `+1e-4`); it is 0 when
/// `f` or `y` is constant on the samples, and then `c = 0`, `d = ybar`.
struct LinearFitSums {
  /// `s`.
  private let shift: Double
  /// `n`.
  private var count: Double
  /// `F`.
  private var sumF: Double
  /// `FF`.
  private var sumFF: Double
  /// `FY`.
  private var sumFY: Double

  /// Starts empty sums.
  ///
  /// - Parameter shift: `s`, best a value near the mean of `f` (any finite value is correct).
  init(shift: Double) {
    self.init(shift: shift.isFinite ? shift : 0, count: 0, sumF: 0, sumFF: 0, sumFY: 0)
  }

  /// Sums accumulated elsewhere (a row of the grid search).
  ///
  /// - Parameters:
  ///   - shift: `s`.
  ///   - count: `n`.
  ///   - sumF: `F`.
  ///   - sumFF: `FF`.
  ///   - sumFY: `FY`.
  init(shift: Double, count: Double, sumF: Double, sumFF: Double, sumFY: Double) {
    self.shift = shift
    self.count = count
    self.sumF = sumF
    self.sumFF = sumFF
    self.sumFY = sumFY
  }

  /// Adds one sample.
  ///
  /// - Parameters:
  ///   - f: `f(a x_p + b)`.
  ///   - centredY: `y_p - ybar`.
  @inline(__always)
  mutating func add(_ f: Double, centredY: Double) {
    let g = f - shift
    count += 1
    sumF += g
    sumFF += g * g
    sumFY += g * centredY
  }

  /// The sums of two disjoint sets of samples, taken with the same shift.
  ///
  /// - Parameters:
  ///   - lhs: The sums of one set.
  ///   - rhs: The sums of the other set.
  /// - Returns: The sums of both sets.
  static func + (lhs: LinearFitSums, rhs: LinearFitSums) -> LinearFitSums {
    var sum = lhs
    sum.count += rhs.count
    sum.sumF += rhs.sumF
    sum.sumFF += rhs.sumFF
    sum.sumFY += rhs.sumFY
    return sum
  }

  /// Solves for `c`, `d` and `R^2`.
  ///
  /// - Parameters:
  ///   - yMean: `ybar`, the mean of the samples' `y`.
  ///   - yScatter: `S_yy`.
  /// - Returns: `(c, d, R^2)`; `(0, ybar, 0)` when `f` or `y` is constant, or the sums are not
  ///   finite.
  func solve(yMean: Double, yScatter: Double) -> (c: Double, d: Double, rSquared: Double) {
    let sFF = sumFF - sumF * sumF / count
    // f is constant up to rounding when S_ff is a vanishing part of FF.
    guard sFF > 1e-13 * sumFF, yScatter > 0, sFF.isFinite, sumFY.isFinite else {
      return (0, yMean, 0)
    }
    let c = sumFY / sFF
    let d = yMean - c * (shift + sumF / count)
    let rSquared = Swift.min(1, sumFY * sumFY / (sFF * yScatter))
    return (c, d, rSquared)
  }
}
