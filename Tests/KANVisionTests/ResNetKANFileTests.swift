import Foundation
import KAN
import KANData
import Testing

@testable import KANVision

/// A tiny Float model after one training step, so the running statistics are not the initial
/// ones.
private func trainedTinyModel(_ block: ResNetKANArchitecture.Block) throws -> ResNetKAN<Float> {
  var model = try ResNetKAN<Float>(tinyArchitecture(block), seed: 8)
  let x = try seededTensor([4, 1, 6, 6], seed: 81).converted(to: Float.self)
  let (_, gradient) = try crossEntropy(try model.forward(x), labels: [0, 1, 1, 0])
  try model.backward(gradient)
  var optimizer = Adam(learningRate: 1e-2)
  optimizer.step(&model)
  return model
}

/// The message of the error `body` throws, or nil.
private func message(_ body: () throws -> Void) -> String? {
  do {
    try body()
    return nil
  } catch {
    return "\(error)"
  }
}

/// A model file's tensors and metadata, to be spoiled one thing at a time.
private struct Parts {
  var tensors: [SafeTensorsWriter.Tensor]
  var metadata: [String: String]

  init() throws {
    let bytes = try ResNetKANFile(model: try trainedTinyModel(.convolution)).encode()
    let file = try SafeTensorsFile(bytes: bytes)
    tensors = try file.names.map {
      (name: $0, shape: try file.shape(named: $0), values: try file.floats(named: $0))
    }
    metadata = file.metadata
  }

  /// The message of the error reading these parts throws, or nil.
  func loadError() -> String? {
    message {
      _ = try ResNetKANFile(
        SafeTensorsFile(bytes: SafeTensorsWriter.encode(tensors: tensors, metadata: metadata)))
    }
  }
}

@Suite("ResNet-KAN model files: PyTorch's state-dict names, round trip, refused damage")
struct ResNetKANFileTests {
  @Test(
    "write then read gives the same tensors, architecture and logits",
    arguments: ResNetKANArchitecture.Block.allCases)
  func roundTrip(block: ResNetKANArchitecture.Block) throws {
    let model = try trainedTinyModel(block)
    let bytes = try ResNetKANFile(model: model, training: ["epochs": "1"]).encode()
    let read = try ResNetKANFile(SafeTensorsFile(bytes: bytes))
    #expect(read.model.architecture == model.architecture)
    #expect(read.training == ["epochs": "1"])
    #expect(read.model.namedTensors.map(\.name) == model.namedTensors.map(\.name))
    #expect(read.model.namedTensors.map(\.tensor) == model.namedTensors.map(\.tensor))
    let x = try seededTensor([3, 1, 6, 6], seed: 82).converted(to: Float.self)
    #expect(try read.model(x) == model(x))
  }

  @Test("tensor names follow PyTorch's modules: stem, stages.s.blocks.b, shortcut, head.layers")
  func pytorchNames() throws {
    let names = try ResNetKAN<Float>(tinyArchitecture(.convolution)).namedTensors.map(\.name)
    for name in [
      "stem.conv.weight", "stem.bn.running_var", "stages.0.blocks.0.bn1.running_mean",
      "stages.1.blocks.0.shortcut.conv.weight", "stages.1.blocks.0.shortcut.bn.bias",
      "head.layers.0.spline_weight", "head.layers.0.grid",
    ] {
      #expect(names.contains(name), "\(name)")
    }
    #expect(!names.contains("stages.0.blocks.0.shortcut.conv.weight"))
    let kan = try ResNetKAN<Float>(tinyArchitecture(.kanConvolution)).namedTensors.map(\.name)
    #expect(kan.contains("stages.0.blocks.0.conv2.kan.spline_scaler"))
  }

  @Test("a KAN model file is refused as a ResNet-KAN, saying what it is")
  func kanFileRefused() throws {
    let network = try KANNetwork<Float>(widths: [4, 3])
    let bytes = try ModelFile(network: network, task: .classification).encode()
    let error = message { _ = try ResNetKANFile(SafeTensorsFile(bytes: bytes)) }
    #expect(error?.contains("a KAN model (kan.widths 4,3)") == true, "\(error ?? "no error")")
  }

  @Test("a ResNet-KAN file is refused as a KAN, saying what it is")
  func resNetFileRefusedAsKAN() throws {
    let bytes = try ResNetKANFile(model: try trainedTinyModel(.convolution)).encode()
    let error = message { _ = try ModelFile(bytes: bytes) }
    #expect(
      error?.contains("holds a ResNet-KAN (resnet.stages 2x1,3x1/2)") == true,
      "\(error ?? "no error")")
  }

  @Test("a missing, extra, misshapen or non-finite tensor is refused, naming it")
  func damagedTensorsRefused() throws {
    var parts = try Parts()
    parts.tensors.removeAll { $0.name == "stages.1.blocks.0.bn2.weight" }
    #expect(parts.loadError()?.contains("needs a tensor \"stages.1.blocks.0.bn2.weight\"") == true)
    parts = try Parts()
    parts.tensors.append((name: "stem.extra", shape: [1], values: [0]))
    #expect(parts.loadError()?.contains("unexpected tensor \"stem.extra\"") == true)
    parts = try Parts()
    let index = try #require(parts.tensors.firstIndex { $0.name == "stem.conv.weight" })
    parts.tensors[index].shape = [2, 1, 9, 1]
    #expect(parts.loadError()?.contains("has shape [2, 1, 9, 1]") == true)
    parts = try Parts()
    parts.tensors[index].values[3] = .nan
    #expect(parts.loadError()?.contains("holds nan at flat index 3") == true)
  }

  @Test("knots that do not increase and a negative running variance are refused")
  func invalidValuesRefused() throws {
    var parts = try Parts()
    let grid = try #require(parts.tensors.firstIndex { $0.name == "head.layers.0.grid" })
    parts.tensors[grid].values[2] = parts.tensors[grid].values[1]
    #expect(parts.loadError()?.contains("tensor \"head.layers.0.grid\"") == true)
    parts = try Parts()
    let variance = try #require(parts.tensors.firstIndex { $0.name == "stem.bn.running_var" })
    parts.tensors[variance].values[0] = -1
    #expect(parts.loadError()?.contains("tensor \"stem.bn.running_var\"") == true)
  }

  @Test("metadata that does not parse or describes no buildable model is refused")
  func badMetadataRefused() throws {
    var parts = try Parts()
    parts.metadata[ResNetMetadataKey.stages] = "2x1,3x"
    #expect(parts.loadError()?.contains("resnet.stages") == true)
    parts = try Parts()
    parts.metadata[ResNetMetadataKey.head] = "5,2"
    #expect(parts.loadError()?.contains("head") == true)
    parts = try Parts()
    parts.metadata[ResNetMetadataKey.formatVersion] = "9"
    #expect(parts.loadError()?.contains("format version \"9\"") == true)
  }

  @Test(
    "metadata claiming a network over KANLimits is refused before anything is allocated",
    arguments: [
      ("16", "4096x64,4096x64/2", "4096,10", "at most 268435456 parameters (KANLimits.parameters)"),
      ("16", Array(repeating: "2x1", count: 101).joined(separator: ","), "2,10", "at most 100"),
      ("16", "2x1", Array(repeating: "2", count: 200).joined(separator: ","), "lists 200 values"),
    ])
  func hugeMetadataRefused(stem: String, stages: String, head: String, expected: String) throws {
    var parts = try Parts()
    parts.metadata[ResNetMetadataKey.stem] = stem
    parts.metadata[ResNetMetadataKey.stages] = stages
    parts.metadata[ResNetMetadataKey.head] = head
    let error = parts.loadError()
    #expect(error?.contains(expected) == true, "\(error ?? "no error")")
  }

  @Test("predictions: logits and class per CSV row; a wrong column count is refused")
  func csvPredictions() throws {
    let file = ResNetKANFile(model: try trainedTinyModel(.convolution))
    let pixels = try seededTensor([2, 36], seed: 83).scalars
    let table = CSVTable(
      header: (0..<36).map { "p\($0)" }, rows: [Array(pixels[0..<36]), Array(pixels[36..<72])])
    let lines = String(decoding: try file.predictions(for: table), as: UTF8.self).split(
      separator: "\n")
    #expect(lines.first == "logit0,logit1,class")
    #expect(lines.count == 3)
    let short = CSVTable(header: ["a", "b"], rows: [[0, 1]])
    let error = message { _ = try file.predictions(for: short) }
    #expect(error?.contains("36 columns: one 1x6x6 image") == true, "\(error ?? "no error")")
  }
}
