import Foundation
import KAN
import KANData

/// What `kan train mnist` was asked for besides the recipe.
struct MNISTRun {
  /// The hyper-parameters.
  var recipe: MNISTRecipe
  /// Seeds the initial weights and the shuffling.
  var seed: UInt64 = 0
  /// The threads the kernels may use.
  var threads = ProcessInfo.processInfo.activeProcessorCount
  /// `--data`: the directory of the four MNIST files, or nil to search from here.
  var dataPath: String?
  /// `--out`: where to save the model, or nil not to save.
  var output: String?
  /// `--force`: replace an existing `output`.
  var force = false
  /// `--limit`: use only the first N training and test images (quick checks).
  var limit: Int?
}

/// `kan train mnist`: trains a KAN on MNIST, prints a line per epoch, the confusion matrix and
/// `test accuracy: NN.NN%`, and saves the model.
enum MNISTTraining {
  /// Runs the training described by `run`.
  ///
  /// - Parameter run: The recipe and options.
  /// - Throws: `KANDataError` for missing or damaged data or an existing output file,
  ///   `KANError` if training fails.
  static func train(_ run: MNISTRun) throws {
    let recipe = run.recipe
    let outputURL = run.output.map { URL(fileURLWithPath: $0) }
    // Before training, not after: a missing or unwritable folder, an existing file without
    // --force, or a link or device at --out fails now.
    if let outputURL { try AtomicFile.checkDestination(outputURL, overwrite: run.force) }
    let directory = try MNIST.locateDataDirectory(run.dataPath)
    let mnist = try MNIST.load(directory: directory)
    let train = try dataset(mnist.train, limit: run.limit)
    let test = try dataset(mnist.test, limit: run.limit)
    var network = try KANNetwork<Float>(
      widths: recipe.widths, configuration: KANConfiguration(gridSize: recipe.gridSize),
      seed: run.seed)
    network.threads = run.threads
    print(
      "kan train mnist: recipe \(recipe.name), \(recipe.epochs) epochs, seed \(run.seed), "
        + "\(run.threads) threads")
    print(
      "data: \(train.count) training and \(test.count) test images from "
        + escapingControlCharacters(directory.path))
    print("model: \(recipe.summary); \(network.parameterCount) parameters")
    var trainer = Trainer<Float>(
      batchSize: recipe.batchSize, seed: run.seed,
      schedule: ExponentialDecay(gamma: recipe.gamma))
    trainer.progress = ProgressPrinter()
    var optimizer = Adam.adamW(
      learningRate: recipe.learningRate, weightDecay: recipe.weightDecay)
    _ = try trainer.fit(&network, on: train, optimizer: &optimizer, epochs: recipe.epochs) {
      report, network in
      var note = ""
      if recipe.gridUpdateEpochs.contains(report.epoch) {
        let outside = try updateHiddenGrids(
          &network, from: train, samples: recipe.gridUpdateSamples, seed: run.seed)
        let shown = outside.map { String(format: "%.1f%%", 100 * $0) }.joined(separator: ", ")
        note = "  (hidden grid updated; \(shown) of its inputs were outside it)"
      }
      let accuracy = try evaluate(network, on: test).accuracy
      return String(format: "  lr %.2e  test %.2f%%", report.learningRate, 100 * accuracy) + note
    }
    let confusion = try evaluate(network, on: test)
    print(
      "confusion matrix on the \(test.count) test images (rows: true digit, columns: predicted)")
    print(confusion.table)
    if let outputURL {
      let notes = [
        "recipe": recipe.name, "epochs": String(recipe.epochs), "seed": String(run.seed),
        "learning_rate": String(recipe.learningRate), "data": "mnist",
        "test_accuracy": String(format: "%.2f%%", 100 * confusion.accuracy),
        "train_samples": String(train.count),
      ]
      try ModelFile(network: network, task: .classification, training: notes)
        .write(to: outputURL, overwrite: run.force)
      print("model written to \(escapingControlCharacters(outputURL.path))")
    }
    print(String(format: "test accuracy: %.2f%%", 100 * confusion.accuracy))
  }

  /// The first `limit` images of a split (all without a limit), scaled to [-1, 1].
  static func dataset(_ split: MNIST.Split, limit: Int?) throws -> Dataset<Float> {
    let count = min(limit ?? split.count, split.count)
    let pixels = split.rows * split.columns
    let inputs = try Tensor(shape: [count, pixels], scalars: split.normalizedPixels(of: 0..<count))
    return try Dataset(inputs: inputs, targets: .labels(Array(split.labels[0..<count])))
  }

  /// The confusion matrix of the network's arg-max predictions on a labelled dataset.
  static func evaluate(_ network: KANNetwork<Float>, on data: Dataset<Float>) throws
    -> ConfusionMatrix
  {
    guard case .labels(let labels) = data.targets else {
      throw KANError.invalidArgument(name: "targets", value: "values", expected: "class labels")
    }
    let predictions = argmaxRows(try network.outputs(data.inputs))
    return try ConfusionMatrix(labels: labels, predictions: predictions, classes: 10)
  }

  /// Moves the grids of every layer after the first to where their inputs are.
  ///
  ///     h_1 = layer_0(x[S]),  S = `samples` training images in a seeded order
  ///     for l >= 1:  layer_l.updateGrid(from: h_l);  h_{l+1} = layer_l(h_l)
  ///
  /// `updateGrid` puts the knots at the quantiles of `h_l` and refits the splines so each edge
  /// keeps its function there. The first layer keeps its uniform grid on [-1, 1]: most pixels
  /// are exactly -1, so quantile knots would pile up there.
  ///
  /// - Returns: The out-of-grid fraction of each updated layer's input before the update.
  static func updateHiddenGrids(
    _ network: inout KANNetwork<Float>, from data: Dataset<Float>, samples: Int, seed: UInt64
  ) throws -> [Double] {
    var generator = SeededGenerator(seed: seed ^ 0x6772_6964)
    let probe = data.batch(generator.permutation(data.count).prefix(samples))
    var hidden = try network.layers[0](probe.inputs)
    var outside: [Double] = []
    for l in network.layers.indices.dropFirst() {
      outside.append(try network.layers[l].outOfGridFraction(hidden))
      try network.updateLayer(l) {
        try $0.updateGrid(from: hidden, keepingDegenerateFeatures: true)
      }
      hidden = try network.layers[l](hidden)
    }
    return outside
  }
}
