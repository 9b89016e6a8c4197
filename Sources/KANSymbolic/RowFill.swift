/// The values along a row of the grid, `b_j = b_0 + j step`, that the addition theorems need:
/// they depend on the spacing only, so one table serves every row and sample.
///
///     sine_j = sin(j step)   cosine_j = cos(j step)   growth_j = e^(j step)   growth2_j = e^(2 j step)
struct RowTables: Sendable {
  /// `sin(j step)` (n).
  let sine: [Double]
  /// `cos(j step)` (n).
  let cosine: [Double]
  /// `e^(j step)` (n).
  let growth: [Double]
  /// `e^(2 j step)` (n).
  let growth2: [Double]

  /// Tabulates a row of `n` points spaced by `step`.
  ///
  /// - Parameters:
  ///   - step: The spacing of `b`.
  ///   - n: The row length.
  init(step: Double, n: Int) {
    let offsets = (0..<n).map { Double($0) * step }
    sine = offsets.map(LibM.sine)
    cosine = offsets.map(LibM.cosine)
    growth = offsets.map(LibM.exponential)
    growth2 = offsets.map { LibM.exponential(2 * $0) }
  }
}

extension SymbolicFunction {
  /// Evaluates `f` along a row of the grid: `f_j = f(u0 + j step)` for `j` in `0..<n`.
  ///
  /// Where an addition theorem applies, one or two calls to libm serve the whole row:
  ///
  ///     sin(u0 + t) = sin u0 cos t + cos u0 sin t     cos(u0 + t) = cos u0 cos t - sin u0 sin t
  ///     tan = sin / cos (the singularity-avoiding value where |tan| > B)
  ///     e^(u0 + t) = e^u0 e^t                         tanh(u) = 1 - 2 / (e^(2u) + 1)
  ///     arctan, gaussian: `fastArctan`, `fastExp` (branch-free, so the loop vectorises)
  ///
  /// Other functions are evaluated point by point, in a loop specialised to the function (a
  /// constant case of the enum, so the compiler drops the `switch` and vectorises the powers,
  /// `1/x^n`, roots, `abs` and `sgn`). The results agree with ``value(_:)`` to a few
  /// units in the last place, except `tanh`, whose error is absolute (about 1e-16), which the
  /// grid search does not notice. `exp` relies on the caller keeping `u0 + j step <= ln B`.
  ///
  /// - Parameters:
  ///   - f: The row (n), overwritten.
  ///   - n: The row length, at most the tables' length.
  ///   - u0: The row's first argument, `a x_p + b_0`.
  ///   - step: The spacing of `b`, the one `tables` were made for.
  ///   - tables: The row tables.
  @inline(__always)
  func fillRow(
    _ f: UnsafeMutablePointer<Double>, _ n: Int, u0: Double, step: Double, tables: RowTables
  ) {
    switch self {
    case .sin, .cos, .tan:
      let (s, c) = (LibM.sine(u0), LibM.cosine(u0))
      fillRotation(f, n, s, c, tables.sine, tables.cosine, self)
      if self == .tan { guardTangent(f, n, u0: u0, step: step) }
    case .exp: scaleRow(f, n, LibM.exponential(u0), tables.growth)
    case .tanh:
      scaleRow(f, n, LibM.exponential(2 * u0), tables.growth2)
      for j in 0..<n { f[j] = 1 - 2 / (f[j] + 1) }
    case .x: fillPointwise(f, n, u0, step) { SymbolicFunction.x.value($0) }
    case .x2: fillPointwise(f, n, u0, step) { SymbolicFunction.x2.value($0) }
    case .x3: fillPointwise(f, n, u0, step) { SymbolicFunction.x3.value($0) }
    case .x4: fillPointwise(f, n, u0, step) { SymbolicFunction.x4.value($0) }
    case .x5: fillPointwise(f, n, u0, step) { SymbolicFunction.x5.value($0) }
    case .inverse: fillPointwise(f, n, u0, step) { SymbolicFunction.inverse.value($0) }
    case .inverse2: fillPointwise(f, n, u0, step) { SymbolicFunction.inverse2.value($0) }
    case .inverse3: fillPointwise(f, n, u0, step) { SymbolicFunction.inverse3.value($0) }
    case .inverse4: fillPointwise(f, n, u0, step) { SymbolicFunction.inverse4.value($0) }
    case .inverse5: fillPointwise(f, n, u0, step) { SymbolicFunction.inverse5.value($0) }
    case .sqrt: fillPointwise(f, n, u0, step) { SymbolicFunction.sqrt.value($0) }
    case .x1p5: fillPointwise(f, n, u0, step) { SymbolicFunction.x1p5.value($0) }
    case .inverseSqrt: fillPointwise(f, n, u0, step) { SymbolicFunction.inverseSqrt.value($0) }
    case .log: fillPointwise(f, n, u0, step) { SymbolicFunction.log.value($0) }
    case .abs: fillPointwise(f, n, u0, step) { SymbolicFunction.abs.value($0) }
    case .sgn: fillPointwise(f, n, u0, step) { SymbolicFunction.sgn.value($0) }
    case .arcsin: fillPointwise(f, n, u0, step) { SymbolicFunction.arcsin.value($0) }
    case .arccos: fillPointwise(f, n, u0, step) { SymbolicFunction.arccos.value($0) }
    case .arctan: fillPointwise(f, n, u0, step) { fastArctan($0) }
    case .arctanh: fillPointwise(f, n, u0, step) { SymbolicFunction.arctanh.value($0) }
    case .zero: fillPointwise(f, n, u0, step) { SymbolicFunction.zero.value($0) }
    case .gaussian: fillPointwise(f, n, u0, step) { fastExp(-$0 * $0) }
    }
  }
}

/// `f_j = value(u0 + j step)`, with `value` a closure over one constant function.
@inline(__always)
private func fillPointwise(
  _ f: UnsafeMutablePointer<Double>, _ n: Int, _ u0: Double, _ step: Double,
  _ value: (Double) -> Double
) {
  for j in 0..<n { f[j] = value(u0 + Double(j) * step) }
}

/// `f_j = sin(u0 + t_j)`, `cos(u0 + t_j)` or their ratio `tan`, from `sin u0 = s`, `cos u0 = c`.
@inline(__always)
private func fillRotation(
  _ f: UnsafeMutablePointer<Double>, _ n: Int, _ s: Double, _ c: Double,
  _ sine: UnsafePointer<Double>, _ cosine: UnsafePointer<Double>, _ function: SymbolicFunction
) {
  switch function {
  case .sin: for j in 0..<n { f[j] = s * cosine[j] + c * sine[j] }
  case .cos: for j in 0..<n { f[j] = c * cosine[j] - s * sine[j] }
  default: for j in 0..<n { f[j] = (s * cosine[j] + c * sine[j]) / (c * cosine[j] - s * sine[j]) }
  }
}

/// Replaces every entry of a row of `tan` beyond the bound `B` (or not finite) by the
/// singularity-avoiding value.
@inline(__always)
private func guardTangent(_ f: UnsafeMutablePointer<Double>, _ n: Int, u0: Double, step: Double) {
  for j in 0..<n where !(Swift.abs(f[j]) <= SingularityBound.value) {
    f[j] = SymbolicFunction.tan.value(u0 + Double(j) * step)
  }
}

/// `f_j = scale * table_j`.
@inline(__always)
private func scaleRow(
  _ f: UnsafeMutablePointer<Double>, _ n: Int, _ scale: Double, _ table: UnsafePointer<Double>
) {
  for j in 0..<n { f[j] = scale * table[j] }
}
