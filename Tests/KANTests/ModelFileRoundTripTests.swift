import Foundation
import KANData
import Testing

@testable import KAN

@Suite("Model files (safetensors, efficient-kan names): save then load is the identity")
struct ModelFileRoundTripTests {
  @Test("every parameter, knot and prediction is bit-identical after a round trip")
  func roundTripIsBitIdentical() throws {
    let network = try tinyNetwork()
    let model = ModelFile(network: network, task: .classification, training: ["epochs": "3"])
    let loaded = try ModelFile(bytes: try model.encode())
    #expect(loaded.origin == .metadata)
    #expect(loaded.task == .classification)
    #expect(loaded.training == ["epochs": "3"])
    #expect(try loaded.architecture() == (try model.architecture()))
    for (saved, read) in zip(network.layers, loaded.network.layers) {
      for (a, b) in [
        (saved.baseWeight, read.baseWeight), (saved.splineWeight, read.splineWeight),
        (saved.splineScaler, read.splineScaler), (saved.grid, read.grid),
      ] {
        #expect(a.shape == b.shape)
        #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern))
      }
    }
    let x = tinyInputs(rows: 9)
    #expect(try network(x).scalars.map(\.bitPattern) == loaded.network(x).scalars.map(\.bitPattern))
  }

  @Test("the header names efficient-kan's tensors and holds the architecture as metadata")
  func headerHasStateDictNamesAndMetadata() throws {
    let file = try SafeTensorsFile(
      bytes: ModelFile(network: tinyNetwork(), task: .regression).encode())
    #expect(
      Set(file.names)
        == Set((0..<2).flatMap { l in ModelFile.parameterNames.map { "layers.\(l).\($0)" } }))
    #expect(try file.shape(named: "layers.0.spline_weight") == [4, 3, 6])
    #expect(try file.shape(named: "layers.1.grid") == [4, 10])
    #expect(file.metadata["kan.format_version"] == "1")
    #expect(file.metadata["kan.widths"] == "3,4,2")
    #expect(file.metadata["kan.grid_size"] == "3")
    #expect(file.metadata["kan.spline_order"] == "3")
    #expect(file.metadata["kan.basis"] == "b-spline")
    #expect(file.metadata["kan.base_activation"] == "silu")
    #expect(file.metadata["kan.task"] == "regression")
  }

  @Test("a state dict without metadata (PyTorch's save_file) loads: widths, G and k from shapes")
  func stateDictWithoutMetadataIsInferred() throws {
    let network = try KANNetwork<Float>(
      widths: [5, 2, 3, 1], configuration: KANConfiguration(gridSize: 4, splineOrder: 2), seed: 3)
    let tensors = ModelFile(network: network, task: .regression).tensors
    let bytes = try SafeTensorsWriter.encode(tensors: tensors, metadata: ["format": "pt"])
    let loaded = try ModelFile(bytes: bytes)
    #expect(loaded.origin == .inferredFromShapes)
    #expect(loaded.task == .regression)
    #expect(
      try loaded.architecture()
        == ModelArchitecture(
          widths: [5, 2, 3, 1], configuration: KANConfiguration(gridSize: 4, splineOrder: 2)))
    let x = try Tensor<Float>(shape: [2, 5], scalars: (0..<10).map { Float($0) / 10 - 0.5 })
    #expect(try network(x) == loaded.network(x))
  }

  @Test("layers without a standalone spline scale are written without spline_scaler and read back")
  func withoutStandaloneScaler() throws {
    let network = try KANNetwork<Float>(
      widths: [2, 2], configuration: KANConfiguration(standaloneSplineScaler: false), seed: 5)
    let loaded = try ModelFile(bytes: ModelFile(network: network, task: .regression).encode())
    #expect(!loaded.network.layers[0].standaloneSplineScaler)
    #expect(loaded.network.layers[0].splineWeight == network.layers[0].splineWeight)
  }

  @Test("writing refuses an existing file unless asked, and never leaves a temporary file")
  func writeDoesNotClobber() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("model.safetensors")
    let original = Array("not a model, keep me".utf8)
    try Data(original).write(to: url)
    let model = ModelFile(network: try tinyNetwork(), task: .regression)
    #expect(throws: KANDataError.fileExists(path: url.path)) {
      try model.write(to: url, overwrite: false)
    }
    #expect(try [UInt8](Data(contentsOf: url)) == original)
    try model.write(to: url, overwrite: true)
    #expect(try ModelFile(contentsOf: url).network.layers[1].grid == model.network.layers[1].grid)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.safetensors"])
  }
}
