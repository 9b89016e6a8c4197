/// A fixed edge: a library function with the affine maps of its input and output.
///
///     y = c f(a x + b) + d
///
/// This is what `fixSymbolic` puts in place of an edge's spline; `a, b, c, d` stay trainable.
public struct SymbolicEdge: Sendable, Equatable {
  /// The library function `f`.
  public var function: SymbolicFunction
  /// The input scale `a`.
  public var a: Double
  /// The input shift `b`.
  public var b: Double
  /// The output scale `c`.
  public var c: Double
  /// The output shift `d`.
  public var d: Double

  /// Creates a fixed edge; the defaults give `y = f(x)`, pykan's unfitted `fix_symbolic`.
  ///
  /// - Parameters:
  ///   - function: The library function `f`.
  ///   - a: The input scale.
  ///   - b: The input shift.
  ///   - c: The output scale.
  ///   - d: The output shift.
  public init(
    _ function: SymbolicFunction, a: Double = 1, b: Double = 0, c: Double = 1, d: Double = 0
  ) {
    self.function = function
    self.a = a
    self.b = b
    self.c = c
    self.d = d
  }

  /// Evaluates the edge (forward).
  ///
  ///     y = c f(a x + b) + d
  ///
  /// - Parameter x: The edge's input.
  /// - Returns: The edge's output.
  @inline(__always)
  public func callAsFunction(_ x: Double) -> Double {
    c * function.value(a * x + b) + d
  }

  /// Evaluates the edge and its derivatives with respect to the input and the four parameters
  /// (forward and backward in one call).
  ///
  ///     u = a x + b     y = c f(u) + d
  ///     dy/dx = c f'(u) a    dy/da = c f'(u) x    dy/db = c f'(u)    dy/dc = f(u)    dy/dd = 1
  ///
  /// - Parameter x: The edge's input.
  /// - Returns: `y` and its partial derivatives; multiply each by `dL/dy` for the backward.
  @inline(__always)
  public func valueAndGradient(_ x: Double) -> EdgeGradient {
    let (f, slope) = function.valueAndDerivative(a * x + b)
    let dydu = c * slope
    return EdgeGradient(value: c * f + d, x: dydu * a, a: dydu * x, b: dydu, c: f, d: 1)
  }

  /// Whether `a x + b` stays in the function's ``SymbolicFunction/domain`` for every `x` in
  /// `inputs`, so the edge computes its formula exactly there.
  ///
  /// `a x + b` is monotone in `x`, so its range over `[x_lo, x_hi]` is that of its two ends.
  ///
  /// - Parameter inputs: The range of the edge's inputs.
  /// - Returns: `true` when both ends map into the domain.
  func staysInDomain(for inputs: ClosedRange<Double>) -> Bool {
    let domain = function.domain
    return domain.contains(a * inputs.lowerBound + b) && domain.contains(a * inputs.upperBound + b)
  }
}

/// The value of a fixed edge `y = c f(a x + b) + d` and its partial derivatives.
public struct EdgeGradient: Sendable, Equatable {
  /// `y`.
  public var value: Double
  /// `dy/dx = c f'(u) a`.
  public var x: Double
  /// `dy/da = c f'(u) x`.
  public var a: Double
  /// `dy/db = c f'(u)`.
  public var b: Double
  /// `dy/dc = f(u)`.
  public var c: Double
  /// `dy/dd = 1`.
  public var d: Double
}
