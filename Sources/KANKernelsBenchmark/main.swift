// KANKernelsBenchmark: times the GEMM kernels on the project's shapes and the fork-join overhead
// of Parallelism.forEachChunk. Run with `swift run -c release KANKernelsBenchmark [suite ...]`;
// torch_mm.py prints the same table for PyTorch.
//
//     usage: KANKernelsBenchmark [big|mnist|conv|overhead ...] [--threads 1,2] [--seconds 0.5]
//                                [--shape variant,m,n,k] [--cpu-time]
//
// --cpu-time reports the process's CPU time per product instead of wall-clock time: on a busy
// machine it leaves out the time the benchmark waited for a core (with 2 threads it is the sum
// over both, so GFLOP/s reads per core).

import KANKernels

var suites: Set<String> = []
var threadCounts = [1, 2]
var secondsPerShape = 0.5
var useCPUTime = false
var custom: [Shape] = []
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
  switch argument {
  case "--threads":
    threadCounts = (arguments.popFirst() ?? "").split(separator: ",").compactMap { Int($0) }
  case "--seconds": secondsPerShape = Double(arguments.popFirst() ?? "") ?? secondsPerShape
  case "--cpu-time": useCPUTime = true
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

print("suite  label          variant      m      n      k  threads  median ms   GFLOP/s   best")
for shape in allShapes() + custom where suites.contains(shape.suite) {
  for threads in threadCounts {
    let product = Product(shape)
    // A short run sizes the timed one: about `secondsPerShape` of repetitions, at least 15.
    let probe = product.seconds(threads: threads, repetitions: 3, cpuTime: useCPUTime)
    let repetitions = max(15, Int(secondsPerShape / max(probe[1], 1e-6)))
    let seconds = product.seconds(threads: threads, repetitions: repetitions, cpuTime: useCPUTime)
    let median = seconds[seconds.count / 2]
    let flops = 2 * Double(shape.m) * Double(shape.n) * Double(shape.k)
    let row = [
      pad(shape.suite, 6), pad(shape.label, 14), pad(shape.variant.rawValue, 11),
      pad(shape.m, 6, right: true), pad(shape.n, 6, right: true), pad(shape.k, 6, right: true),
      pad(threads, 8, right: true), pad(format(median * 1e3, 3), 10, right: true),
      pad(format(flops / median / 1e9, 1), 9, right: true),
      pad(format(flops / seconds[0] / 1e9, 1), 6, right: true),
    ]
    print(row.joined(separator: " "))
  }
}

if suites.contains("overhead") {
  for threads in threadCounts where threads > 1 {
    let overhead = forkJoinOverhead(threads: threads)
    for (gap, microseconds) in overhead {
      print(
        "forEachChunk, \(threads) chunks of 5 us after \(gap) us of serial work: "
          + "\(format(microseconds, 2)) us overhead per call (median)")
    }
  }
}
