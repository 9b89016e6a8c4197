/// The knots of one input after a grid update: sample quantiles mixed with a uniform grid over
/// the sample range, extended by `k` uniform steps on each side (efficient-kan's `update_grid`).
///
///     P samples sorted: x_(0) <= ... <= x_(P-1)
///     adaptive_m = x_(floor(m (P - 1) / G))                          m = 0 ... G
///     h          = (x_(P-1) - x_(0) + 2 margin) / G
///     uniform_m  = x_(0) - margin + m h
///     g_m        = gridEps uniform_m + (1 - gridEps) adaptive_m
///     knots      = [g_0 - k h, ..., g_0 - h, g_0, ..., g_G, g_G + h, ..., g_G + k h]
///
/// `gridEps = 1` gives a uniform grid, `gridEps = 0` pure quantiles; any `gridEps > 0` keeps the
/// knots strictly increasing when the samples are not all equal.
///
/// - Parameters:
///   - sorted: the samples of one input in increasing order, at least one.
///   - gridSize: `G`.
///   - order: `k`.
///   - margin: how far the uniform grid reaches beyond the sample range.
///   - gridEps: the weight of the uniform grid.
/// - Returns: `G + 2k + 1` knots.
func adaptiveKnots(
  sorted: [Double], gridSize: Int, order: Int, margin: Double, gridEps: Double
) -> [Double] {
  let count = sorted.count
  let lowest = sorted[0]
  let step = (sorted[count - 1] - lowest + 2 * margin) / Double(gridSize)
  var knots = [Double](repeating: 0, count: gridSize + 2 * order + 1)
  for m in 0...gridSize {
    let adaptive = sorted[m * (count - 1) / gridSize]
    let uniform = lowest - margin + Double(m) * step
    knots[order + m] = gridEps * uniform + (1 - gridEps) * adaptive
  }
  for r in stride(from: 1, through: order, by: 1) {
    knots[order - r] = knots[order] - Double(r) * step
    knots[order + gridSize + r] = knots[order + gridSize] + Double(r) * step
  }
  return knots
}

/// The knots of one input for a finer (or coarser) grid over the same range: the old interior
/// points interpolated linearly at `G_new + 1` evenly spaced fractions, extended by `k` steps of
/// the new mean spacing.
///
///     o_0 ... o_G  = old interior knots t_k ... t_{G+k}
///     u_m          = m G / G_new,   a = min(floor(u_m), G - 1)
///     g_m          = o_a + (u_m - a) (o_{a+1} - o_a)                    m = 0 ... G_new
///     h            = (o_G - o_0) / G_new,  k knots g_0 - r h and g_G + r h on the sides
///
/// A uniform grid stays uniform; when `G_new` is a multiple of `G` every old interior knot is a
/// new one, so every old spline restricted to `[o_0, o_G]` lies in the new spline space (same
/// degree, more breakpoints) and the refit reproduces it exactly.
///
/// - Parameters:
///   - old: the old knot row, `G + 2k + 1` knots.
///   - gridSize: the old `G`.
///   - newGridSize: `G_new`.
///   - order: `k`.
/// - Returns: `G_new + 2k + 1` knots.
func subdividedKnots(_ old: [Double], gridSize: Int, newGridSize: Int, order: Int) -> [Double] {
  var knots = [Double](repeating: 0, count: newGridSize + 2 * order + 1)
  for m in 0...newGridSize {
    let u = Double(m * gridSize) / Double(newGridSize)
    let a = min(Int(u), gridSize - 1)
    let left = old[order + a]
    knots[order + m] = left + (u - Double(a)) * (old[order + a + 1] - left)
  }
  let step = (knots[order + newGridSize] - knots[order]) / Double(newGridSize)
  for r in stride(from: 1, through: order, by: 1) {
    knots[order - r] = knots[order] - Double(r) * step
    knots[order + newGridSize + r] = knots[order + newGridSize] + Double(r) * step
  }
  return knots
}
