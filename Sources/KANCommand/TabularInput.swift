import Foundation
import KAN
import KANData

/// A CSV file read for `kan train DATA.csv`, `kan discover` and `kan attribute`: split into a
/// training and a held-out part, inputs standardised by the training part's mean and spread.
struct TabularInput {
  /// The table as a learning problem, raw.
  let table: TabularData
  /// `z = (x - mean) / std` of the training rows, stored in the model file.
  let scaling: InputScaling
  /// The training rows, standardised.
  let train: Dataset<Double>
  /// The held-out rows, standardised (none for a test fraction of 0).
  let test: Dataset<Double>

  /// Reads and splits a CSV file.
  ///
  /// - Parameters:
  ///   - path: the CSV file (header row, then numbers).
  ///   - target: the target column.
  ///   - task: regression or classification.
  ///   - testFraction: the share of rows held out.
  ///   - seed: the seed of the split.
  /// - Throws: `KANDataError` for an unreadable or malformed file, `TabularDataError` for a
  ///   table that is not a learning problem (missing or constant target, constant input, too
  ///   few rows).
  init(
    path: String, target: String, task: ModelFile.Task, testFraction: Double, seed: UInt64
  ) throws {
    let csv = try CSVTable(contentsOf: URL(fileURLWithPath: path))
    table = try TabularData(table: csv, target: target, task: task)
    let (train, test) = try table.split(testFraction: testFraction, seed: seed)
    scaling = try InputScaling.standardising(train.data.inputs, names: table.inputNames)
    self.train = try Dataset(
      inputs: scaling.apply(train.data.inputs), targets: train.data.targets)
    self.test = try Dataset(inputs: scaling.apply(test.data.inputs), targets: test.data.targets)
  }

  /// The number of outputs the task needs: 1 for regression, the classes for classification.
  var outputs: Int {
    switch table.data.targets {
    case .values: return 1
    case .labels(let labels): return (labels.max() ?? 0) + 1
    }
  }

  /// The network widths: `--widths` checked against the table, or `[in, hidden, out]`.
  ///
  /// - Throws: `CommandLineError.invalidValue` for a list that is not numbers, or whose first
  ///   width is not the input count or last is not the output count.
  func widths(_ text: String?, hidden: Int) throws(CommandLineError) -> [Int] {
    let (inputs, outputs) = (table.inputNames.count, self.outputs)
    guard let text else { return [inputs, hidden, outputs] }
    let widths = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
    guard widths.count >= 2, let widths = widths as? [Int], widths.allSatisfy({ $0 >= 1 }),
      widths[0] == inputs, widths[widths.count - 1] == outputs
    else {
      throw .invalidValue(
        option: "--widths", value: text,
        expected: "widths such as \(inputs),\(hidden),\(outputs): first the \(inputs) input "
          + "columns (\(table.inputNames.joined(separator: ", "))), last the \(outputs) output"
          + (outputs == 1 ? "" : "s"))
    }
    return widths
  }
}

extension ParsedArguments {
  /// The option's value as a fraction in `[0, upper)`, or `fallback`.
  func fraction(_ name: String, default fallback: Double, below upper: Double = 1)
    throws(CommandLineError) -> Double
  {
    guard let text = values[name] else { return fallback }
    guard let value = Double(text), value >= 0, value < upper else {
      throw .invalidValue(option: name, value: text, expected: "a number from 0 up to \(upper)")
    }
    return value
  }

  /// The value of `--target`, which the command needs.
  func target(command: String) throws(CommandLineError) -> String {
    guard let target = values["--target"] else {
      throw .missingValue("--target", valueName: "NAME", command: command)
    }
    return target
  }
}
