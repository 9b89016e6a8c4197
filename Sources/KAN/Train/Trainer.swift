import Dispatch
import Foundation

/// What one epoch of training measured.
public struct EpochReport: Sendable {
  /// The epoch, from 1.
  public var epoch: Int
  /// The mean training loss over the epoch's batches.
  public var loss: Double
  /// The learning rate used.
  public var learningRate: Double
  /// Training samples per second of wall time.
  public var samplesPerSecond: Double
  /// Seconds since training began.
  public var elapsed: Double
  /// The mean sparsity penalty `sum_l R_l` over the epoch's batches (0 when `lambda` is 0).
  public var regularization = 0.0
  /// Each layer's out-of-grid fraction after the epoch (empty without `gridUpdateThreshold`).
  public var outOfGridFractions: [Double] = []
}

/// Mini-batch training with seeded shuffling: each epoch visits every sample once, in an order
/// fixed by the seed, and updates after each batch.
///
///     for each epoch e:  lr = schedule(e);  for each batch:  zero, forward, loss, backward, step
public struct Trainer<Scalar: KANScalar> {
  /// Samples per update.
  public var batchSize: Int
  /// The seed of the shuffling order.
  public var seed: UInt64
  /// The learning-rate schedule: a factor per epoch on the optimizer's own learning rate.
  public var schedule: ExponentialDecay
  /// Where progress goes.
  public var progress: ProgressPrinter
  /// pykan's `lamb`: the weight of the sparsity penalty, `loss + lambda R` (0: no penalty).
  public var lambda = 0.0
  /// pykan's `lamb_l1`: the weight of the penalty's L1 part.
  public var lambdaL1 = 1.0
  /// pykan's `lamb_entropy`: the weight of the penalty's entropy part.
  public var lambdaEntropy = 2.0
  /// What the penalty measures on each edge.
  public var sparsityMetric = SparsityMetric.activationStandardDeviation
  /// When set, each layer's out-of-grid fraction is measured after every epoch on one batch and
  /// shown, and the grids are updated from that batch when a fraction exceeds this threshold.
  public var gridUpdateThreshold: Double?

  /// A trainer.
  ///
  /// - Parameters:
  ///   - batchSize: samples per update.
  ///   - seed: the seed of the shuffling order.
  ///   - schedule: the learning-rate factor per epoch (constant by default).
  ///   - progress: where progress lines go (`ProgressPrinter(enabled: false)` for none).
  public init(
    batchSize: Int, seed: UInt64 = 0, schedule: ExponentialDecay = ExponentialDecay(gamma: 1),
    progress: ProgressPrinter = ProgressPrinter()
  ) {
    self.batchSize = batchSize
    self.seed = seed
    self.schedule = schedule
    self.progress = progress
  }

  /// Trains `network` for `epochs` epochs.
  ///
  /// - Parameters:
  ///   - network: the model, updated in place.
  ///   - data: the training set.
  ///   - optimizer: the update rule; epoch `e` steps with its learning rate times
  ///     `schedule.factor(epoch: e)` (the optimizer's own rate is never changed).
  ///   - epochs: the number of passes over `data`, at least 0.
  ///   - afterEpoch: called after each epoch with its report; returns extra text for the
  ///     epoch's line (e.g. a test accuracy).
  /// - Returns: one report per epoch.
  /// - Throws: `KANError` for invalid settings, mismatched data or a non-finite loss.
  @_specialize(where Scalar == Float, O == Adam)
  public func fit<O: Optimizer>(
    _ network: inout KANNetwork<Scalar>, on data: Dataset<Scalar>, optimizer: inout O,
    epochs: Int,
    afterEpoch: (EpochReport, inout KANNetwork<Scalar>) throws -> String = { _, _ in "" }
  ) throws -> [EpochReport] {
    guard batchSize > 0 else {
      throw KANError.invalidArgument(
        name: "batch size", value: "\(batchSize)", expected: "at least 1")
    }
    guard data.count > 0 else { throw KANError.emptyBatch(what: "training set") }
    guard epochs >= 0 else {
      throw KANError.invalidArgument(name: "epochs", value: "\(epochs)", expected: "at least 0")
    }
    guard data.inputs.shape[1] == network.widths[0] else {
      throw KANError.shapeMismatch(
        what: "dataset inputs", expected: [data.count, network.widths[0]], got: data.inputs.shape)
    }
    var generator = SeededGenerator(seed: seed)
    let start = DispatchTime.now().uptimeNanoseconds
    var reports: [EpochReport] = []
    let regularization = SparsityRegularization(
      lambda: lambda, lambdaL1: lambdaL1, lambdaEntropy: lambdaEntropy, metric: sparsityMetric)
    for epoch in 0..<epochs {
      let factor = schedule.factor(epoch: epoch)
      let order = generator.permutation(data.count)
      let epochStart = DispatchTime.now().uptimeNanoseconds
      var total = 0.0
      var batches = 0
      var penalty = 0.0
      for first in stride(from: 0, to: data.count, by: batchSize) {
        let batch = data.batch(order[first..<min(first + batchSize, data.count)])
        network.zeroGradients()
        let (loss, gradient) = try batch.loss(network.forward(batch.inputs))
        guard loss.isFinite else {
          throw KANError.nonFinite(what: "training loss at epoch \(epoch + 1)", index: first)
        }
        penalty += try network.backward(gradient, regularization: regularization).penalty
        optimizer.step(&network, learningRateFactor: factor)
        total += loss
        batches += 1
        if batches % 20 == 0 {
          let seconds = Double(DispatchTime.now().uptimeNanoseconds - epochStart) / 1e9
          progress.update(
            "epoch \(epoch + 1)/\(epochs)  \(first + batch.count)/\(data.count)  "
              + "loss \(format(total / Double(batches)))  "
              + "\(Int(Double(first + batch.count) / seconds)) samples/s")
        }
      }
      let now = DispatchTime.now().uptimeNanoseconds
      var report = EpochReport(
        epoch: epoch + 1, loss: total / Double(batches),
        learningRate: optimizer.learningRate * factor,
        samplesPerSecond: Double(data.count) / (Double(now - epochStart) / 1e9),
        elapsed: Double(now - start) / 1e9, regularization: penalty / Double(batches))
      let penaltyNote = lambda == 0 ? "" : "  reg \(format(report.regularization))"
      let gridNote = try checkGrid(
        &network, probe: data.batch(order.prefix(batchSize)), report: &report)
      let extra = try afterEpoch(report, &network)
      report.elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      progress.line(
        "epoch \(report.epoch)/\(epochs)  loss \(format(report.loss))"
          + "\(penaltyNote)\(gridNote)\(extra)  "
          + "\(Int(report.samplesPerSecond)) samples/s  \(String(format: "%.1f", report.elapsed)) s"
      )
      reports.append(report)
    }
    return reports
  }
}
