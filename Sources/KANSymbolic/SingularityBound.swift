/// The thresholds of the singularity-avoiding functions, all derived from one bound `B`.
///
/// pykan replaces each function with a pole or a restricted domain by a version that is finite
/// everywhere (its `funs_avoid_singularity`, threshold `y_th`). We do the same, with one bound
/// `B = 1e4` on `|f|` near a pole, so that a fit, a forward or a backward never meets NaN or an
/// infinity. Near a pole the value is continued linearly (odd functions) or by a constant (even
/// functions) from the point where `|f| = B`:
///
///     1/u^n          |u| < B^(-1/n):  odd n: B^(1+1/n) u   even n: B
///     sqrt(u)        |u| < 1/B^2:     B u     (elsewhere sign(u) sqrt(|u|))
///     1/sqrt(u)      |u| < 1/B^2:     B       (elsewhere 1/sqrt(|u|))
///     log(u)         |u| < 1/B^2:     -2 ln B (elsewhere ln |u|)
///     exp(u)         u > ln B:        B
///     tan(u)         within pi/2 - arctan(B) of a pole: the line through (pole, 0) that meets
///                    tan at +-B
///     arctanh(u)     |u| > 1 - 1/B^2: arctanh(+-(1 - 1/B^2))
///     arcsin, arccos |u| > 1:         the value at +-1
///
/// pykan's default `y_th` is 10 in `forward` and 1000 in `fit`; 1e4 leaves fits on data whose
/// edge reaches |f| = 1e4 untouched while keeping gradients finite (at most about B^2).
enum SingularityBound {
  /// `B`: the largest `|f|` near a pole.
  static let value: Double = 1e4
  /// `1/B^2`: the half-width of the zone of `sqrt`, `1/sqrt` and `log` around 0.
  static let rootZone: Double = 1 / (value * value)
  /// `ln B`: where `exp` is capped.
  static let logValue: Double = LibM.logarithm(value)
  /// `pi/2 - arctan(B)`: the half-width of the zone around each pole of `tan`.
  static let tanZone: Double = Double.pi / 2 - LibM.arctangent(value)
  /// `1 - 1/B^2`: where `arctanh` is clamped.
  static let arctanhLimit: Double = 1 - rootZone

  /// `B^(-1/n)`: the half-width of the zone of `1/u^n` around 0, for `n` in 1...5.
  static let inverseZone: [Double] = (0...5).map { n in
    n == 0 ? 0 : LibM.power(value, -1 / Double(n))
  }
}
