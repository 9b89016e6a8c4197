/// One library function fitted to an edge: `y ~ c f(a x + b) + d`, with its `R^2`.
public struct SymbolicCandidate: Sendable, Equatable {
  /// The fitted edge: function and `a, b, c, d`.
  public var edge: SymbolicEdge
  /// The coefficient of determination on all samples, in `[0, 1]`.
  ///
  ///     R^2 = 1 - sum_p (y_p - c f(a x_p + b) - d)^2 / sum_p (y_p - ybar)^2
  public var rSquared: Double

  /// The function's stable id, as printed in rankings (`"sin"`, `"x^2"`).
  public var name: String { edge.function.id }
  /// pykan's complexity of the function.
  public var complexity: Int { edge.function.complexity }
  /// The input scale `a`.
  public var a: Double { edge.a }
  /// The input shift `b`.
  public var b: Double { edge.b }
  /// The output scale `c`.
  public var c: Double { edge.c }
  /// The output shift `d`.
  public var d: Double { edge.d }

  /// pykan's ranking loss (`suggest_symbolic`): complexity traded against the fit's bits.
  ///
  ///     loss = w complexity + (1 - w) log2(1 + 1e-5 - R^2)
  ///
  /// Lower is better. `log2(1 + 1e-5 - R^2)` runs from 0 at `R^2 = 0` to `log2(1e-5) = -16.6`
  /// at `R^2 = 1`, so with pykan's `w = 0.8` one unit of complexity costs as much as about a
  /// twentyfold smaller `1 - R^2`.
  ///
  /// - Parameter w: `weightSimple` in `[0, 1]`; 0 ranks by `R^2` alone.
  /// - Returns: The loss.
  public func rankingLoss(weightSimple w: Double) -> Double {
    w * Double(complexity) + (1 - w) * LibM.logarithm(1 + 1e-5 - rSquared) / LibM.logarithm(2)
  }
}
