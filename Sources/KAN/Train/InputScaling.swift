/// The standardisation of a network's inputs, stored in its model file so that `kan predict`
/// takes raw columns and `formula` speaks of them.
///
///     z_i = (x_i - mean_i) / scale_i,     scale_i > 0
public struct InputScaling: Sendable, Equatable {
  /// The column name of every input.
  public var names: [String]
  /// `mean_i`.
  public var mean: [Double]
  /// `scale_i`.
  public var scale: [Double]

  /// A scaling, checked.
  ///
  /// - Parameters:
  ///   - names: one column name per input.
  ///   - mean: one finite mean per input.
  ///   - scale: one finite, positive scale per input.
  /// - Throws: `KANError.invalidArgument` for lengths that differ or values out of range.
  public init(names: [String], mean: [Double], scale: [Double]) throws(KANError) {
    guard mean.count == names.count, scale.count == names.count else {
      throw .invalidArgument(
        name: "input scaling",
        value: "\(names.count) names, \(mean.count) means, "
          + "\(scale.count) scales", expected: "one of each per input")
    }
    guard mean.allSatisfy(\.isFinite), scale.allSatisfy({ $0.isFinite && $0 > 0 }) else {
      throw .invalidArgument(
        name: "input scaling", value: "means \(mean), scales \(scale)",
        expected: "finite means and finite, positive scales")
    }
    self.names = names
    self.mean = mean
    self.scale = scale
  }

  /// The scaling that standardises the columns of `x`: their mean and Bessel-corrected
  /// standard deviation.
  ///
  ///     mean_i = (1/B) sum_b x_bi,    scale_i = sqrt(sum_b (x_bi - mean_i)^2 / (B - 1))
  ///
  /// - Parameters:
  ///   - x: the samples, `(batch, in)`, at least two rows.
  ///   - names: one column name per input.
  /// - Returns: the scaling.
  /// - Throws: `KANError.invalidArgument` for a column with no spread (a constant input; the
  ///   message names it), too few rows or names of the wrong count.
  public static func standardising(_ x: Tensor<Double>, names: [String]) throws(KANError)
    -> InputScaling
  {
    let (rows, columns) = (x.shape[0], x.shape[1])
    guard rows >= 2, names.count == columns else {
      throw .invalidArgument(
        name: "samples", value: "\(rows) rows, \(columns) columns, \(names.count) names",
        expected: "at least 2 rows and one name per column")
    }
    let spread = standardDeviations(of: x)
    if let i = spread.firstIndex(where: { !($0 > 0) }) {
      throw .invalidArgument(
        name: "input column \"\(names[i])\"", value: "constant (\(x[0, i]) in every row)",
        expected: "a column that varies: remove it, it carries no information")
    }
    let mean = (0..<columns).map { i in
      (0..<rows).reduce(0.0) { $0 + x.scalars[$1 * columns + i] } / Double(rows)
    }
    return try InputScaling(names: names, mean: mean, scale: spread)
  }

  /// `z = (x - mean) / scale`, column by column.
  ///
  /// - Parameter x: raw samples, `(batch, in)`.
  /// - Returns: the standardised samples.
  /// - Throws: `KANError.shapeMismatch` when `x` does not have one column per input.
  public func apply<Scalar: KANScalar>(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    guard x.shape.count == 2, x.shape[1] == mean.count else {
      throw .shapeMismatch(
        what: "raw inputs", expected: [x.shape.first ?? 1, mean.count], got: x.shape)
    }
    var z = x
    for (index, value) in x.scalars.enumerated() {
      let i = index % mean.count
      z.scalars[index] = Scalar((Double(value) - mean[i]) / scale[i])
    }
    return z
  }

  /// The scaling of some of the inputs, in the order given (after `pruneInputs`).
  ///
  /// - Parameter inputs: indices into `names`.
  /// - Returns: the smaller scaling.
  public func selecting(_ inputs: [Int]) -> InputScaling {
    var copy = self
    copy.names = inputs.map { names[$0] }
    copy.mean = inputs.map { mean[$0] }
    copy.scale = inputs.map { scale[$0] }
    return copy
  }
}
