import Dispatch
import Foundation
import KAN
import KANData

/// `kan train DATA.csv --target NAME`: a KAN on the columns of a CSV file, in Double, saved in
/// Float with the input scaling so `kan predict` takes raw columns.
enum TabularTraining {
  /// The options only CSV training takes (`kan train mnist` refuses them).
  static let options = [
    "--target", "--task", "--widths", "--steps", "--optimizer", "--test-fraction",
  ]

  /// Trains on the CSV file at `path` as the arguments say.
  ///
  /// - Throws: `CommandLineError` for bad options, `KANDataError` for an unreadable file or an
  ///   existing `--out` without `--force` (checked before training), `TabularDataError` for a
  ///   table that cannot be learned from, `KANError` for a diverging fit.
  static func train(path: String, _ arguments: ParsedArguments) throws {
    let target = try arguments.target(command: "kan train")
    let taskName = arguments.string("--task", default: ModelFile.Task.regression.rawValue)
    guard let task = ModelFile.Task(rawValue: taskName) else {
      throw CommandLineError.invalidValue(
        option: "--task", value: taskName, expected: "regression or classification")
    }
    let optimizer = try optimizerName(arguments)
    let seed = try arguments.seed("--seed", default: 0)
    let force = arguments.flags.contains("--force")
    let output = arguments.values["--out"].map { URL(fileURLWithPath: $0) }
    if let output { try AtomicFile.checkDestination(output, overwrite: force) }
    let input = try TabularInput(
      path: path, target: target, task: task,
      testFraction: arguments.fraction("--test-fraction", default: 0.2, below: 0.9), seed: seed)
    var network = try KANNetwork<Double>(
      widths: input.widths(arguments.values["--widths"], hidden: 8),
      configuration: KANConfiguration(
        gridSize: arguments.int("--grid-size", default: 5, in: 1...100)),
      seed: seed)
    network.threads = try arguments.int("--threads", default: network.threads, in: 1...256)
    print(
      "KAN \(network.widths) on \(input.train.count) rows of \(path) (\(input.test.count) held "
        + "out), \(task.rawValue) of \(target) from "
        + input.table.inputNames.joined(separator: ", ") + " (standardised)")
    var notes = ["data": path, "seed": "\(seed)", "optimizer": optimizer]
    if optimizer == "lbfgs" {
      let steps = try arguments.int("--steps", default: 50, in: 1...100_000)
      notes["steps"] = "\(steps)"
      _ = try network.fitLBFGS(input.train, steps: steps) { step, loss, model in
        print("step \(step)/\(steps)  loss \(format(loss))" + heldOut(model, input.test))
      }
    } else {
      let epochs = try arguments.int("--epochs", default: 50, in: 1...100_000)
      notes["epochs"] = "\(epochs)"
      var trainer = Trainer<Double>(
        batchSize: try arguments.int("--batch-size", default: 64, in: 1...1_000_000), seed: seed)
      trainer.gridUpdateThreshold = 0.05
      var adam = Adam(learningRate: try learningRate(arguments))
      try network.updateGrid(from: input.train.inputs, keepingDegenerateFeatures: true)
      _ = try trainer.fit(&network, on: input.train, optimizer: &adam, epochs: epochs) { _, model in
        heldOut(model, input.test)
      }
    }
    let summary = try score(network, input.test)
    if let output {
      if let summary { notes["held_out"] = summary }
      let model = ModelFile(
        network: try network.converted(), task: task, training: notes,
        inputScaling: input.scaling, targetName: target)
      try model.write(to: output, overwrite: force)
      print("model written to \(output.path)")
    }
    if let summary { print(summary) }
  }

  /// `--optimizer`, or the one `--steps` (L-BFGS) or `--epochs` (Adam) implies; Adam without
  /// either.
  private static func optimizerName(_ arguments: ParsedArguments) throws(CommandLineError)
    -> String
  {
    let implied = arguments.values["--steps"] != nil ? "lbfgs" : "adam"
    let name = arguments.string("--optimizer", default: implied)
    guard name == "adam" || name == "lbfgs" else {
      throw .invalidValue(option: "--optimizer", value: name, expected: "adam or lbfgs")
    }
    let wrong = name == "adam" ? "--steps" : "--epochs"
    guard arguments.values[wrong] == nil else {
      throw .invalidValue(
        option: wrong, value: arguments.values[wrong] ?? "",
        expected: name == "adam"
          ? "--epochs with Adam (--steps counts L-BFGS steps: add --optimizer lbfgs)"
          : "--steps with L-BFGS (--epochs counts Adam passes: use --optimizer adam)")
    }
    return name
  }

  /// `--lr`, a positive number, 1e-2 by default.
  private static func learningRate(_ arguments: ParsedArguments) throws(CommandLineError)
    -> Double
  {
    guard let text = arguments.values["--lr"] else { return 1e-2 }
    guard let value = Double(text), value.isFinite, value > 0 else {
      throw .invalidValue(option: "--lr", value: text, expected: "a positive number such as 1e-2")
    }
    return value
  }

  /// `  held-out L` for a progress line (empty without held-out rows).
  private static func heldOut(_ network: KANNetwork<Double>, _ test: Dataset<Double>) -> String {
    guard test.count > 0, let loss = try? test.loss(network(test.inputs)).loss else { return "" }
    return "  held-out \(format(loss))"
  }

  /// The last line: the held-out R^2 (regression) or accuracy (classification); nil without
  /// held-out rows.
  private static func score(_ network: KANNetwork<Double>, _ test: Dataset<Double>) throws
    -> String?
  {
    guard test.count > 0 else { return nil }
    let prediction = try network(test.inputs)
    switch test.targets {
    case .values(let y):
      return String(
        format: "held-out R^2: %.6f (%d rows)", rSquared(prediction.scalars, y.scalars), test.count)
    case .labels(let labels):
      let right = zip(argmaxRows(prediction), labels).filter { $0 == $1 }.count
      return String(
        format: "held-out accuracy: %.2f%% (%d rows)", 100 * Double(right) / Double(test.count),
        test.count)
    }
  }

  /// A loss with four significant digits.
  private static func format(_ value: Double) -> String { String(format: "%.4g", value) }
}
