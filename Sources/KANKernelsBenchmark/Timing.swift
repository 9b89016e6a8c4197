// Timing: one product's inputs and its timed repetitions, the fork-join overhead, and the table
// formatting.

import KANKernels

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The inputs and output of one timed product; C is overwritten (`accumulate == false`).
struct Product {
  let shape: Shape
  let a: [Float]
  let b: [Float]
  var c: [Float]

  /// Fills A and B with a fixed pattern in [-0.5, 0.5).
  init(_ shape: Shape) {
    self.shape = shape
    a = (0..<(shape.m * shape.k)).map { Float(($0 &* 7919) % 1000) / 1000 - 0.5 }
    b = (0..<(shape.k * shape.n)).map { Float(($0 &* 104_729) % 1000) / 1000 - 0.5 }
    c = [Float](repeating: 0, count: shape.m * shape.n)
  }

  /// Runs the product once more than `repetitions` (a warm-up) and returns the sorted seconds
  /// of the timed runs, by wall clock or by the process's CPU time.
  func seconds(threads: Int, repetitions: Int, cpuTime: Bool) -> [Double] {
    var c = c
    let (m, n, k) = (shape.m, shape.n, shape.k)
    var result: [Double] = []
    for repetition in 0...repetitions {
      let start = now(cpuTime: cpuTime)
      switch shape.variant {
      case .matmul: matmul(&c, a, b, m: m, n: n, k: k, threads: threads)
      case .transposedA: matmulTransposedA(&c, a, b, m: m, n: n, k: k, threads: threads)
      case .transposedB: matmulTransposedB(&c, a, b, m: m, n: n, k: k, threads: threads)
      }
      if repetition > 0 { result.append(now(cpuTime: cpuTime) - start) }
    }
    return result.sorted()
  }
}

/// Seconds on the monotonic clock, or of CPU time used by this process.
func now(cpuTime: Bool) -> Double {
  var time = timespec()
  clock_gettime(cpuTime ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// The wall-clock cost of one `forEachChunk` call with `threads` chunks of 5 us of work each,
/// beyond the 5 us that perfectly parallel chunks take, after 0, 20 and 200 microseconds of
/// serial work (the gaps between a training step's parallel loops, in which idle threads may
/// fall asleep).
///
/// - Returns: (gap in microseconds, median microseconds of overhead per call) for each gap.
func forkJoinOverhead(threads: Int) -> [(Int, Double)] {
  let work = 5e-6
  return [0, 20, 200].map { gap in
    var samples: [Double] = []
    for _ in 0..<2000 {
      spin(seconds: Double(gap) * 1e-6)
      let start = now(cpuTime: false)
      Parallelism.forEachChunk(threads, threads: threads, minimumChunk: 1) { _ in
        spin(seconds: work)
      }
      samples.append((now(cpuTime: false) - start - work) * 1e6)
    }
    samples.sort()
    return (gap, samples[samples.count / 2])
  }
}

/// Keeps this thread busy for `seconds` of wall-clock time.
func spin(seconds: Double) {
  let end = now(cpuTime: false) + seconds
  while now(cpuTime: false) < end {}
}

/// Formats `value` with `digits` decimals.
func format(_ value: Double, _ digits: Int) -> String {
  var scale = 1.0
  for _ in 0..<digits { scale *= 10 }
  let rounded = (value * scale).rounded() / scale
  var text = "\(rounded)"
  let decimals = text.split(separator: ".").last?.count ?? 0
  text += String(repeating: "0", count: max(0, digits - decimals))
  return text
}

/// Pads `value` with spaces to `width` characters, on the left when `right` is true.
func pad(_ value: some CustomStringConvertible, _ width: Int, right: Bool = false) -> String {
  let text = value.description
  let spaces = String(repeating: " ", count: max(0, width - text.count))
  return right ? spaces + text : text + spaces
}
