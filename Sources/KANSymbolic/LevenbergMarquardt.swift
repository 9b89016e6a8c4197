/// The local refinement of a fit: Levenberg-Marquardt on all four parameters of
/// `y ~ c f(a x + b) + d`, from the grid's best point.
///
///     solve (JTJ + lambda D) delta = JTr;  theta' = theta + delta
///     accept if SSE(theta') < SSE(theta) and a x + b stays in f's domain: lambda /= 10
///     otherwise reject:                                                   lambda *= 10
///
/// Each trial is one pass over the samples (value, gradient and residual together), in blocks
/// summed in a fixed order, so memory is independent of the number of samples and the result
/// of the thread count.
enum LevenbergMarquardt {
  /// Refines an edge until a trial budget is spent or the fit stops improving.
  ///
  /// - Parameters:
  ///   - start: The starting edge (the grid's best, with its least-squares `c`, `d`).
  ///   - samples: The samples to fit.
  ///   - inputs: The range of all the edge's inputs, which `a x + b` must keep in the domain.
  ///   - trials: The most passes over the samples.
  ///   - threads: The number of threads summing blocks of samples.
  /// - Returns: The refined edge; never a worse fit than `start` on `samples`.
  static func refine(
    _ start: SymbolicEdge, on samples: EdgeSamples, inputs: ClosedRange<Double>, trials: Int,
    threads: Int
  ) -> SymbolicEdge {
    var edge = start
    var current = equations(edge, samples, threads)
    var lambda = 1e-3
    var used = 0
    while used < trials, current.sse > 0, lambda < 1e12 {
      guard let delta = current.step(lambda: lambda) else {
        lambda *= 10
        continue
      }
      let trial = SymbolicEdge(
        edge.function, a: edge.a + delta[0], b: edge.b + delta[1], c: edge.c + delta[2],
        d: edge.d + delta[3])
      guard trial.staysInDomain(for: inputs) else {
        lambda *= 10
        continue
      }
      used += 1
      let next = equations(trial, samples, threads)
      guard next.sse < current.sse else {
        lambda *= 10
        continue
      }
      let gain = current.sse - next.sse
      (edge, current, lambda) = (trial, next, Swift.max(lambda / 10, 1e-12))
      if gain <= 1e-10 * current.sse { break }
    }
    return edge
  }

  /// The normal equations of `edge` over all samples, summed in blocks.
  private static func equations(
    _ edge: SymbolicEdge, _ samples: EdgeSamples, _ threads: Int
  ) -> NormalEquations {
    let sums = blockSum(samples.count, threads: threads, add: +) { range in
      NormalEquations(edge, on: samples, range: range)
    }
    return sums ?? NormalEquations(edge, on: samples, range: 0..<0)
  }
}
