/// The largest models this package builds or loads, so a size from a file or a caller is
/// refused with a message instead of overflowing or exhausting memory.
///
///     grid size G          <= 1000
///     spline order k       <= 10
///     layers               <= 100
///     parameters           <= 2^28 in total (1 GiB of Float weights; training needs about
///                             five times that for gradients and optimizer moments)
///
/// Every product of sizes is computed with overflow checks before it is compared.
public enum KANLimits {
  /// The largest grid size `G`.
  public static let gridSize = 1000
  /// The largest spline degree `k`.
  public static let splineOrder = 10
  /// The most layers in a network.
  public static let layers = 100
  /// The most learnable scalars in a network (or a layer).
  public static let parameters = 1 << 28

  /// `a * b * ...`, or nil when it overflows.
  ///
  /// - Parameter factors: non-negative sizes.
  /// - Returns: their product, or nil on overflow.
  public static func product(_ factors: Int...) -> Int? {
    product(factors)
  }

  /// The product of an array of sizes, or nil when it overflows.
  ///
  /// - Parameter factors: non-negative sizes.
  /// - Returns: their product, or nil on overflow.
  public static func product(_ factors: [Int]) -> Int? {
    var result = 1
    for factor in factors {
      let (next, overflow) = result.multipliedReportingOverflow(by: factor)
      if overflow { return nil }
      result = next
    }
    return result
  }

  /// Throws unless a layer of these sizes fits the limits.
  ///
  ///     in >= 1,  out >= 1,  out * in * (n + 2) <= parameters
  ///
  /// - Throws: `KANError.invalidArgument` naming the size and the cap.
  static func checkLayer(
    inFeatures: Int, outFeatures: Int, _ configuration: KANConfiguration
  ) throws(KANError) {
    guard inFeatures >= 1 else {
      throw .invalidArgument(name: "inFeatures", value: "\(inFeatures)", expected: "at least 1")
    }
    guard outFeatures >= 1 else {
      throw .invalidArgument(name: "outFeatures", value: "\(outFeatures)", expected: "at least 1")
    }
    let columns = configuration.basisCount + 2
    guard let count = product(outFeatures, inFeatures, columns), count <= parameters else {
      throw .invalidArgument(
        name: "layer size",
        value: "\(inFeatures) -> \(outFeatures) with \(columns) weights per edge",
        expected: "at most \(parameters) parameters (KANLimits.parameters)")
    }
  }
}
