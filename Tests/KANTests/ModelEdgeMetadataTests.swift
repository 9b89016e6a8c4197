import KANData
import KANSymbolic
import Testing

@testable import KAN

/// `tinyNetwork` with a pruned edge, a fixed edge and a tied group, and a scaling whose names
/// need escaping.
private func editedModel() throws -> ModelFile {
  var network = try tinyNetwork()
  try network.layers[0].maskEdge(i: 1, j: 2)
  try network.layers[0].tie([EdgeIndex(i: 0, j: 0), EdgeIndex(i: 0, j: 3)])
  try network.layers[1].fixSymbolic(i: 0, j: 1, edge: SymbolicEdge(.sin, a: 1.5, b: -0.25, c: 0.75))
  let scaling = try InputScaling(
    names: ["a,b", "100%", "c"], mean: [0.5, -1, 2], scale: [2, 0.25, 1])
  return ModelFile(network: network, task: .regression, inputScaling: scaling, targetName: "y")
}

@Suite("Model files keep pruned, fixed and tied edges and the input scaling in __metadata__")
struct ModelEdgeMetadataTests {
  @Test("save and load: the same edges, ties, scaling, target and predictions")
  func roundTrip() throws {
    let model = try editedModel()
    let loaded = try ModelFile(bytes: model.encode())
    for l in 0..<2 {
      let (saved, read) = (model.network.layers[l], loaded.network.layers[l])
      for j in 0..<saved.outFeatures {
        for i in 0..<saved.inFeatures {
          #expect(try read.state(i: i, j: j) == saved.state(i: i, j: j))
        }
      }
      #expect(read.tiedEdges == saved.tiedEdges)
    }
    #expect(loaded.inputScaling == model.inputScaling)
    #expect(loaded.targetName == "y")
    let x = tinyInputs(rows: 6)
    #expect(try loaded.network(x) == model.network(x))
  }

  @Test("a fully fixed model prints the same formula after a save and load, through its scaling")
  func formulaSurvivesTheFile() throws {
    var network = try KANNetwork<Float>(widths: [2, 1, 1], seed: 4)
    try network.fixSymbolic(layer: 0, i: 0, j: 0, edge: SymbolicEdge(.sin, a: 2, b: 0.5))
    try network.fixSymbolic(layer: 0, i: 1, j: 0, edge: SymbolicEdge(.x2, c: 0.5))
    try network.fixSymbolic(layer: 1, i: 0, j: 0, edge: SymbolicEdge(.exp, c: 3))
    let scaling = try InputScaling(names: ["u", "v"], mean: [1, 0], scale: [2, 1])
    let model = ModelFile(network: network, task: .regression, inputScaling: scaling)
    let loaded = try ModelFile(bytes: model.encode())
    #expect(try loaded.formulas() == model.formulas())
    let printed = try loaded.formulas()[0].description
    #expect(printed == "3*exp(sin(u - 0.5) + 0.5*v**2)", "\(printed)")
  }

  @Test("the tensors stay efficient-kan's: a pruned or fixed edge has zero w_b and w_s there")
  func prunedEdgesAreZeroInTheTensors() throws {
    let model = try editedModel()
    let tensors = Dictionary(uniqueKeysWithValues: model.tensors.map { ($0.name, $0.values) })
    let n = model.network.layers[0].basisCount
    for (l, edge) in [(0, 2 * 3 + 1), (1, 1 * 4 + 0)] {
      #expect(tensors["layers.\(l).base_weight"]?[edge] == 0)
      #expect(
        tensors["layers.\(l).spline_weight"]?[edge * n..<(edge + 1) * n].allSatisfy { $0 == 0 }
          == true)
    }
  }

  @Test("predict picks the inputs by name from any columns and standardises them")
  func predictByName() throws {
    let model = try editedModel()
    let (x, scaling) = (tinyInputs(rows: 4), try #require(model.inputScaling))
    let raw = (0..<4).map { b in
      (0..<3).map { Double(x[b, $0]) * scaling.scale[$0] + scaling.mean[$0] }
    }
    let table = CSVTable(
      header: ["c", "y", "100%", "a,b"], rows: raw.map { [$0[2], 9, $0[1], $0[0]] })
    let text = String(decoding: try model.predictions(for: table), as: UTF8.self)
    let values = text.split(separator: "\n").dropFirst().map {
      $0.split(separator: ",").compactMap { Float($0) }
    }
    let y = try model.network(x)
    for b in 0..<4 {
      for k in 0..<2 { #expect(abs(values[b][k] - y[b, k]) < 1e-5) }
    }
  }

  @Test(
    "damaged edge metadata is a typed error naming the key",
    arguments: [
      ("kan.masked_edges.0", "9:0", "kan.masked_edges.0"),
      ("kan.fixed_edges.1", "0:1:sinh:1:0:1:0", "unknown function"),
      ("kan.fixed_edges.1", "0:1:sin:nan:0:1:0", "kan.fixed_edges.1"),
      ("kan.tied_edges.0", "0:0", "at least two"),
      ("kan.input_scale", "2,0,1", "kan.input_mean"),
      ("kan.input_names", "a,b", "names 2 inputs"),
    ])
  func damagedMetadata(key: String, value: String, expected: String) throws {
    let model = try editedModel()
    var metadata = try model.architecture().metadata
    metadata[ModelMetadataKey.formatVersion] = ModelFile.formatVersion
    metadata.merge(
      ModelEdgeMetadata.entries(of: model.network, scaling: model.inputScaling, target: nil)
    ) { $1 }
    metadata[key] = value
    let bytes = try SafeTensorsWriter.encode(tensors: model.tensors, metadata: metadata)
    let message = errorMessage { _ = try ModelFile(bytes: bytes) }
    #expect(message?.contains(expected) == true, "\(message ?? "no error")")
  }
}
