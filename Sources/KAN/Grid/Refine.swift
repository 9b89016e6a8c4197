#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension KANLinear {
  /// A copy of this layer on a grid of `gridSize` intervals, its edges fitted to this layer's
  /// (pykan's grid extension, `refine`), so training can go on at another resolution.
  ///
  ///     grid_new[i, :]    = subdividedKnots(grid[i, :], G, G_new, k)   (RBF: uniform, same range)
  ///     w_new[j, i, :]    = T_i w_s[j, i, :],   T_i = argmin || B_new T - B_old ||  on points
  ///     w_b, s, basis, policy, threads, masks, fixed and tied edges: copied
  ///
  /// The fitting points need no data: `k + 2` per new interval plus the grid points, all in the
  /// grid range (B-spline, RBF), or the `2 max(n, n_new)` Chebyshev nodes mapped through
  /// `atanh` (Chebyshev). Refining a B-spline grid by a whole factor, or raising the Chebyshev
  /// degree, reproduces every edge exactly on the grid range; other changes are least-squares
  /// approximations. Outside the grid range the edges may differ (the extension knots move).
  ///
  /// - Parameter newGridSize: `G_new`, from 1 to `KANLimits.gridSize`.
  /// - Returns: the refined layer.
  /// - Throws: `KANError.invalidArgument` for a grid size out of range, `.nonFinite` if a fit
  ///   fails.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func refine(gridSize newGridSize: Int) throws(KANError) -> KANLinear {
    var settings = configuration
    settings.gridSize = newGridSize
    settings.scaleNoise = 0  // the spline is fitted below: start from no noise
    var refined = try KANLinear(
      inFeatures: inFeatures, outFeatures: outFeatures, configuration: settings)
    refined.threads = threads
    refined.evaluation = evaluation
    refined.baseWeight = baseWeight
    refined.splineScaler = splineScaler
    refined.edgeMask = edgeMask
    refined.fixedEdges = fixedEdges
    refined.tiedEdges = tiedEdges
    let oldCount = grid.shape[1]
    let newCount = refined.grid.shape[1]
    for i in 0..<inFeatures where basis.usesGrid {
      let old = (0..<oldCount).map { Double(grid.scalars[i * oldCount + $0]) }
      let knots =
        basis == .bSpline
        ? subdividedKnots(old, gridSize: gridSize, newGridSize: newGridSize, order: splineOrder)
        : uniformKnots(
          gridSize: newGridSize, order: splineOrder,
          range: old[splineOrder]...old[splineOrder + gridSize])
      for m in 0..<newCount { refined.grid.scalars[i * newCount + m] = Scalar(knots[m]) }
    }
    var weights = refined.splineWeight.scalars  // (out, in, n_new)
    for i in 0..<inFeatures {
      let points = refined.refinementPoints(input: i, oldBasisCount: basisCount)
      try refined.transferCoefficients(
        newDesign: refined.basisDesign(points, input: i, grid: refined.grid.scalars),
        oldDesign: basisDesign(points, input: i, grid: grid.scalars), points: points.count,
        input: i, from: splineWeight.scalars, into: &weights)
    }
    refined.splineWeight.scalars = weights
    return refined
  }

  /// The points a refinement fits on for input `i` of this (new) layer.
  ///
  ///     grid bases:  g_m + (q + 1) (g_{m+1} - g_m) / (k + 2),  q = 0 ... k,  and every g_m
  ///     Chebyshev:   atanh(cos(pi (q + 1/2) / P)),  q = 0 ... P - 1,  P = 2 max(n, n_old)
  ///
  /// - Parameters:
  ///   - i: the input feature.
  ///   - oldBasisCount: the basis count of the layer being refined.
  /// - Returns: the fitting points.
  func refinementPoints(input i: Int, oldBasisCount: Int) -> [Scalar] {
    guard basis.usesGrid else {
      let count = 2 * max(basisCount, oldBasisCount)
      return (0..<count).map { q in
        let t = cos(Double.pi * (Double(q) + 0.5) / Double(count))
        return Scalar(0.5 * log((1 + t) / (1 - t)))
      }
    }
    let row = i * grid.shape[1] + splineOrder
    var points: [Scalar] = [grid.scalars[row]]
    for m in 0..<gridSize {
      let left = grid.scalars[row + m]
      let right = grid.scalars[row + m + 1]
      for q in 1...(splineOrder + 1) {
        points.append(left + Scalar(q) * (right - left) / Scalar(splineOrder + 2))
      }
      points.append(right)
    }
    return points
  }
}

extension KANNetwork {
  /// A copy of this network with every layer refined to `gridSize` intervals (see
  /// `KANLinear.refine(gridSize:)`); pykan's `model.refine(new_grid)`.
  ///
  /// - Parameter newGridSize: `G_new`, at least 1.
  /// - Returns: the refined network.
  /// - Throws: `KANError` as `KANLinear.refine(gridSize:)`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func refine(gridSize newGridSize: Int) throws(KANError) -> KANNetwork {
    var refined: [KANLinear<Scalar>] = []
    for layer in layers { refined.append(try layer.refine(gridSize: newGridSize)) }
    return try KANNetwork(layers: refined)
  }
}
