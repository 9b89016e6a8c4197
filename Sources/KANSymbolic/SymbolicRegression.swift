/// Fits library functions to an edge's samples and ranks them, as pykan's `fix_symbolic` and
/// `suggest_symbolic` do.
public enum SymbolicRegression {
  /// Fits `y ~ c f(a x + b) + d` to the samples of an edge.
  ///
  ///     1. grid search over (a, b) with closed-form (c, d),  (GridSearch; thinned samples)
  ///        then a finer grid over the best cells
  ///     2. Levenberg-Marquardt on (a, b, c, d)                (thinned samples, then all)
  ///     3. closed-form (c, d) and R^2 at the final (a, b)     (all samples)
  ///
  /// `x` and `0` need no search: `x` is the linear regression (`a = 1, b = 0`), `0` the mean
  /// (`c = 0, d = ybar`, `R^2 = 0`). When no grid point keeps `a x + b` in the function's domain
  /// for every sample, the fit is the constant `d = ybar` with `R^2 = 0`.
  ///
  /// - Parameters:
  ///   - function: The library function `f`.
  ///   - samples: The edge's samples.
  ///   - options: The grid and refinement settings.
  /// - Returns: The fitted edge and its `R^2` on all samples.
  /// - Throws: `SymbolicError.invalidOption` for a setting out of range.
  public static func fit(
    _ function: SymbolicFunction, to samples: EdgeSamples,
    options: SymbolicFitOptions = SymbolicFitOptions()
  ) throws(SymbolicError) -> SymbolicCandidate {
    try options.validate()
    let constant = SymbolicCandidate(
      edge: SymbolicEdge(function, a: 1, b: 0, c: 0, d: samples.yMean), rSquared: 0)
    var edge: SymbolicEdge
    switch function {
    case .zero: return constant
    case .x: edge = SymbolicEdge(.x)
    default:
      let thinned = samples.strided(limit: options.gridSampleLimit)
      let inputs = samples.xRange
      guard let start = GridSearch.best(function, on: thinned, inputs: inputs, options: options)
      else { return constant }
      edge = LevenbergMarquardt.refine(
        start.edge, on: thinned, inputs: inputs, trials: options.refinementSteps, threads: 1)
      if thinned.count < samples.count {
        edge = LevenbergMarquardt.refine(
          edge, on: samples, inputs: inputs, trials: options.fullDataSteps,
          threads: options.threads)
      }
    }
    let fit = linearFit(of: edge, on: samples, threads: options.threads)
    edge.c = fit.c
    edge.d = fit.d
    return SymbolicCandidate(edge: edge, rSquared: fit.rSquared)
  }

  /// Fits every function of a library to an edge and ranks them by pykan's loss.
  ///
  ///     loss = w complexity + (1 - w) log2(1 + 1e-5 - R^2),   ascending
  ///
  /// Losses are compared rounded to 1e-6, and ties keep the library's order: on clean data `sin` and
  /// `cos` (the same family, `cos u = sin(u + pi/2)`) both reach `R^2 = 1` up to rounding, and
  /// `sin` is listed first rather than whichever rounding favours. pykan's default `w = 0.8`
  /// prefers a simpler function unless a more complex one fits much better; `w = 0` ranks by
  /// `R^2` alone.
  ///
  /// - Parameters:
  ///   - samples: The edge's samples.
  ///   - library: The functions to try (default: the whole library, each once).
  ///   - weightSimple: `w` in `[0, 1]`.
  ///   - options: The grid and refinement settings.
  /// - Returns: One candidate per library function, best first.
  /// - Throws: `SymbolicError.invalidOption` for an empty library, `w` outside `[0, 1]` or a
  ///   setting out of range.
  public static func suggest(
    _ samples: EdgeSamples, library: [SymbolicFunction] = SymbolicFunction.allCases,
    weightSimple: Double = 0.8, options: SymbolicFitOptions = SymbolicFitOptions()
  ) throws(SymbolicError) -> [SymbolicCandidate] {
    guard !library.isEmpty else {
      throw .invalidOption(name: "library", reason: "it is empty; pass at least one function")
    }
    guard (0...1).contains(weightSimple) else {
      throw .invalidOption(name: "weightSimple", reason: "\(weightSimple) must be in [0, 1]")
    }
    var candidates: [(loss: Double, order: Int, candidate: SymbolicCandidate)] = []
    for (order, function) in library.enumerated() {
      let candidate = try fit(function, to: samples, options: options)
      let loss = (candidate.rankingLoss(weightSimple: weightSimple) * 1e6).rounded()
      candidates.append((loss, order, candidate))
    }
    candidates.sort { ($0.loss, $0.order) < ($1.loss, $1.order) }
    return candidates.map(\.candidate)
  }
}
