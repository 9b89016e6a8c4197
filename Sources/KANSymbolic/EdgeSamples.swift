/// The samples `(x_p, y_p)` of one edge, checked once, with the statistics every fit reuses.
///
///     xRange  = [min_p x_p, max_p x_p]
///     yMean   = (1/n) sum_p y_p
///     yScatter = sum_p (y_p - yMean)^2        (two passes, so no cancellation)
public struct EdgeSamples: Sendable {
  /// The edge's inputs; x is (n).
  public let x: [Double]
  /// The edge's outputs; y is (n).
  public let y: [Double]
  /// The smallest and largest input.
  let xRange: ClosedRange<Double>
  /// The mean output.
  let yMean: Double
  /// The total sum of squares of the output about its mean.
  let yScatter: Double

  /// The number of samples.
  public var count: Int { x.count }

  /// Checks and stores the samples of an edge.
  ///
  /// - Parameters:
  ///   - x: The edge's inputs (pre-activations); x is (n).
  ///   - y: The edge's outputs (post-activations); y is (n).
  /// - Throws: `SymbolicError.sampleCountMismatch`, `.tooFewSamples` (fewer than 2) or
  ///   `.nonFiniteSample`.
  public init(x: [Double], y: [Double]) throws(SymbolicError) {
    guard x.count == y.count else { throw .sampleCountMismatch(x: x.count, y: y.count) }
    guard x.count >= 2 else { throw .tooFewSamples(count: x.count, minimum: 2) }
    if let p = x.firstIndex(where: { !$0.isFinite }) {
      throw .nonFiniteSample(what: "x", index: p, value: x[p])
    }
    if let p = y.firstIndex(where: { !$0.isFinite }) {
      throw .nonFiniteSample(what: "y", index: p, value: y[p])
    }
    self.x = x
    self.y = y
    var low = x[0]
    var high = x[0]
    var sum = 0.0
    for p in 0..<x.count {
      low = Swift.min(low, x[p])
      high = Swift.max(high, x[p])
      sum += y[p]
    }
    xRange = low...high
    yMean = sum / Double(y.count)
    var scatter = 0.0
    for value in y { scatter += (value - yMean) * (value - yMean) }
    yScatter = scatter
  }

  /// Converts and checks the samples of an edge held in another floating-point type.
  ///
  /// - Parameters:
  ///   - x: The edge's inputs; x is (n).
  ///   - y: The edge's outputs; y is (n).
  /// - Throws: As the `Double` initializer.
  public init<T: BinaryFloatingPoint>(x: [T], y: [T]) throws(SymbolicError) {
    try self.init(x: x.map(Double.init), y: y.map(Double.init))
  }

  /// At most `limit` samples spread over the whole batch, for the coarse grid search.
  ///
  ///     every stride-th sample, stride = ceil(n / limit);  self when n <= limit
  ///
  /// - Parameter limit: The largest number of samples to keep, `limit >= 2`.
  /// - Returns: The thinned samples, with their own statistics.
  func strided(limit: Int) -> EdgeSamples {
    guard count > limit else { return self }
    let stride = (count + limit - 1) / limit
    let kept = Swift.stride(from: 0, to: count, by: stride)
    // Each index is in range and both arrays are finite, so the checks cannot fail.
    return (try? EdgeSamples(x: kept.map { x[$0] }, y: kept.map { y[$0] })) ?? self
  }
}
