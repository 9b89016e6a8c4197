// kan-kernels-benchmark: times the GEMM kernels on the project's shapes and the fork-join overhead
// of Parallelism.forEachChunk. Run with `swift run -c release KANKernelsBenchmark [suite ...]`;
// torch_mm.py prints the same table for PyTorch.
//
//     usage: KANKernelsBenchmark [big|mnist|conv|overhead ...] [--threads 1,2] [--seconds 0.5]
//                                [--shape variant,m,n,k]

import Dispatch
import KANKernels

var suites: Set<String> = []
var threadCounts = [1, 2]
var secondsPerShape = 0.5
var custom: [Shape] = []
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
  switch argument {
  case "--threads":
    threadCounts = (arguments.popFirst() ?? "").split(separator: ",").compactMap { Int($0) }
  case "--seconds": secondsPerShape = Double(arguments.popFirst() ?? "") ?? secondsPerShape
  case "--shape":
    let fields = (arguments.popFirst() ?? "").split(separator: ",")
    let sizes = fields.dropFirst().compactMap { Int($0) }
    guard let name = fields.first, let variant = GEMMBenchmark.Variant(rawValue: String(name)),
      sizes.count == 3
    else { fatalError("--shape wants variant,m,n,k with variant matmul|transposedA|transposedB") }
    custom.append(
      Shape(suite: "custom", label: "", variant: variant, m: sizes[0], n: sizes[1], k: sizes[2]))
    suites.insert("custom")
  default: suites.insert(argument)
  }
}
if suites.isEmpty || suites == ["custom"] && custom.isEmpty {
  suites = ["big", "mnist", "conv", "overhead"]
}

print("suite  label          variant      m      n      k  threads  median ms   GFLOP/s")
for shape in allShapes() + custom where suites.contains(shape.suite) {
  for threads in threadCounts {
    // A short run sizes the timed one: about `secondsPerShape` of repetitions, at least 15.
    let probe = GEMMBenchmark.measure(
      m: shape.m, n: shape.n, k: shape.k, variant: shape.variant, threads: threads, repetitions: 3)
    let repetitions = max(15, Int(secondsPerShape / max(probe.medianSeconds, 1e-6)))
    let result = GEMMBenchmark.measure(
      m: shape.m, n: shape.n, k: shape.k, variant: shape.variant, threads: threads,
      repetitions: repetitions)
    let row = [
      pad(shape.suite, 6), pad(shape.label, 14), pad(shape.variant.rawValue, 11),
      pad(shape.m, 6, right: true), pad(shape.n, 6, right: true), pad(shape.k, 6, right: true),
      pad(threads, 8, right: true), pad(format(result.medianSeconds * 1e3, 3), 10, right: true),
      pad(format(result.gflops, 1), 9, right: true),
    ]
    print(row.joined(separator: " "))
  }
}

if suites.contains("overhead") {
  // The cost of one fork-join with an empty body: two chunks, so the second thread is woken.
  for threads in threadCounts where threads > 1 {
    let calls = 20_000
    var samples: [Double] = []
    for _ in 0..<15 {
      let start = DispatchTime.now().uptimeNanoseconds
      for _ in 0..<calls {
        Parallelism.forEachChunk(threads, threads: threads, minimumChunk: 1) { _ in }
      }
      samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / Double(calls))
    }
    samples.sort()
    print(
      "forEachChunk overhead, \(threads) chunks: median \(format(samples[7] / 1e3, 2)) us per call")
  }
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
