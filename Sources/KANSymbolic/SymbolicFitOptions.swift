/// The settings of a fit of `y ~ c f(a x + b) + d`.
///
/// The defaults are pykan's search box (`a, b` in `[-10, 10]`, 101 points each), one zoom into
/// the best cells, then Levenberg-Marquardt steps on all four parameters, first on the grid's
/// samples and then on all of them.
public struct SymbolicFitOptions: Sendable, Equatable {
  /// The range of `a` the grid covers.
  public var aRange: ClosedRange<Double> = -10...10
  /// The range of `b` the grid covers.
  public var bRange: ClosedRange<Double> = -10...10
  /// The number of grid points along `a` and along `b` (pykan: 101).
  public var gridPoints = 101
  /// The number of points along `a` and along `b` of the second, finer grid over the cells
  /// around the first grid's best point (pykan zooms twice with 101; 0 or 1 skips the zoom).
  public var zoomPoints = 21
  /// The most samples the grid search reads.
  ///
  /// Larger edges are thinned to every `k`-th sample for the grid. Refinement and the reported `R^2` always use every sample.
  public var gridSampleLimit = 1024
  /// The most Levenberg-Marquardt steps on the grid's samples.
  public var refinementSteps = 100
  /// The most Levenberg-Marquardt steps on all samples, when there are more than
  /// `gridSampleLimit`.
  ///
  /// The steps on the thinned samples end near the optimum, so one or two steps on all of them
  /// reach it: on 10^6 noisy samples of a sine, 1, 2, 4 and 8 steps give the same `R^2` to 8
  /// digits, and each step costs a pass over every sample.
  public var fullDataSteps = 2
  /// The number of threads the grid search and the full-data passes use.
  public var threads = onlineProcessors

  /// The default settings.
  public init() {}

  /// Checks every setting.
  ///
  /// - Throws: `SymbolicError.invalidOption` naming the first setting out of range.
  func validate() throws(SymbolicError) {
    for (name, range) in [("aRange", aRange), ("bRange", bRange)] {
      guard range.lowerBound.isFinite, range.upperBound.isFinite else {
        throw .invalidOption(name: name, reason: "\(range) must have finite bounds")
      }
    }
    guard (2...10_001).contains(gridPoints) else {
      throw .invalidOption(name: "gridPoints", reason: "\(gridPoints) must be in 2...10001")
    }
    guard (0...10_001).contains(zoomPoints) else {
      throw .invalidOption(name: "zoomPoints", reason: "\(zoomPoints) must be in 0...10001")
    }
    guard gridSampleLimit >= 2 else {
      throw .invalidOption(name: "gridSampleLimit", reason: "\(gridSampleLimit) must be >= 2")
    }
    guard refinementSteps >= 0, fullDataSteps >= 0 else {
      throw .invalidOption(name: "refinementSteps, fullDataSteps", reason: "must be >= 0")
    }
    guard threads >= 1 else {
      throw .invalidOption(name: "threads", reason: "\(threads) must be >= 1")
    }
  }
}
