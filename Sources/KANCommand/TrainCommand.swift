import Foundation
import KAN

/// `kan train mnist`: trains a KAN classifier on MNIST and optionally saves it; `kan train
/// DATA.csv --target NAME` trains on the columns of a CSV file (see `TabularTraining`).
enum TrainCommand: Subcommand {
  static let name = "train"
  static let summary = "train a KAN on mnist or on a CSV file's columns, save the model"
  static let usage = """
    kan train mnist [--epochs N] [--lr X] [--out FILE] [options]
           kan train DATA.csv --target NAME [--task regression|classification] [--widths 4,8,1]
                     [--epochs N | --steps N --optimizer lbfgs] [--test-fraction 0.2] [--seed S]
                     [--out FILE] [--force]
    """
  static let discussion = """
    DATA.csv: a header row, then numbers; the --target column is predicted from every other
    column. Inputs are standardised on the training rows and the scaling is stored in the model,
    so 'kan predict' takes raw columns (matched by name). --test-fraction of the rows (0.2) is
    held out, chosen by --seed. Trains KANNetwork<Double> [inputs, 8, outputs] (--widths to
    change; grid --grid-size, 5) with Adam (--lr 1e-2, --batch-size 64, --epochs 50, grids
    updated when more than 5% of a batch falls outside them) or, with --optimizer lbfgs or
    --steps N, full-batch L-BFGS as pykan fits (grid updates every 5 steps until step 50).
    Prints the training and held-out loss per epoch or step, and last the held-out R^2
    (regression) or accuracy (classification: the target holds class numbers 0, 1, ...). A
    missing or constant target column, a constant input or too few rows is an error; --out is
    checked before training and an existing file is kept unless --force is given.

    mnist:
    Trains KAN [784, 64, 10] on the 60,000 MNIST training images (pixels scaled to [-1, 1]) with
    AdamW, cross-entropy and a learning rate multiplied by 0.8 after each epoch. After every
    epoch it prints the training loss, the accuracy on the 10,000 test images, samples/s and the
    elapsed time; at the end, the confusion matrix and a last line 'test accuracy: NN.NN%'.
    --recipe efficient-kan restores efficient-kan's examples/mnist.py exactly (grid size 5,
    lr 1e-3, no grid update); the default recipe, swift-kan, uses grid size 3, lr 3e-3 and
    updates the hidden layer's grid after epoch 1. Options given override the recipe. With
    --out the model is saved as safetensors (efficient-kan's state-dict names, readable by
    PyTorch and 'kan predict'); an existing file is kept unless --force is given.
    """
  static let maxPositionals = 1
  static let options = [
    OptionSpec(name: "--target", valueName: "NAME", help: "CSV: the column to predict"),
    OptionSpec(
      name: "--task", valueName: "KIND", help: "CSV: regression (default) or classification"),
    OptionSpec(
      name: "--widths", valueName: "W,...", help: "CSV: the network, e.g. 4,8,1 (inputs,8,outputs)"),
    OptionSpec(
      name: "--optimizer", valueName: "NAME", help: "CSV: adam (default) or lbfgs (full batch)"),
    OptionSpec(name: "--steps", valueName: "N", help: "CSV: L-BFGS steps (default 50)"),
    OptionSpec(
      name: "--test-fraction", valueName: "F", help: "CSV: share of rows held out (default 0.2)"),
    OptionSpec(
      name: "--model", valueName: "NAME",
      help: "kan (default), resnet-kan or resnet-kanconv (see ResNetTraining.swift)"),
    OptionSpec(
      name: "--shift", valueName: "N", help: "resnet models: random shifts of up to N pixels (2)"),
    OptionSpec(
      name: "--recipe", valueName: "NAME",
      help: "swift-kan (default) or efficient-kan: the starting hyper-parameters"),
    OptionSpec(name: "--epochs", valueName: "N", help: "passes over the training set (default 5)"),
    OptionSpec(
      name: "--batch-size", valueName: "N", help: "samples per update (default 64)"),
    OptionSpec(
      name: "--lr", valueName: "X",
      help: "learning rate of epoch 1 (swift-kan 3e-3, efficient-kan 1e-3)"),
    OptionSpec(
      name: "--grid-size", valueName: "G",
      help: "grid intervals per edge (swift-kan 3, efficient-kan 5)"),
    OptionSpec(
      name: "--grid-update-after", valueName: "E,...",
      help: "update the hidden grid after these epochs, 0 never (swift-kan 1)"),
    OptionSpec(
      name: "--weight-decay", valueName: "X", help: "AdamW's decoupled weight decay (default 1e-4)"
    ),
    OptionSpec(name: "--seed", valueName: "S", help: "initial weights and shuffling (default 0)"),
    OptionSpec(
      name: "--threads", valueName: "N",
      help:
        "threads for the kernels (default: all \(ProcessInfo.processInfo.activeProcessorCount) cores)"
    ),
    OptionSpec(name: "--out", valueName: "FILE", help: "save the model here (.safetensors)"),
    OptionSpec(name: "--force", valueName: nil, help: "overwrite an existing --out file"),
    OptionSpec(
      name: "--data", valueName: "DIR",
      help: "folder of the four MNIST .gz files (default: Data/mnist, searched upwards)"),
    OptionSpec(
      name: "--limit", valueName: "N",
      help: "use only the first N training and test images (quick checks)", hidden: true),
  ]

  static func run(_ arguments: ParsedArguments) throws {
    guard let task = arguments.positionals.first else {
      throw CommandLineError.missingArgument(
        "data set", expected: ["mnist", "DATA.csv --target NAME"], command: "kan train")
    }
    let mnistOnly = ["--recipe", "--grid-update-after", "--weight-decay", "--data", "--limit"]
    let (own, other) = task == "mnist" ? (mnistOnly, TabularTraining.options) : ([], mnistOnly)
    if let option = other.first(where: { arguments.values[$0] != nil }), !own.contains(option) {
      throw CommandLineError.invalidValue(
        option: option, value: arguments.values[option] ?? "",
        expected: "an option of 'kan train \(task == "mnist" ? "DATA.csv" : "mnist")'; "
          + "'kan train --help' lists which options go with which")
    }
    guard task == "mnist" else {
      guard arguments.values["--target"] != nil else {
        throw CommandLineError.invalidValue(
          option: "kan train <data set>", value: task,
          expected: "mnist, or a CSV file with --target NAME (the column to predict)")
      }
      return try TabularTraining.train(path: task, arguments)
    }
    if let model = arguments.values["--model"], model != "kan" {
      try ResNetTraining.run(arguments, model: model)
      return
    }
    if let shift = arguments.values["--shift"] {
      throw CommandLineError.invalidValue(
        option: "--shift", value: shift, expected: "no --shift for the KAN model (resnet only)")
    }
    let recipeName = arguments.string("--recipe", default: MNISTRecipe.swiftKAN.name)
    guard var recipe = MNISTRecipe.all.first(where: { $0.name == recipeName }) else {
      throw CommandLineError.invalidValue(
        option: "--recipe", value: recipeName,
        expected: MNISTRecipe.all.map(\.name).joined(separator: " or "))
    }
    recipe.epochs = try arguments.int("--epochs", default: recipe.epochs, in: 1...1000)
    recipe.batchSize = try arguments.int("--batch-size", default: recipe.batchSize, in: 1...60_000)
    recipe.learningRate = try arguments.number("--lr", default: recipe.learningRate)
    recipe.gridSize = try arguments.int("--grid-size", default: recipe.gridSize, in: 1...100)
    recipe.gridUpdateEpochs = try arguments.epochList(default: recipe.gridUpdateEpochs)
    recipe.weightDecay = try arguments.number(
      "--weight-decay", default: recipe.weightDecay, allowingZero: true)
    var run = MNISTRun(recipe: recipe)
    run.seed = try arguments.seed("--seed", default: 0)
    run.threads = try arguments.int("--threads", default: run.threads, in: 1...256)
    run.dataPath = arguments.values["--data"]
    run.output = arguments.values["--out"]
    run.force = arguments.flags.contains("--force")
    run.limit = try arguments.values["--limit"].map { _ in
      try arguments.int("--limit", default: 0, in: 1...60_000)
    }
    try MNISTTraining.train(run)
  }
}

extension ParsedArguments {
  /// The option's value as a finite number, positive (or zero when allowed), or `fallback`.
  func number(_ name: String, default fallback: Double, allowingZero: Bool = false)
    throws(CommandLineError) -> Double
  {
    guard let text = values[name] else { return fallback }
    guard let value = Double(text), value.isFinite, value > 0 || (allowingZero && value == 0)
    else {
      throw .invalidValue(
        option: name, value: text,
        expected: "a \(allowingZero ? "non-negative" : "positive") number such as 2e-3")
    }
    return value
  }

  /// The value of `--grid-update-after`: epochs `1,2,3`, or `0` for none, or `fallback`.
  fileprivate func epochList(default fallback: [Int]) throws(CommandLineError) -> [Int] {
    guard let text = values["--grid-update-after"] else { return fallback }
    let epochs = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
    guard let epochs = epochs as? [Int], epochs.allSatisfy({ (0...1000).contains($0) }) else {
      throw .invalidValue(
        option: "--grid-update-after", value: text,
        expected: "epochs such as 1 or 1,2,3 (0 for no grid update)")
    }
    return epochs.filter { $0 > 0 }
  }
}
