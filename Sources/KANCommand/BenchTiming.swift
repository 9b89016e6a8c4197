import Foundation

/// The median, minimum and maximum of a set of timings, in seconds.
struct TimingSummary {
  /// The middle timing (the mean of the two middle ones for an even count).
  let median: Double
  /// The fastest timing.
  let min: Double
  /// The slowest timing.
  let max: Double

  /// Summarises timings; `seconds` must not be empty.
  init(_ seconds: [Double]) {
    let sorted = seconds.sorted()
    let middle = sorted.count / 2
    median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    min = sorted.first ?? .nan
    max = sorted.last ?? .nan
  }

  /// `median 13.52 ms   min 13.31 ms   max 14.20 ms`.
  var line: String {
    "median \(milliseconds(median))   min \(milliseconds(min))   max \(milliseconds(max))"
  }
}

/// Runs `body` `warmup` times untimed, then `runs` times timed with a monotonic clock.
///
/// - Returns: The seconds each timed run took.
func measure(runs: Int, warmup: Int, _ body: () throws -> Void) rethrows -> [Double] {
  for _ in 0..<warmup { try body() }
  let clock = ContinuousClock()
  return try (0..<runs).map { _ in
    let duration = try clock.measure(body)
    return Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
  }
}

/// Formats seconds as milliseconds with two decimals.
func milliseconds(_ seconds: Double) -> String {
  String(format: "%.2f ms", seconds * 1000)
}

/// `release` or `debug`, so a timing always says which build it came from.
var buildConfiguration: String {
  #if DEBUG
  return "debug (timings not representative; use swift run -c release kan bench ...)"
  #else
  return "release"
  #endif
}
