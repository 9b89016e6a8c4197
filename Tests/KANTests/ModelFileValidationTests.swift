import Foundation
import KANData
import Testing

@testable import KAN

/// A valid model file's tensors and metadata, to be spoiled one thing at a time.
private struct Parts {
  var tensors: [SafeTensorsWriter.Tensor]
  var metadata: [String: String]

  init() throws {
    let bytes = try ModelFile(network: tinyNetwork(), task: .classification).encode()
    tensors = ModelFile(network: try tinyNetwork(), task: .classification).tensors
    metadata = try SafeTensorsFile(bytes: bytes).metadata
  }

  /// Replaces the values of the tensor called `name`.
  mutating func edit(_ name: String, _ body: (inout [Float]) -> Void) {
    for index in tensors.indices where tensors[index].name == name { body(&tensors[index].values) }
  }

  /// The model read from these parts, or the message of the error it throws.
  func loadError() throws -> String? {
    let bytes = try SafeTensorsWriter.encode(tensors: tensors, metadata: metadata)
    return errorMessage { _ = try ModelFile(bytes: bytes) }
  }
}

/// The message thrown when loading a valid model file whose header text is edited by `edit`.
private func loadErrorAfterEditingHeader(_ edit: (String) -> String) throws -> String? {
  let (header, data) = splitModelFile(
    try ModelFile(network: tinyNetwork(), task: .regression).encode())
  return errorMessage {
    _ = try ModelFile(bytes: safeTensorsBytes(header: edit(header), data: data))
  }
}

/// `text` with its first occurrence of `target` replaced.
private func replacingFirst(_ target: String, with replacement: String, in text: String) -> String {
  guard let range = text.range(of: target) else { return text }
  return text.replacingCharacters(in: range, with: replacement)
}

@Suite("Model files: damaged or inconsistent files are refused with a message saying what")
struct ModelFileValidationTests {
  @Test("a header length past the end of the file")
  func headerLengthPastEnd() throws {
    var bytes = try ModelFile(network: tinyNetwork(), task: .regression).encode()
    bytes.replaceSubrange(0..<8, with: [0xFF, 0xFF, 0, 0, 0, 0, 0, 0])
    #expect(
      errorMessage { _ = try ModelFile(bytes: bytes) }?.contains("runs past the end") == true)
  }

  @Test("malformed JSON, an unknown dtype, offsets out of range, overlapping tensors")
  func damagedHeaders() throws {
    let notJSON = try loadErrorAfterEditingHeader { String($0.dropLast(3)) }
    #expect(notJSON?.contains("not valid JSON") == true, "\(notJSON ?? "no error")")
    let dtype = try loadErrorAfterEditingHeader { replacingFirst("F32", with: "F31", in: $0) }
    #expect(dtype?.contains("unknown dtype \"F31\"") == true, "\(dtype ?? "no error")")
    let range = try loadErrorAfterEditingHeader {
      replacingFirst("\"data_offsets\":[0,48]", with: "\"data_offsets\":[0,4800000]", in: $0)
    }
    #expect(range?.contains("lie outside the") == true, "\(range ?? "no error")")
    // spline_scaler (4, 3) has base_weight's size; pointing it at base_weight's bytes overlaps.
    let overlap = try loadErrorAfterEditingHeader {
      replacingFirst("\"data_offsets\":[336,384]", with: "\"data_offsets\":[0,48]", in: $0)
    }
    #expect(overlap?.contains("share bytes") == true, "\(overlap ?? "no error")")
    let wrongType = try loadErrorAfterEditingHeader { replacingFirst("F32", with: "I32", in: $0) }
    #expect(
      wrongType?.contains("is I32, but a model holds F32") == true, "\(wrongType ?? "no error")")
  }

  @Test("a tensor shape that does not match the metadata's widths, grid size or order")
  func shapeDoesNotMatchMetadata() throws {
    var parts = try Parts()
    parts.metadata["kan.widths"] = "3,5,2"
    let message = try parts.loadError()
    #expect(
      message?.contains("\"layers.0.base_weight\" has shape [4, 3]") == true
        && message?.contains("needs [5, 3]") == true, "\(message ?? "no error")")
    parts = try Parts()
    parts.metadata["kan.grid_size"] = "4"
    #expect(try parts.loadError()?.contains("needs [4, 3, 7]") == true)
  }

  @Test("a NaN weight, knots that do not increase")
  func badValues() throws {
    var parts = try Parts()
    parts.edit("layers.1.spline_weight") { $0[5] = .nan }
    let nan = try parts.loadError()
    #expect(nan?.contains("\"layers.1.spline_weight\" holds nan at flat index 5") == true)
    parts = try Parts()
    parts.edit("layers.0.grid") { $0[12] = $0[11] }
    let knots = try parts.loadError()
    #expect(knots?.contains("row 1 does not increase at knot 2") == true, "\(knots ?? "no error")")
  }

  @Test("unknown basis, activation, task or version; bad widths")
  func badMetadata() throws {
    for (key, value, expected) in [
      ("kan.basis", "spline", "expected one of \"b-spline\""),
      ("kan.base_activation", "relu", "expected one of \"silu\""),
      ("kan.task", "ranking", "\"regression\" or \"classification\""),
      ("kan.format_version", "2", "this swift-kan reads version 1"),
      ("kan.widths", "3,four,2", "comma-separated list"),
      ("kan.spline_order", "11", "from 0 to 10"),
    ] {
      var parts = try Parts()
      parts.metadata[key] = value
      let message = try parts.loadError()
      #expect(message?.contains(expected) == true, "\(key)=\(value): \(message ?? "no error")")
    }
  }

  @Test("a missing tensor, an unexpected tensor, a state dict that is not a KAN")
  func wrongTensorSet() throws {
    var parts = try Parts()
    parts.tensors.removeAll { $0.name == "layers.1.grid" }
    #expect(try parts.loadError()?.contains("no tensor \"layers.1.grid\"") == true)
    parts = try Parts()
    parts.tensors.append((name: "layers.2.base_weight", shape: [1], values: [0]))
    #expect(try parts.loadError()?.contains("unexpected tensor \"layers.2.base_weight\"") == true)
    let other = try SafeTensorsWriter.encode(tensors: [("fc.weight", [2, 2], [1, 2, 3, 4])])
    #expect(
      errorMessage { _ = try ModelFile(bytes: other) }?.contains("not an efficient-kan") == true)
  }

  @Test("reading a file names its path and leaves the file unchanged")
  func errorsNameThePath() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("bad.safetensors")
    var parts = try Parts()
    parts.metadata["kan.basis"] = "spline"
    let bytes = try SafeTensorsWriter.encode(tensors: parts.tensors, metadata: parts.metadata)
    try Data(bytes).write(to: url)
    let message = errorMessage { _ = try ModelFile(contentsOf: url) }
    #expect(message?.hasPrefix(url.path + ": metadata kan.basis") == true, "\(message ?? "")")
    #expect(try [UInt8](Data(contentsOf: url)) == bytes)
  }
}

@Suite("Model files are written only when their reader would accept them")
struct ModelFileEncodingTests {
  @Test("a NaN weight is refused by encode, naming the tensor")
  func nonFiniteWeightIsNotWritten() throws {
    var network = try tinyNetwork()
    try network.updateLayer(1) { layer in layer.splineWeight.scalars[3] = .nan }
    let model = ModelFile(network: network, task: .regression)
    let message = errorMessage { _ = try model.encode() }
    #expect(message?.contains("\"layers.1.spline_weight\" holds nan at flat index 3") == true)
  }
}
