import Foundation
import KAN
import KANData

/// `kan predict`: runs a saved model on the samples of a CSV file.
enum PredictCommand: Subcommand {
  static let name = "predict"
  static let summary = "run a saved model on the rows of a CSV file"
  static let usage = "kan predict --model FILE.safetensors --input X.csv [--output Y.csv] [--force]"
  static let discussion = """
    Reads a model saved by 'kan train' (or by PyTorch, see 'kan info') and a CSV file with a
    header row and one sample per row, as many columns as the model has inputs (column i is
    input i; the names are not interpreted). Writes a header and one row per sample: the
    outputs y0, y1, ... or, for a classifier (metadata kan.task = classification, as written
    by 'kan train mnist'), the logits logit0, logit1, ... and the arg-max class. For an MNIST
    model the inputs are pixels scaled to [-1, 1] (pixel / 127.5 - 1), row by row.
    Without --output the CSV goes to standard output. An existing --output file is kept
    unless --force is given.
    """
  static let options = [
    OptionSpec(name: "--model", valueName: "FILE", help: "the model (.safetensors)"),
    OptionSpec(name: "--input", valueName: "FILE", help: "the samples (CSV with a header row)"),
    OptionSpec(
      name: "--output", valueName: "FILE", help: "where to write the predictions (default: stdout)"
    ),
    OptionSpec(name: "--force", valueName: nil, help: "overwrite an existing --output file"),
  ]

  static func run(_ arguments: ParsedArguments) throws {
    guard let modelPath = arguments.values["--model"] else {
      throw CommandLineError.missingValue(
        "--model", valueName: "FILE.safetensors", command: "kan predict")
    }
    guard let inputPath = arguments.values["--input"] else {
      throw CommandLineError.missingValue("--input", valueName: "FILE.csv", command: "kan predict")
    }
    let outputURL = arguments.values["--output"].map { URL(fileURLWithPath: $0) }
    let force = arguments.flags.contains("--force")
    if let outputURL, !force, FileManager.default.fileExists(atPath: outputURL.path) {
      throw KANDataError.fileExists(path: outputURL.path)
    }
    let resnet = try ResNetModelFiles.read(URL(fileURLWithPath: modelPath))
    let model = resnet == nil ? try ModelFile(contentsOf: URL(fileURLWithPath: modelPath)) : nil
    let table = try CSVTable(contentsOf: URL(fileURLWithPath: inputPath))
    let csv = try resnet?.predictions(for: table) ?? model?.predictions(for: table) ?? []
    guard let outputURL else {
      FileHandle.standardOutput.write(Data(csv))
      return
    }
    try AtomicFile.write(csv, to: outputURL, overwrite: force)
    printToStandardError(
      "kan predict: \(table.rows.count) predictions written to \(outputURL.path)")
  }
}
