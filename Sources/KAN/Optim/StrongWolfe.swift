/// One point of a line search: step length, loss, gradient and directional derivative.
private struct LinePoint {
  var step: Double
  var loss: Double
  var gradient: [Double]
  var slope: Double
}

extension LBFGS {
  /// A step length along `d` that satisfies the strong Wolfe conditions, found by bracketing
  /// then zooming with cubic interpolation (Nocedal and Wright, algorithms 3.5 and 3.6, as
  /// PyTorch implements them; at most 25 evaluations).
  ///
  /// - Returns: the accepted step, its loss and gradient, and the evaluations used.
  func strongWolfe(
    from w: [Double], direction d: [Double], step initialStep: Double, loss f: Double,
    gradient g: [Double], slope gtd: Double,
    evaluate: ([Double]) throws -> (loss: Double, gradient: [Double])
  ) throws -> (step: Double, loss: Double, gradient: [Double], evaluations: Int) {
    let (c1, c2, maxSearches) = (1e-4, 0.9, 25)
    let directionNorm = maxAbs(d)
    func probe(_ t: Double) throws -> LinePoint {
      let moved = zip(w, d).map { $0 + t * $1 }
      let (loss, gradient) = try evaluate(moved)
      return LinePoint(step: t, loss: loss, gradient: gradient, slope: dot(gradient, d))
    }
    var current = try probe(initialStep)
    var previous = LinePoint(step: 0, loss: f, gradient: g, slope: gtd)
    var evaluations = 1
    var searches = 0
    var bracket: [LinePoint] = []
    var done = false
    while searches < maxSearches {
      if current.loss > f + c1 * current.step * gtd
        || (searches > 1 && current.loss >= previous.loss)
      {
        bracket = [previous, current]
        break
      }
      if abs(current.slope) <= -c2 * gtd {
        bracket = [current]
        done = true
        break
      }
      if current.slope >= 0 {
        bracket = [previous, current]
        break
      }
      let next = cubicMinimum(
        previous, current,
        bounds: (current.step + 0.01 * (current.step - previous.step), current.step * 10))
      previous = current
      current = try probe(next)
      evaluations += 1
      searches += 1
    }
    if searches == maxSearches {
      bracket = [LinePoint(step: 0, loss: f, gradient: g, slope: gtd), current]
    }
    var insufficientProgress = false
    var (low, high) = bracket[0].loss <= bracket[bracket.count - 1].loss ? (0, 1) : (1, 0)
    while !done && searches < maxSearches {
      let lower = min(bracket[0].step, bracket[1].step)
      let upper = max(bracket[0].step, bracket[1].step)
      if (upper - lower) * directionNorm < toleranceChange { break }
      var t = cubicMinimum(bracket[0], bracket[1], bounds: nil)
      let margin = 0.1 * (upper - lower)
      if min(upper - t, t - lower) < margin {
        if insufficientProgress || t >= upper || t <= lower {
          t = abs(t - upper) < abs(t - lower) ? upper - margin : lower + margin
          insufficientProgress = false
        } else {
          insufficientProgress = true
        }
      } else {
        insufficientProgress = false
      }
      let point = try probe(t)
      evaluations += 1
      searches += 1
      if point.loss > f + c1 * t * gtd || point.loss >= bracket[low].loss {
        bracket[high] = point
        (low, high) = bracket[0].loss <= bracket[1].loss ? (0, 1) : (1, 0)
      } else {
        if abs(point.slope) <= -c2 * gtd {
          done = true
        } else if point.slope * (bracket[high].step - bracket[low].step) >= 0 {
          bracket[high] = bracket[low]
        }
        bracket[low] = point
      }
    }
    let best = bracket[bracket.count == 1 ? 0 : low]
    return (best.step, best.loss, best.gradient, evaluations)
  }
}

/// The minimiser of the cubic through two points with their slopes, clamped to `bounds`
/// (or to the interval between the points), or its midpoint when the cubic has none.
///
///     d1 = g1 + g2 - 3 (f1 - f2) / (x1 - x2),   d2 = sqrt(d1^2 - g1 g2)
///     x* = x2 - (x2 - x1) (g2 + d2 - d1) / (g2 - g1 + 2 d2)          (x1 <= x2)
private func cubicMinimum(
  _ a: LinePoint, _ b: LinePoint, bounds: (Double, Double)?
) -> Double {
  let (lower, upper) = bounds ?? (min(a.step, b.step), max(a.step, b.step))
  let d1 = a.slope + b.slope - 3 * (a.loss - b.loss) / (a.step - b.step)
  let square = d1 * d1 - a.slope * b.slope
  guard square >= 0 else { return (lower + upper) / 2 }
  let d2 = square.squareRoot()
  let position =
    a.step <= b.step
    ? b.step - (b.step - a.step) * ((b.slope + d2 - d1) / (b.slope - a.slope + 2 * d2))
    : a.step - (a.step - b.step) * ((a.slope + d2 - d1) / (a.slope - b.slope + 2 * d2))
  guard position.isFinite else { return (lower + upper) / 2 }
  return min(max(position, lower), upper)
}
