import Foundation
import KANData
import Testing

@testable import KAN

/// The tensors of a valid `[1, 1]` model, G = 1, k = 0, for crafted files to start from.
private let smallTensors: [SafeTensorsWriter.Tensor] = [
  ("layers.0.base_weight", [1, 1], [0.5]), ("layers.0.spline_weight", [1, 1, 1], [0.25]),
  ("layers.0.grid", [1, 2], [-1, 1]),
]

/// The metadata of that model.
private let smallMetadata = [
  "kan.format_version": "1", "kan.widths": "1,1", "kan.grid_size": "1", "kan.spline_order": "0",
  "kan.basis": "b-spline", "kan.base_activation": "silu", "kan.out_of_grid": "zero",
]

/// The message of loading the small model's tensors under metadata changed by `edits`.
private func loadError(
  _ edits: [String: String], tensors: [SafeTensorsWriter.Tensor] = smallTensors
) throws -> String? {
  let metadata = smallMetadata.merging(edits) { $1 }
  let bytes = try SafeTensorsWriter.encode(tensors: tensors, metadata: metadata)
  return errorMessage { _ = try ModelFile(bytes: bytes) }
}

@Suite("Model files from anyone: the header is checked against ModelLimits before any allocation")
struct ModelFileHostilityTests {
  @Test(
    "metadata claiming a huge grid, huge widths or too many layers is refused, naming the cap",
    arguments: [
      ("kan.grid_size", "3000", "grid size 3000 is over swift-kan's cap of 1000"),
      ("kan.grid_size", "\(Int.max)", "(ModelLimits.maxGridSize)"),
      ("kan.widths", "1000000,1000000", "more than \(KANLimits.parameters) parameters"),
      ("kan.widths", "\(Int.max),\(Int.max)", "(ModelLimits.maxParameters)"),
      ("kan.widths", Array(repeating: "1", count: 200).joined(separator: ","), "200 values"),
      ("kan.grid_size", "1000", "needs [1, 1, 1000]"),
    ])
  func hugeMetadata(key: String, value: String, expected: String) throws {
    let message = try loadError([key: value])
    #expect(message?.contains(expected) == true, "\(message ?? "no error")")
  }

  @Test("a state dict whose shapes imply an overflowing grid size is refused, not trapped on")
  func overflowingInferredShapes() throws {
    let header =
      "{\"layers.0.base_weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},"
      + "\"layers.0.spline_weight\":{\"dtype\":\"F32\",\"shape\":[0,1,4611686018427387905],"
      + "\"data_offsets\":[4,4]},"
      + "\"layers.0.grid\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[4,12]}}"
    let message = errorMessage {
      _ = try ModelFile(
        bytes: safeTensorsBytes(header: header, data: [UInt8](repeating: 0, count: 12)))
    }
    #expect(message?.contains("give no valid grid size") == true, "\(message ?? "no error")")
  }

  @Test("a header over ModelLimits.maxHeaderBytes is refused before it is parsed")
  func hugeHeader() throws {
    let message = try loadError(["train.note": String(repeating: "x", count: 1 << 20)])
    #expect(message?.contains("over the 1048576-byte cap") == true, "\(message ?? "no error")")
  }

  @Test("a [100, 1] layer at grid size 1000 loads from its tensors without an initialisation")
  func largeGridLoads() throws {
    // 800 KB of tensors; the training initialiser's least-squares fit would take ~17 GFLOP.
    let (inputs, knots, n) = (100, 1001, 1000)  // order 0, as smallMetadata says
    let tensors: [SafeTensorsWriter.Tensor] = [
      ("layers.0.base_weight", [1, inputs], [Float](repeating: 0.5, count: inputs)),
      ("layers.0.spline_weight", [1, inputs, n], [Float](repeating: 0, count: inputs * n)),
      ("layers.0.grid", [inputs, knots], (0..<(inputs * knots)).map { Float($0 % knots) }),
    ]
    let message = try loadError(["kan.widths": "100,1", "kan.grid_size": "1000"], tensors: tensors)
    #expect(message == nil, "\(message ?? "")")
  }

  @Test("a tensor name with a terminal escape sequence is escaped in the message")
  func escapedNames() throws {
    let message = try loadError(
      [:], tensors: smallTensors + [("layers.0.grid\u{1B}]0;owned\u{07}", [1], [0])])
    #expect(message?.contains("unexpected tensor \"layers.0.grid\\u{1B}]0;owned\\u{7}\"") == true)
    #expect(message?.unicodeScalars.contains { $0.value < 0x20 } == false)
  }

  @Test("a link to /dev/zero is refused as a character device, not read")
  func deviceIsRefused() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let link = directory.appendingPathComponent("model.safetensors")
    try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "/dev/zero")
    let message = errorMessage { _ = try ModelFile(contentsOf: link) }
    #expect(message?.contains("it is a character device") == true, "\(message ?? "no error")")
  }

  @Test("outputs that overflow Float are an error naming the output and line, not an inf row")
  func nonFiniteOutputs() throws {
    var network = try tinyNetwork()
    network.layers[0].baseWeight.scalars = [Float](repeating: 100, count: 12)
    network.layers[1].baseWeight.scalars = [Float](repeating: 3e38, count: 8)
    let model = ModelFile(network: network, task: .regression)
    let table = CSVTable(header: ["a", "b", "c"], rows: [[0, 0, 0], [1, 1, 1]])
    let message = errorMessage { _ = try model.predictions(for: table) }
    #expect(message?.contains("its weights overflow Float") == true, "\(message ?? "no error")")
  }

  @Test("an input beyond Float's range is refused with its line and column")
  func inputBeyondFloat() throws {
    let model = ModelFile(network: try tinyNetwork(), task: .regression)
    let table = try CSVTable(parsing: Array("a,b,c\n1,2,3\n1,2,1e39\n".utf8))
    #expect(throws: KANDataError.csvOutOfRange(line: 3, column: "c", value: 1e39, type: "Float")) {
      _ = try model.predictions(for: table)
    }
  }
}
