// KANSymbolicBenchmark: time and peak memory of the symbolic fit on one large edge.
//
//     swift run -c release KANSymbolicBenchmark [--samples N] [--threads T] [--repeats R]
//         [--full-steps K] [--per-function] [--exact-grid] [--max-rss-mb M]
//
// --per-function times each library function alone (1 thread, 1000 samples); --exact-grid also
// runs the grid on all of 100000 samples (no thinning, pykan's exact search); --max-rss-mb makes
// the run fail (exit 1) when the peak resident memory exceeds M MB, for CI.
//
// The edge is y = 1.5 sin(3 x + 1) + 0.3 + noise(0.01) on N uniform x in [-1, 1] (seed 0).
// Peak memory is the kernel's high-water mark of resident memory (VmHWM), read after each
// stage; it never goes down, so each line is the peak of everything up to that stage.

import Foundation
import KANFromScratch
import KANSymbolic

/// The value of `--name` on the command line, or `fallback`.
func option(_ name: String, _ fallback: Int) -> Int {
  let arguments = CommandLine.arguments
  guard let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count,
    let value = Int(arguments[index + 1]), value > 0
  else { return fallback }
  return value
}

/// The peak resident memory of this process in MiB (`VmHWM` of `/proc/self/status`).
func peakMegabytes() -> Double {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
    let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
    let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
  else { return .nan }
  return kilobytes / 1024
}

/// The median wall and process CPU time (all threads) of `repeats` runs, and the last result.
///
/// On a machine shared with other work the CPU time is the steadier figure.
func timed<T>(_ repeats: Int, _ body: () throws -> T) rethrows -> (
  seconds: Double, cpu: Double, result: T
) {
  var times: [Double] = []
  var cpuTimes: [Double] = []
  var result: T?
  for _ in 0..<repeats {
    let start = ContinuousClock.now
    let cpuStart = clock()
    result = try body()
    cpuTimes.append(Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC))
    let elapsed = ContinuousClock.now - start
    times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
  }
  guard let result else { fatalError("repeats must be >= 1") }
  return (times.sorted()[times.count / 2], cpuTimes.sorted()[cpuTimes.count / 2], result)
}

/// Prints one stage's line: name, median wall and CPU time, peak memory so far and the best
/// candidate.
func report(_ stage: String, _ run: (seconds: Double, cpu: Double), _ candidate: SymbolicCandidate)
{
  let line =
    "\(stage.padding(toLength: 40, withPad: " ", startingAt: 0))"
    + String(
      format: "%8.3f s (cpu %7.3f s)  peak RSS %6.1f MB  ", run.seconds, run.cpu, peakMegabytes())
    + String(
      format: "%@ a %.4f b %.4f c %.4f d %.4f R^2 %.8f", candidate.name, candidate.a,
      candidate.b, candidate.c, candidate.d, candidate.rSquared)
  print(line)
}

let count = option("samples", 1_000_000)
let repeats = option("repeats", 3)
var options = SymbolicFitOptions()
options.threads = option("threads", options.threads)
options.fullDataSteps = option("full-steps", options.fullDataSteps)

var generator = SplitMix64(seed: 0)
let x = (0..<count).map { _ in 2 * generator.uniform() - 1 }
let y = x.map { 1.5 * sin(3 * $0 + 1) + 0.3 + generator.normal(mean: 0, std: 0.01) }
let edge = try EdgeSamples(x: x, y: y)
print(
  "edge: \(count) samples of 1.5 sin(3x + 1) + 0.3 + N(0, 0.01^2); threads \(options.threads); "
    + "median of \(repeats); grid \(options.gridPoints)^2 on <= \(options.gridSampleLimit) samples")
print(String(format: "samples in memory: peak RSS %.1f MB", peakMegabytes()))

let sine = try timed(repeats) { try SymbolicRegression.fit(.sin, to: edge, options: options) }
report("fit sin", (sine.seconds, sine.cpu), sine.result)

let ranking = try timed(repeats) { try SymbolicRegression.suggest(edge, options: options) }
report(
  "suggest (\(SymbolicFunction.allCases.count) functions), best", (ranking.seconds, ranking.cpu),
  ranking.result[0])

let small = try EdgeSamples(x: Array(x.prefix(1000)), y: Array(y.prefix(1000)))
let typical = try timed(repeats) { try SymbolicRegression.suggest(small, options: options) }
report("suggest on 1000 samples, best", (typical.seconds, typical.cpu), typical.result[0])

if CommandLine.arguments.contains("--exact-grid") {
  var exact = options
  exact.gridSampleLimit = Int.max
  let streamed = try EdgeSamples(x: Array(x.prefix(100_000)), y: Array(y.prefix(100_000)))
  let full = try timed(1) { try SymbolicRegression.fit(.sin, to: streamed, options: exact) }
  report("fit sin, grid on all 100000 samples", (full.seconds, full.cpu), full.result)
}

if CommandLine.arguments.contains("--per-function") {
  var single = options
  single.threads = 1
  print("per function, 1 thread, 1000 samples (median of \(repeats)):")
  for f in SymbolicFunction.allCases {
    let run = try timed(repeats) { try SymbolicRegression.fit(f, to: small, options: single) }
    let name = f.id.padding(toLength: 10, withPad: " ", startingAt: 0)
    print(
      "  " + name
        + String(
          format: "%8.1f ms (cpu %6.1f ms)  R^2 %.6f", run.seconds * 1000, run.cpu * 1000,
          run.result.rSquared))
  }
}

let limit = option("max-rss-mb", 0)
if limit > 0 {
  let peak = peakMegabytes()
  guard peak <= Double(limit) else {
    print(String(format: "FAILED: peak RSS %.1f MB is above --max-rss-mb %d", peak, limit))
    exit(1)
  }
  print(String(format: "peak RSS %.1f MB <= %d MB", peak, limit))
}
