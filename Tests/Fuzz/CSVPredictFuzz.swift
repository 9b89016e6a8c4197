// CSVPredictFuzz: libFuzzer entry point for the CSV-to-tensor path of `kan predict` (run.sh).

import KAN
import KANData

/// Fixed networks `[c, 3, 2]`, G = 3, seed 0, one per input count `c` in 1...8, built once.
nonisolated(unsafe) private var models: [Int: ModelFile] = [:]

/// Parses the input as CSV and predicts with a fixed classifier that has one input per column.
///
/// Reaches `CSVTable`, `flattenedFloats` (values beyond Float's range), the tensor and the
/// forward pass. Predictions either throw or are a CSV of finite numbers, one row per sample.
/// Thrown errors are expected; crashes are bugs.
///
/// - Parameters:
///   - data: The fuzzer's input.
///   - size: The input's length in bytes.
/// - Returns: 0, as libFuzzer requires.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  guard let table = try? CSVTable(parsing: bytes), (1...8).contains(table.header.count) else {
    return 0
  }
  let columns = table.header.count
  if models[columns] == nil {
    guard
      var network = try? KANNetwork<Float>(
        widths: [columns, 3, 2], configuration: KANConfiguration(gridSize: 3), seed: 0)
    else { preconditionFailure("the fixed network could not be built") }
    network.threads = 1
    models[columns] = ModelFile(network: network, task: .classification)
  }
  guard let model = models[columns], let csv = try? model.predictions(for: table) else {
    return 0
  }
  guard let read = try? CSVTable(parsing: csv) else {
    preconditionFailure("predictions are not a CSV of finite numbers")
  }
  precondition(read.rows.count == table.rows.count && read.header == model.outputHeader)
  return 0
}
