/// Limited-memory BFGS with a strong-Wolfe line search, the optimizer pykan fits with
/// (PyTorch's `torch.optim.LBFGS(line_search_fn="strong_wolfe")`, same defaults and stopping
/// rules), on a flat parameter vector.
///
/// One `step` runs up to `maxIterations` quasi-Newton iterations. The direction comes from the
/// two-loop recursion over the last `historySize` pairs
///
///     s_k = w_{k+1} - w_k,   y_k = g_{k+1} - g_k,   rho_k = 1 / (y_k . s_k)
///     d = -H g,   H_0 = (y . s) / (y . y)
///
/// and the step length `t` satisfies the strong Wolfe conditions
///
///     f(w + t d) <= f(w) + c1 t g.d          (sufficient decrease, c1 = 1e-4)
///     |g(w + t d) . d| <= c2 |g.d|           (curvature, c2 = 0.9)
///
/// It is not an `Optimizer`: a line search evaluates the loss and gradient at points of its
/// choosing, so a step needs a function to call (`evaluate`), not one gradient from the last
/// `backward`. `KANNetwork.fitLBFGS` supplies that function (the full-batch loss) and is the
/// way to train with it.
public struct LBFGS: Sendable {
  /// The initial step length `lr` (1 for quasi-Newton steps).
  public var learningRate: Double
  /// Quasi-Newton iterations per `step`.
  public var maxIterations: Int
  /// Function evaluations per `step`.
  public var maxEvaluations: Int
  /// Stop when `max |g| <= toleranceGradient`.
  public var toleranceGradient: Double
  /// Stop when a step or a loss change is below this.
  public var toleranceChange: Double
  /// Skip a curvature pair with `y . s <= toleranceCurvature`.
  public var toleranceCurvature: Double
  /// The number of `(s, y)` pairs kept.
  public var historySize: Int

  private var direction: [Double] = []
  private var stepLength = 0.0
  private var steps: [[Double]] = []
  private var gradientChanges: [[Double]] = []
  private var inverseCurvatures: [Double] = []
  private var diagonal = 1.0
  private var previousGradient: [Double] = []
  private var iterationCount = 0

  /// L-BFGS with pykan's settings by default (history 10, tolerances 1e-32).
  public init(
    learningRate: Double = 1, maxIterations: Int = 20, maxEvaluations: Int? = nil,
    toleranceGradient: Double = 1e-32, toleranceChange: Double = 1e-32,
    toleranceCurvature: Double = 1e-32, historySize: Int = 10
  ) {
    self.learningRate = learningRate
    self.maxIterations = maxIterations
    self.maxEvaluations = maxEvaluations ?? maxIterations * 5 / 4
    self.toleranceGradient = toleranceGradient
    self.toleranceChange = toleranceChange
    self.toleranceCurvature = toleranceCurvature
    self.historySize = historySize
  }

  /// Runs one `step` from `w`, updating it in place.
  ///
  /// - Parameters:
  ///   - w: the parameters; on return, the best point found.
  ///   - evaluate: the loss and its gradient at a point.
  /// - Returns: the loss at the starting point (as PyTorch returns it).
  /// - Throws: whatever `evaluate` throws.
  public mutating func step(
    _ w: inout [Double], evaluate: ([Double]) throws -> (loss: Double, gradient: [Double])
  ) throws -> Double {
    var (loss, gradient) = try evaluate(w)
    let firstLoss = loss
    var evaluations = 1
    if maxAbs(gradient) <= toleranceGradient { return firstLoss }
    var iterations = 0
    while iterations < maxIterations {
      iterations += 1
      iterationCount += 1
      updateDirection(gradient: gradient)
      previousGradient = gradient
      let previousLoss = loss
      stepLength =
        iterationCount == 1
        ? min(1, 1 / gradient.reduce(0) { $0 + abs($1) }) * learningRate : learningRate
      let slope = dot(gradient, direction)
      if slope > -toleranceChange { break }
      let search = try strongWolfe(
        from: w, direction: direction, step: stepLength, loss: loss, gradient: gradient,
        slope: slope, evaluate: evaluate)
      (loss, gradient, stepLength) = (search.loss, search.gradient, search.step)
      for q in w.indices { w[q] += stepLength * direction[q] }
      evaluations += search.evaluations
      if iterations == maxIterations || evaluations >= maxEvaluations { break }
      if maxAbs(gradient) <= toleranceGradient { break }
      if maxAbs(direction) * abs(stepLength) <= toleranceChange { break }
      if abs(loss - previousLoss) < toleranceChange { break }
    }
    return firstLoss
  }

  /// The next search direction `d = -H g` by the two-loop recursion.
  private mutating func updateDirection(gradient: [Double]) {
    if iterationCount == 1 {
      direction = gradient.map { -$0 }
      steps = []
      gradientChanges = []
      inverseCurvatures = []
      diagonal = 1
      return
    }
    let y = zip(gradient, previousGradient).map { $0 - $1 }
    let s = direction.map { $0 * stepLength }
    let ys = dot(y, s)
    if ys > toleranceCurvature {
      if steps.count == historySize {
        steps.removeFirst()
        gradientChanges.removeFirst()
        inverseCurvatures.removeFirst()
      }
      steps.append(s)
      gradientChanges.append(y)
      inverseCurvatures.append(1 / ys)
      diagonal = ys / dot(y, y)
    }
    var q = gradient.map { -$0 }
    var alphas = [Double](repeating: 0, count: steps.count)
    for k in steps.indices.reversed() {
      alphas[k] = dot(steps[k], q) * inverseCurvatures[k]
      for p in q.indices { q[p] -= alphas[k] * gradientChanges[k][p] }
    }
    for p in q.indices { q[p] *= diagonal }
    for k in steps.indices {
      let beta = dot(gradientChanges[k], q) * inverseCurvatures[k]
      for p in q.indices { q[p] += steps[k][p] * (alphas[k] - beta) }
    }
    direction = q
  }
}

/// `sum_p a_p b_p`.
func dot(_ a: [Double], _ b: [Double]) -> Double {
  var sum = 0.0
  for p in a.indices { sum += a[p] * b[p] }
  return sum
}

/// `max_p |a_p|`.
func maxAbs(_ a: [Double]) -> Double {
  a.reduce(0) { max($0, abs($1)) }
}
