import Foundation
import KANDemo
import KANFromScratch

/// `kan bench demo`: the demo's training (100 epochs of sample-wise SGD on 20 points) timed.
let demoBench = BenchMode(
  name: "demo",
  summary:
    "the demo's training: --epochs of SGD on the 20 sin-exp points (the blog's NumPy ~2.7 s)",
  options: [
    OptionSpec(name: "--epochs", valueName: "N", help: "demo: epochs per run (default 100)"),
    OptionSpec(
      name: "--seed", valueName: "S", help: "demo: seed (default \(SinExpDemo.defaultSeed))"),
    OptionSpec(
      name: "--numpy-seconds", valueName: "S",
      help: "demo: the blog's NumPy time to compare with (default \(numpyReferenceSeconds))"),
    OptionSpec(name: "--data", valueName: "PATH", help: "demo: CSV with header x,y"),
  ]
) { arguments, runs, warmup in
  let epochs = try arguments.int("--epochs", default: 100, in: 1...1_000_000)
  let seed = try arguments.seed("--seed", default: SinExpDemo.defaultSeed)
  let numpy = try arguments.seconds("--numpy-seconds", default: numpyReferenceSeconds)
  let data = try Samples.read(csv: try checkedTrainingCSV(arguments.values["--data"]))
  print(
    "kan bench demo --runs \(runs) --warmup \(warmup) --epochs \(epochs) --seed \(seed)")
  print(
    "workload: Network(seed: \(seed)) then fit(\(data.x.count) points, epochs: \(epochs)); "
      + "build: \(buildConfiguration)")
  var trained = try Network(seed: seed)
  let times = try measure(runs: runs, warmup: warmup) {
    trained = try Network(seed: seed)
    try trained.fit(data.inputs, data.targets, epochs: epochs)
  }
  let summary = TimingSummary(times)
  print("\(runs) timed runs after \(warmup) warm-up: \(summary.line)")
  print(
    "train MSE after \(epochs) epochs: \(String(format: "%.3e", try trained.meanLoss(data.inputs, data.targets)))"
  )
  print(
    "vs the blog's NumPy (\(numpy) s for 100 epochs): \(String(format: "%.0f", numpy * Double(epochs) / 100 / summary.median))x faster (median)"
  )
}

/// The blog's NumPy time for the demo's 100 epochs on this machine, as given in the issue.
let numpyReferenceSeconds = 2.7
