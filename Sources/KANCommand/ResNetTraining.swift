import Dispatch
import Foundation
import KAN
import KANData
import KANVision

/// The recipe of `kan train mnist --model resnet-kan` (and `resnet-kanconv`).
///
///     model       ResNetKANArchitecture.mnist (or .mnistKANConvolution)
///     inputs      pixel / 127.5 - 1, each training image shifted by up to 2 pixels per epoch
///     loss        cross-entropy of the softmax of the 10 logits
///     optimizer   AdamW(lr 2e-3, weight decay 1e-4),  lr_e = lr 0.8^e  (epoch e from 0)
///     batches     64 images, reshuffled each epoch from the seed
struct ResNetRecipe {
  /// The `--model` name.
  var name: String
  /// The network.
  var architecture: ResNetKANArchitecture
  /// The learning rate of the first epoch.
  var learningRate = 2e-3
  /// AdamW's decoupled weight decay.
  var weightDecay = 1e-4
  /// The learning-rate factor per epoch.
  var gamma = 0.8
  /// Images per update.
  var batchSize = 64
  /// Passes over the training set.
  var epochs = 5
  /// The largest random shift of a training image, in pixels (0: no augmentation).
  var shift = 2

  /// Every recipe, by `--model` name.
  static let all = [
    ResNetRecipe(name: "resnet-kan", architecture: .mnist),
    ResNetRecipe(name: "resnet-kanconv", architecture: .mnistKANConvolution),
  ]

  /// One line naming the training settings.
  var summary: String {
    "AdamW lr \(learningRate) weight decay \(weightDecay), lr x\(gamma) per epoch; batch "
      + "\(batchSize); "
      + (shift == 0 ? "no augmentation" : "random shifts of up to \(shift) pixels")
  }
}

/// `kan train mnist --model resnet-kan`: trains a ResNet-KAN on MNIST with the same progress
/// lines, confusion matrix, `test accuracy: NN.NN%` last line and model file as the KAN.
enum ResNetTraining {
  /// Runs the training the command line asks for.
  ///
  /// - Parameters:
  ///   - arguments: `kan train`'s parsed arguments.
  ///   - model: the `--model` value.
  /// - Throws: `CommandLineError` for a bad option, `KANDataError` for missing data or an
  ///   existing output file, `KANError` if training fails.
  static func run(_ arguments: ParsedArguments, model: String) throws {
    guard var recipe = ResNetRecipe.all.first(where: { $0.name == model }) else {
      throw CommandLineError.invalidValue(
        option: "--model", value: model,
        expected: (["kan"] + ResNetRecipe.all.map(\.name)).joined(separator: ", "))
    }
    for option in ["--recipe", "--grid-update-after"] where arguments.values[option] != nil {
      throw CommandLineError.invalidValue(
        option: option, value: arguments.values[option] ?? "",
        expected: "no \(option) with --model \(model): it sets the KAN model's recipe")
    }
    recipe.epochs = try arguments.int("--epochs", default: recipe.epochs, in: 1...1000)
    recipe.batchSize = try arguments.int("--batch-size", default: recipe.batchSize, in: 2...60_000)
    recipe.learningRate = try arguments.number("--lr", default: recipe.learningRate)
    recipe.weightDecay = try arguments.number(
      "--weight-decay", default: recipe.weightDecay, allowingZero: true)
    recipe.shift = try arguments.int("--shift", default: recipe.shift, in: 0...8)
    recipe.architecture.kan.gridSize = try arguments.int(
      "--grid-size", default: recipe.architecture.kan.gridSize, in: 1...100)
    let seed = try arguments.seed("--seed", default: 0)
    let threads = try arguments.int(
      "--threads", default: ProcessInfo.processInfo.activeProcessorCount, in: 1...256)
    let limit = try arguments.values["--limit"].map { _ in
      try arguments.int("--limit", default: 0, in: 1...60_000)
    }
    let output = arguments.values["--out"].map { URL(fileURLWithPath: $0) }
    let force = arguments.flags.contains("--force")
    if let output, !force, FileManager.default.fileExists(atPath: output.path) {
      throw KANDataError.fileExists(path: output.path)  // before training, not after
    }
    let directory = try MNIST.locateDataDirectory(arguments.values["--data"])
    let mnist = try MNIST.load(directory: directory)
    let train = try MNISTTraining.dataset(mnist.train, limit: limit)
    let test = try MNISTTraining.dataset(mnist.test, limit: limit)
    var network = try ResNetKAN<Float>(recipe.architecture, seed: seed)
    network.threads = threads
    print(
      "kan train mnist: model \(recipe.name), \(recipe.epochs) epochs, seed \(seed), "
        + "\(threads) threads")
    print("data: \(train.count) training and \(test.count) test images from \(directory.path)")
    print("model: \(network.parameterCount) parameters; \(recipe.summary)")
    print(
      recipe.architecture.description.split(separator: "\n").map { "  " + $0 }.joined(
        separator: "\n"))
    let trainer = ImageTrainer(
      batchSize: recipe.batchSize, seed: seed, schedule: ExponentialDecay(gamma: recipe.gamma),
      shift: recipe.shift == 0 ? nil : try RandomShift(reach: recipe.shift, fill: -1))
    var optimizer = Adam.adamW(learningRate: recipe.learningRate, weightDecay: recipe.weightDecay)
    let reports = try trainer.fit(&network, on: train, optimizer: &optimizer, epochs: recipe.epochs)
    { report, network in
      let accuracy = try evaluate(network, on: test).accuracy
      return String(format: "  lr %.2e  test %.2f%%", report.learningRate, 100 * accuracy)
    }
    let confusion = try evaluate(network, on: test)
    print(
      "confusion matrix on the \(test.count) test images (rows: true digit, columns: predicted)")
    print(confusion.table)
    let seconds = reports.map(\.seconds).sorted()[reports.count / 2]
    if let output {
      let notes = [
        "model": recipe.name, "epochs": String(recipe.epochs), "seed": String(seed),
        "learning_rate": String(recipe.learningRate), "data": "mnist",
        "shift": String(recipe.shift), "batch_size": String(recipe.batchSize),
        "test_accuracy": String(format: "%.2f%%", 100 * confusion.accuracy),
        "train_samples": String(train.count),
        "seconds_per_epoch": String(format: "%.2f", seconds),
      ]
      try ResNetKANFile(model: network, training: notes).write(to: output, overwrite: force)
      print("model written to \(output.path)")
    }
    print(
      String(format: "seconds per epoch: %.2f", seconds)
        + " (median of \(reports.count); training only, test evaluation excluded)")
    print(String(format: "test accuracy: %.2f%%", 100 * confusion.accuracy))
  }

  /// The confusion matrix of the network's arg-max predictions on a labelled dataset.
  static func evaluate(_ network: ResNetKAN<Float>, on data: Dataset<Float>) throws
    -> ConfusionMatrix
  {
    guard case .labels(let labels) = data.targets else {
      throw KANError.invalidArgument(name: "targets", value: "values", expected: "class labels")
    }
    let images = try Tensor(
      shape: network.architecture.input.batch(data.count), scalars: data.inputs.scalars)
    let predictions = argmaxRows(try network.outputs(images))
    return try ConfusionMatrix(labels: labels, predictions: predictions, classes: 10)
  }
}
