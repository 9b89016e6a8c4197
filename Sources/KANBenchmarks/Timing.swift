import Foundation

/// The wall time of `body` in seconds, on the monotonic clock.
func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The median of a non-empty list (the upper middle for an even count).
func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
}

/// `value` with `places` digits after the point.
func fixed(_ value: Double, _ places: Int) -> String {
  String(format: "%.\(places)f", value)
}
