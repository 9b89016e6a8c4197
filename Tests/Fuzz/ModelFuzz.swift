// ModelFuzz: libFuzzer entry point for the model loader and prediction (built by run.sh).

import KAN
import KANData

/// Loads the input as a model file, then predicts with it on a fixed input and round-trips it.
///
/// Reaches `ModelFile` (header limits, names, shapes, values), the architecture from metadata
/// or inferred from the shapes, layer construction and the forward pass. A model that loads
/// must predict finite numbers or throw, and must encode to a file that loads back the same.
/// Thrown errors are expected; crashes, traps and runaway memory are bugs.
///
/// - Parameters:
///   - data: The fuzzer's input.
///   - size: The input's length in bytes.
/// - Returns: 0, as libFuzzer requires.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  guard var model = try? ModelFile(bytes: bytes) else { return 0 }
  model.network.threads = 1
  let widths = model.network.widths
  precondition(widths.count >= 2 && widths.allSatisfy { $0 >= 1 }, "widths \(widths)")
  precondition(model.network.parameterCount <= ModelLimits.maxParameters)
  let inputs = widths[0]
  // Two samples: one inside the usual grid range [-1, 1], one far outside it.
  let table = CSVTable(
    header: (0..<inputs).map { "x\($0)" },
    rows: [(0..<inputs).map { Double($0 % 7) * 0.3 - 0.9 }, (0..<inputs).map { Double($0) - 50 }])
  if let csv = try? model.predictions(for: table) {
    guard let read = try? CSVTable(parsing: csv) else {
      preconditionFailure("predictions are not a CSV of finite numbers")
    }
    precondition(read.rows.count == 2 && read.header == model.outputHeader)
  }
  do {
    let again = try ModelFile(bytes: model.encode())
    precondition(again.network.widths == widths && again.task == model.task)
    for (mine, theirs) in zip(model.network.layers, again.network.layers) {
      precondition(mine.splineWeight.scalars == theirs.splineWeight.scalars)
      precondition(mine.grid.scalars == theirs.grid.scalars)
    }
  } catch {
    preconditionFailure("a model that loaded failed to round-trip: \(error)")
  }
  return 0
}
