import Foundation
import KAN
import KANBenchmarks
import KANKernels

/// `kan bench layers` (the default mode): the KAN-benchmarking protocol on the efficient track,
/// with a dense SiLU network of the same widths and the GEMM rate measured in the same run.
let layersBench = BenchMode(
  name: "layers",
  summary: "forward/backward of KANNetwork vs a dense SiLU MLP of the same widths, GEMM GFLOP/s",
  options: [
    OptionSpec(
      name: "--widths", valueName: "W", help: "layers: widths, e.g. 100,1000,1 (default)"),
    OptionSpec(name: "--batch", valueName: "B", help: "layers: samples per pass (default 1000)"),
    OptionSpec(
      name: "--threads", valueName: "T", help: "threads (default: all cores, here \(cores))"),
    OptionSpec(name: "--reps", valueName: "N", help: "layers: timed passes (default 20)"),
    OptionSpec(
      name: "--basis", valueName: "NAME",
      help: "layers: b-spline, rbf, chebyshev or all (default b-spline)"),
    OptionSpec(name: "--json", valueName: nil, help: "layers: one JSON object per row"),
  ]
) { arguments, runs, _ in
  let widths = try parseWidths(arguments.string("--widths", default: "100,1000,1"))
  let batch = try arguments.int("--batch", default: 1000, in: 1...1_000_000)
  let threads = try arguments.int("--threads", default: cores, in: 1...256)
  let reps = try arguments.int("--reps", default: runs, in: 1...100_000)
  let json = arguments.flags.contains("--json")
  let bases = try parseBases(arguments.string("--basis", default: "b-spline"))
  Parallelism.defaultThreads = threads
  var rows: [BenchmarkRow] = []
  for basis in bases {
    rows.append(
      try LayerBenchmark.kan(
        widths: widths, batch: batch, threads: threads, repetitions: reps, basis: basis))
  }
  rows.append(
    try LayerBenchmark.dense(widths: widths, batch: batch, threads: threads, repetitions: reps))
  let gemm = GEMMBenchmark.measure(
    m: 1000, n: 1000, k: 900, variant: .transposedB, threads: threads,
    repetitions: min(reps, 20))
  let command =
    "kan bench --widths \(widths.map(String.init).joined(separator: ",")) --batch \(batch) "
    + "--threads \(threads) --reps \(reps) --basis \(arguments.string("--basis", default: "b-spline"))"
  if json {
    for row in rows { print(row.json) }
    print(
      "{\"model\": \"sgemm-1000x900x1000\", \"threads\": \(threads), "
        + "\"ms\": \(String(format: "%.3f", gemm.medianSeconds * 1e3)), "
        + "\"gflops\": \(String(format: "%.1f", gemm.gflops))}")
    return
  }
  print("command: \(command)   (build: \(buildConfiguration))")
  print(
    "| model | widths | batch | threads | forward ms | backward ms | params | peak RSS MB "
      + "| product ms | forward / product | backward / product |\n"
      + "|---|---|---|---|---|---|---|---|---|---|---|")
  for row in rows {
    let overhead =
      row.productMs.map {
        String(format: " %.2f | %.2fx | %.2fx |", $0, row.forwardMs / $0, row.backwardMs / $0)
      } ?? " | | |"
    print(
      "| \(row.model) | \(row.widths) | \(row.batch) | \(row.threads) | "
        + String(format: "%.2f | %.2f", row.forwardMs, row.backwardMs)
        + " | \(row.parameters) | " + String(format: "%.0f |", row.peakRSSMB) + overhead)
  }
  print(
    "product ms: the dense GEMMs the KAN's layers would run on the product path, A (batch, "
      + "in*C) . W_c^T, timed in this run")
  print(
    "GEMM C = A B^T, 1000x1000x900, \(threads) threads: "
      + String(
        format: "%.2f ms median, %.1f GFLOP/s", gemm.medianSeconds * 1e3, gemm.gflops))
}

/// `kan bench regularization`: the cost of pykan's sample-based sparsity term per training step.
let regularizationBench = BenchMode(
  name: "regularization",
  summary: "a training step with and without the sample-based sparsity term (target < 1.5x)",
  options: []
) { arguments, runs, _ in
  let widths = try parseWidths(arguments.string("--widths", default: "100,1000,1"))
  let batch = try arguments.int("--batch", default: 1000, in: 1...1_000_000)
  let threads = try arguments.int("--threads", default: cores, in: 1...256)
  let reps = try arguments.int("--reps", default: runs, in: 1...100_000)
  Parallelism.defaultThreads = threads
  let (plain, regularized) = try measureRegularizationOverhead(
    widths: widths, batch: batch, threads: threads, repetitions: reps)
  print(
    "kan bench regularization --widths \(widths.map(String.init).joined(separator: ",")) "
      + "--batch \(batch) --threads \(threads) --reps \(reps)   (build: \(buildConfiguration))")
  print(
    String(
      format: "plain step %.2f ms, with the sample-based term %.2f ms: %.2fx", plain, regularized,
      regularized / plain))
}

/// The cores this machine reports.
private let cores = ProcessInfo.processInfo.activeProcessorCount

/// `"100,1000,1"` as widths, each at least 1, at least two of them.
private func parseWidths(_ text: String) throws -> [Int] {
  let widths = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
  guard widths.count >= 2, widths.allSatisfy({ ($0 ?? 0) >= 1 }) else {
    throw CommandLineError.invalidValue(
      option: "--widths", value: text, expected: "at least two positive integers, e.g. 100,1000,1")
  }
  return widths.compactMap { $0 }
}

/// A basis name, or `all`.
private func parseBases(_ text: String) throws -> [BasisKind] {
  if text == "all" { return BasisKind.allCases }
  guard let basis = BasisKind(rawValue: text) else {
    throw CommandLineError.invalidValue(
      option: "--basis", value: text,
      expected: (BasisKind.allCases.map(\.rawValue) + ["all"]).joined(separator: ", "))
  }
  return [basis]
}
