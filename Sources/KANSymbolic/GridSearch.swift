/// The coarse search over `(a, b)`: pykan's grid, with `c`, `d` and `R^2` in closed form at
/// every point and memory independent of the number of samples.
///
///     a_i = a_lo + i (a_hi - a_lo) / (G - 1)     b_j = b_lo + j (b_hi - b_lo) / (G - 1)
///     (c, d, R^2)_ij = LinearFitSums over p of f(a_i x_p + b_j)
///     best = argmax_ij R^2_ij over points where a_i x + b_j stays in f's domain
///     then the same on a zoomPoints^2 grid over the cells around the best point
///
/// pykan builds the whole `batch x G x G` tensor of `f(a_i x_p + b_j)` (100 GB reported for
/// large batches). Here the rows of the grid run on separate threads, each row streams over the
/// samples with `5 G` running sums (`GridRow`) and keeps only its best point: memory is
/// `O(threads G)`, whatever the batch.
enum GridSearch {
  /// The grid point with the largest `R^2`, ties going to the smaller `a^2 + b^2`.
  ///
  /// - Parameters:
  ///   - function: The library function `f`.
  ///   - samples: The samples the sums run over (the thinned batch).
  ///   - inputs: The range of all the edge's inputs, which `a x + b` must keep in the domain.
  ///   - options: The grid's ranges, size and thread count.
  /// - Returns: The best edge with its `R^2`, or `nil` when no grid point keeps `a x + b` in the
  ///   domain.
  static func best(
    _ function: SymbolicFunction, on samples: EdgeSamples, inputs: ClosedRange<Double>,
    options: SymbolicFitOptions
  ) -> (edge: SymbolicEdge, rSquared: Double)? {
    let g = options.gridPoints
    guard
      let coarse = search(
        function, on: samples, inputs: inputs, aRange: options.aRange, bRange: options.bRange,
        g: g, threads: options.threads)
    else { return nil }
    // Zoom into the cells around the best point, as pykan's later iterations do.
    let cellA = (options.aRange.upperBound - options.aRange.lowerBound) / Double(g - 1)
    let cellB = (options.bRange.upperBound - options.bRange.lowerBound) / Double(g - 1)
    let (a, b) = (coarse.edge.a, coarse.edge.b)
    guard options.zoomPoints >= 2,
      let fine = search(
        function, on: samples, inputs: inputs, aRange: (a - cellA)...(a + cellA),
        bRange: (b - cellB)...(b + cellB), g: options.zoomPoints, threads: options.threads),
      isBetter(fine, than: coarse)
    else { return coarse }
    return fine
  }

  /// The best point of one `g x g` grid over `aRange x bRange`.
  private static func search(
    _ function: SymbolicFunction, on samples: EdgeSamples, inputs: ClosedRange<Double>,
    aRange: ClosedRange<Double>, bRange: ClosedRange<Double>, g: Int, threads: Int
  ) -> (edge: SymbolicEdge, rSquared: Double)? {
    let step = (bRange.upperBound - bRange.lowerBound) / Double(g - 1)
    let tables = RowTables(step: step, n: g)
    let rows = parallelMap(g, threads: threads) { i in
      bestInRow(
        function, a: gridValue(i, aRange, g), bRange: bRange, g: g, samples: samples,
        inputs: inputs, tables: tables)
    }
    var best: (edge: SymbolicEdge, rSquared: Double)?
    for case let row? in rows where isBetter(row, than: best) { best = row }
    return best
  }

  /// The best point of the grid row at one `a`, among the `b_j` that keep `a x + b_j` in the
  /// domain (a contiguous range of `j`, since the domain is an interval).
  private static func bestInRow(
    _ function: SymbolicFunction, a: Double, bRange: ClosedRange<Double>, g: Int,
    samples: EdgeSamples, inputs: ClosedRange<Double>, tables: RowTables
  ) -> (edge: SymbolicEdge, rSquared: Double)? {
    let edge = { (j: Int) in SymbolicEdge(function, a: a, b: gridValue(j, bRange, g)) }
    guard let first = (0..<g).first(where: { edge($0).staysInDomain(for: inputs) }) else {
      return nil
    }
    var last = first
    while last + 1 < g, edge(last + 1).staysInDomain(for: inputs) { last += 1 }
    let step = (bRange.upperBound - bRange.lowerBound) / Double(g - 1)
    let row = GridRow(
      function, a: a, b0: gridValue(first, bRange, g), step: step, n: last - first + 1,
      samples: samples, tables: tables)
    var best: (edge: SymbolicEdge, rSquared: Double)?
    for j in first...last {
      let fit = row.sums(j - first).solve(yMean: samples.yMean, yScatter: samples.yScatter)
      var point = edge(j)
      (point.c, point.d) = (fit.c, fit.d)
      if isBetter((point, fit.rSquared), than: best) { best = (point, fit.rSquared) }
    }
    return best
  }

  /// The `k`-th of `g` equally spaced points of `range`.
  private static func gridValue(_ k: Int, _ range: ClosedRange<Double>, _ g: Int) -> Double {
    range.lowerBound + Double(k) * (range.upperBound - range.lowerBound) / Double(g - 1)
  }

  /// Whether `candidate` beats `best`: a larger `R^2`, or the same `R^2` (within 1e-12) and a
  /// smaller `a^2 + b^2`.
  private static func isBetter(
    _ candidate: (edge: SymbolicEdge, rSquared: Double),
    than best: (edge: SymbolicEdge, rSquared: Double)?
  ) -> Bool {
    guard let best else { return true }
    if candidate.rSquared > best.rSquared + 1e-12 { return true }
    if candidate.rSquared < best.rSquared - 1e-12 { return false }
    let size = { (edge: SymbolicEdge) in edge.a * edge.a + edge.b * edge.b }
    return size(candidate.edge) < size(best.edge)
  }
}

/// The least-squares `c`, `d` and `R^2` of `y ~ c f(a x + b) + d` at the edge's `a`, `b`.
///
/// - Parameters:
///   - edge: The edge whose `function`, `a` and `b` are used.
///   - samples: The samples to fit.
///   - threads: The number of threads summing blocks of samples.
/// - Returns: `(c, d, R^2)` as `LinearFitSums.solve` gives them.
func linearFit(of edge: SymbolicEdge, on samples: EdgeSamples, threads: Int = 1) -> (
  c: Double, d: Double, rSquared: Double
) {
  let f = edge.function
  let (a, b, yMean) = (edge.a, edge.b, samples.yMean)
  let shift = f.value(a * samples.x[0] + b)
  let sums = blockSum(samples.count, threads: threads, add: +) { range in
    var sums = LinearFitSums(shift: shift)
    for p in range { sums.add(f.value(a * samples.x[p] + b), centredY: samples.y[p] - yMean) }
    return sums
  }
  return (sums ?? LinearFitSums(shift: 0)).solve(yMean: yMean, yScatter: samples.yScatter)
}
