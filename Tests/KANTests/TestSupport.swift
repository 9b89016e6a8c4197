@testable import KAN

/// Deterministic test inputs: `count` values spread over `range` by a seeded generator.
func seededValues(_ count: Int, in range: ClosedRange<Double>, seed: UInt64) -> [Double] {
  var generator = SeededGenerator(seed: seed)
  return (0..<count).map { _ in generator.uniform(range.lowerBound, range.upperBound) }
}

/// A `(rows, columns)` Double tensor of seeded values in `range`.
func seededTensor(
  _ rows: Int, _ columns: Int, in range: ClosedRange<Double> = -1...1, seed: UInt64
) -> Tensor<Double> {
  var tensor = Tensor<Double>(shape: [rows, columns])
  tensor.scalars = seededValues(rows * columns, in: range, seed: seed)
  return tensor
}

/// The scalar loss `L = sum r * y` whose output gradient is exactly `r`, used to probe
/// backward passes with finite differences.
func probeLoss(_ y: Tensor<Double>, _ r: Tensor<Double>) -> Double {
  zip(y.scalars, r.scalars).reduce(0) { $0 + $1.0 * $1.1 }
}
