import Dispatch
import KAN

/// What one epoch of image training measured.
public struct ImageEpochReport: Sendable {
  /// The epoch, from 1.
  public var epoch: Int
  /// The mean training loss over the epoch's batches.
  public var loss: Double
  /// The learning rate used.
  public var learningRate: Double
  /// Seconds spent in the epoch's batches (forward, backward, update), without evaluation.
  public var seconds: Double
  /// Training samples per second of `seconds`.
  public var samplesPerSecond: Double
  /// Seconds since training began, evaluation included.
  public var elapsed: Double
  /// The loss of each batch, in order (a loss curve).
  public var batchLosses: [Double]
}

/// Mini-batch training of a `ResNetKAN` classifier with seeded shuffling and augmentation.
///
///     for each epoch e:  factor = gamma^e;  for each batch of the epoch's seeded order:
///       x = shift(images of the batch);  zero;  z = forward(x);  L = crossEntropy(z, labels)
///       backward(dL/dz);  optimizer step with learning rate lr factor
///
/// Its progress lines read like `Trainer`'s: `epoch 1/5  loss 0.1234 ...  N samples/s  T s`.
public struct ImageTrainer {
  /// Samples per update.
  public var batchSize: Int
  /// The seed of the shuffling order and of the shifts.
  public var seed: UInt64
  /// The learning-rate factor per epoch.
  public var schedule: ExponentialDecay
  /// The augmentation, or nil for none.
  public var shift: RandomShift?
  /// Where progress lines go.
  public var progress: ProgressPrinter

  /// A trainer.
  ///
  /// - Parameters:
  ///   - batchSize: samples per update.
  ///   - seed: the seed of the shuffling order and of the shifts.
  ///   - schedule: the learning-rate factor per epoch (constant by default).
  ///   - shift: the augmentation, or nil for none.
  ///   - progress: where progress lines go.
  public init(
    batchSize: Int, seed: UInt64 = 0, schedule: ExponentialDecay = ExponentialDecay(gamma: 1),
    shift: RandomShift? = nil, progress: ProgressPrinter = ProgressPrinter()
  ) {
    self.batchSize = batchSize
    self.seed = seed
    self.schedule = schedule
    self.shift = shift
    self.progress = progress
  }

  /// Trains `model` for `epochs` epochs on flattened images and their labels.
  ///
  /// - Parameters:
  ///   - model: the network, updated in place.
  ///   - data: `(N, C H W)` images, one per row as `model.architecture.input` lays them out,
  ///     with class labels.
  ///   - optimizer: the update rule; epoch `e` steps with its rate times `gamma^e`.
  ///   - epochs: the passes over `data`, at least 0.
  ///   - afterEpoch: called after each epoch with its report; returns extra text for the
  ///     epoch's line (a test accuracy, say).
  /// - Returns: one report per epoch.
  /// - Throws: `KANError` for images that do not fit the model, labels outside the classes or
  ///   a non-finite loss.
  @_specialize(where Scalar == Float, O == Adam)
  public func fit<Scalar: KANScalar, O: Optimizer>(
    _ model: inout ResNetKAN<Scalar>, on data: Dataset<Scalar>, optimizer: inout O,
    epochs: Int,
    afterEpoch: (ImageEpochReport, inout ResNetKAN<Scalar>) throws -> String = { _, _ in "" }
  ) throws -> [ImageEpochReport] {
    let image = model.architecture.input
    guard batchSize > 0, epochs >= 0 else {
      throw KANError.invalidArgument(
        name: "training", value: "batch size \(batchSize), epochs \(epochs)",
        expected: "a batch size of at least 1 and at least 0 epochs")
    }
    guard data.count > 0, data.inputs.shape[1] == image.count else {
      throw KANError.shapeMismatch(
        what: "training images (one \(image) image per row)", expected: [data.count, image.count],
        got: data.inputs.shape)
    }
    var generator = SeededGenerator(seed: seed)
    let start = DispatchTime.now().uptimeNanoseconds
    var reports: [ImageEpochReport] = []
    for epoch in 0..<epochs {
      let factor = schedule.factor(epoch: epoch)
      let order = generator.permutation(data.count)
      let epochStart = DispatchTime.now().uptimeNanoseconds
      var losses: [Double] = []
      for first in stride(from: 0, to: data.count, by: batchSize) {
        let batch = data.batch(order[first..<min(first + batchSize, data.count)])
        var x = try Tensor(shape: image.batch(batch.count), scalars: batch.inputs.scalars)
        shift?.apply(&x, using: &generator)
        model.zeroGradients()
        let (loss, gradient) = try batch.loss(model.forward(x))
        guard loss.isFinite else {
          throw KANError.nonFinite(what: "training loss at epoch \(epoch + 1)", index: first)
        }
        try model.backward(gradient)
        optimizer.step(&model, learningRateFactor: factor)
        losses.append(loss)
        if losses.count % 20 == 0 {
          let seconds = Double(DispatchTime.now().uptimeNanoseconds - epochStart) / 1e9
          progress.update(
            "epoch \(epoch + 1)/\(epochs)  \(first + batch.count)/\(data.count)  "
              + "loss \(String(format: "%.4g", losses.reduce(0, +) / Double(losses.count)))  "
              + "\(Int(Double(first + batch.count) / seconds)) samples/s")
        }
      }
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - epochStart) / 1e9
      var report = ImageEpochReport(
        epoch: epoch + 1, loss: losses.reduce(0, +) / Double(losses.count),
        learningRate: optimizer.learningRate * factor, seconds: seconds,
        samplesPerSecond: Double(data.count) / seconds, elapsed: 0, batchLosses: losses)
      let extra = try afterEpoch(report, &model)
      report.elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      progress.line(
        "epoch \(report.epoch)/\(epochs)  loss \(String(format: "%.4g", report.loss))\(extra)  "
          + "\(Int(report.samplesPerSecond)) samples/s  \(String(format: "%.1f", report.elapsed)) s"
      )
      reports.append(report)
    }
    return reports
  }
}
