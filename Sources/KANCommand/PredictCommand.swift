import Foundation
import KAN
import KANData

/// `kan predict`: runs a saved model on the samples of a CSV file.
enum PredictCommand: Subcommand {
  static let name = "predict"
  static let summary = "run a saved model on the rows of a CSV file"
  static let usage =
    "kan predict --model FILE.safetensors --input X.csv|- [--output Y.csv] [--force]"
  static let discussion = """
    Reads a model saved by 'kan train' (or by PyTorch, see 'kan info') and a CSV file with a
    header row and one sample per row, as many columns as the model has inputs (column i is
    input i; the names are not interpreted). Writes a header and one row per sample: the
    outputs y0, y1, ... or, for a classifier (metadata kan.task = classification, as written
    by 'kan train mnist'), the logits logit0, logit1, ... and the arg-max class. For an MNIST
    model the inputs are pixels scaled to [-1, 1] (pixel / 127.5 - 1), row by row.
    --input - reads the CSV from standard input. Without --output the CSV goes to standard
    output. An existing --output file is kept unless --force is given (which replaces only a
    regular file). An output that is not finite is an error. When more than 1% of the input
    values lie far outside the range the model was trained on (more than its grid's width
    beyond it: raw 0-255 pixels for an MNIST model, say), a warning says so on standard error.
    """
  static let options = [
    OptionSpec(name: "--model", valueName: "FILE", help: "the model (.safetensors)"),
    OptionSpec(
      name: "--input", valueName: "FILE",
      help: "the samples (CSV with a header row); - for standard input"),
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
    if let outputURL { try AtomicFile.checkDestination(outputURL, overwrite: force) }
    let model = try AnyModelFile.read(URL(fileURLWithPath: modelPath))
    let isStandardInput = inputPath == "-"
    let table =
      isStandardInput
      ? try CSVTable.readStandardInput() : try CSVTable(contentsOf: URL(fileURLWithPath: inputPath))
    let csv: [UInt8]
    do {
      switch model {
      case .resnet(let resnet):
        csv = try resnet.predictions(for: table)
      case .kan(let model):
        csv = try model.predictions(for: table)
        if let warning = try model.inputRangeWarning(for: table) {
          printToStandardError("kan predict: \(warning)")
        }
      }
    } catch let error as KANDataError {  // a value beyond Float: name the file with its line
      throw KANDataError.inFile(path: isStandardInput ? standardInputName : inputPath, error: error)
    }
    guard let outputURL else {
      FileHandle.standardOutput.write(Data(csv))
      return
    }
    try AtomicFile.write(csv, to: outputURL, overwrite: force)
    printToStandardError(
      "kan predict: \(table.rows.count) predictions written to \(outputURL.path)")
  }
}
