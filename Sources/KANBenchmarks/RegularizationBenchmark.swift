import Dispatch
import KAN

/// The cost of pykan's sample-based sparsity penalty against a plain training step, on a
/// `KANNetwork<Float>` of the given widths and a seeded batch in `[-1, 1]`.
///
///     plain step:        zero, forward, MSE, backward, Adam step
///     regularised step:  zero, forward, MSE, backward with lambda = 0.01 (std metric), Adam step
///
/// Both steps run `repetitions` times, interleaved after one warm-up each; the medians are
/// returned. The regularised step computes the penalty by feature covariances, never the
/// `(batch, out, in)` activations (see `SparsityMetric.activationStandardDeviation`).
///
/// - Parameters:
///   - widths: the network widths, e.g. `[100, 1000, 1]`.
///   - batch: the batch size, at least 2.
///   - threads: the threads the kernels may use.
///   - repetitions: how many timed steps of each kind.
/// - Returns: the median milliseconds of a plain and of a regularised step.
/// - Throws: `KANError` for widths or a batch that cannot make a network or a step.
public func measureRegularizationOverhead(
  widths: [Int], batch: Int, threads: Int, repetitions: Int
) throws -> (plainStepMs: Double, regularizedStepMs: Double) {
  var network = try KANNetwork<Float>(widths: widths, seed: 1)
  network.threads = threads
  var generator = SeededGenerator(seed: 2)
  let x = try Tensor<Float>(
    shape: [batch, widths[0]],
    scalars: (0..<(batch * widths[0])).map { _ in Float(generator.uniform(-1, 1)) })
  let outputs = widths[widths.count - 1]
  let y = try Tensor<Float>(
    shape: [batch, outputs],
    scalars: (0..<(batch * outputs)).map { _ in Float(generator.uniform(-1, 1)) })
  var optimizer = Adam(learningRate: 1e-4)
  let settings = [SparsityRegularization(), SparsityRegularization(lambda: 0.01)]
  var times: [[Double]] = [[], []]
  for repetition in 0...max(repetitions, 1) {
    for (kind, regularization) in settings.enumerated() {
      let start = DispatchTime.now().uptimeNanoseconds
      network.zeroGradients()
      let (_, gradient) = try meanSquaredError(try network.forward(x), y)
      try network.backward(gradient, regularization: regularization)
      optimizer.step(&network)
      let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
      if repetition > 0 { times[kind].append(milliseconds) }
    }
  }
  let medians = times.map { $0.sorted()[$0.count / 2] }
  return (medians[0], medians[1])
}
