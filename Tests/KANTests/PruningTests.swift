import KANData
import KANSymbolic
import Testing

@testable import KAN

/// Makes edge `i -> j` of a layer nearly constant: no base branch, and every B-spline
/// coefficient `level + 1e-5 noise`, so on the grid range (where the bases sum to 1) it is
/// `s (level + noise)`: a large mean, a tiny spread.
private func flatten(_ layer: inout KANLinear<Double>, i: Int, j: Int, level: Double, seed: UInt64)
{
  let (edge, n) = (j * layer.inFeatures + i, layer.basisCount)
  layer.baseWeight.scalars[edge] = 0
  let noise = seededValues(n, in: -1e-5...1e-5, seed: seed)
  for m in 0..<n { layer.splineWeight.scalars[edge * n + m] = level + noise[m] }
}

/// A [3, 4, 1] network on a wide grid in which input 2 and hidden node 2 barely matter: their
/// edges are nearly constant, with means far from 0.
private func prunableNetwork() throws -> KANNetwork<Double> {
  var network = try KANNetwork<Double>(
    widths: [3, 4, 1], configuration: KANConfiguration(gridSize: 4, gridRange: -8...8), seed: 21)
  for l in network.layers.indices {
    let count = network.layers[l].splineWeight.count
    network.layers[l].splineWeight.scalars = seededValues(count, in: -2...2, seed: 22 + UInt64(l))
  }
  for j in 0..<4 { flatten(&network.layers[0], i: 2, j: j, level: 0.5, seed: 30 + UInt64(j)) }
  flatten(&network.layers[1], i: 2, j: 0, level: 0.7, seed: 40)
  return network
}

/// `max_b |phi(x_b) - mean_b phi|` of an edge on a layer input: how far it is from a constant.
private func deviation(_ layer: KANLinear<Double>, i: Int, j: Int, _ x: Tensor<Double>) throws
  -> Double
{
  let values = try layer.edge(from: i, to: j, at: (0..<x.shape[0]).map { x[$0, i] })
  let mean = values.reduce(0, +) / Double(values.count)
  return values.map { abs($0 - mean) }.max() ?? 0
}

@Suite("Pruning (pykan prune_node, prune_edge, prune_input): smaller networks, same function")
struct PruningTests {
  let x = seededTensor(60, 3, in: -1...1, seed: 23)

  @Test("pruneNodes removes the dead hidden node; on the data y changes by mean - phi of its edge")
  func pruneNodesFoldsTheMean() throws {
    let network = try prunableNetwork()
    let (pruned, report) = try network.pruneNodes(threshold: 1e-2, on: x)
    #expect(pruned.widths == [3, 3, 1])
    #expect(report.removedNodes == [[], [2], []])
    #expect(report.droppedMeans == [0, 0])
    let hidden = try network.layers[0](x)
    let column = (0..<60).map { hidden[$0, 2] }
    let phi = try network.layers[1].edge(from: 2, to: 0, at: column)
    let mean = phi.reduce(0, +) / 60
    #expect(abs(mean) > 0.1, "the removed edge carries a constant worth keeping")
    let (before, after) = (try network(x), try pruned(x))
    for b in 0..<60 {
      // y' = y - phi(x_b) + mean: only the removed edge's deviation is lost.
      #expect(abs(after[b, 0] - (before[b, 0] - phi[b] + mean)) < 1e-10)
    }
  }

  @Test("pruneInputs drops the unused input; the outputs move by < 100 times its edges' spread")
  func pruneInputsKeepsTheFunction() throws {
    let network = try prunableNetwork()
    let scores = try network.attribution(on: x).featureScores
    #expect(scores[2] < 1e-3 && scores[0] > 1e-2 && scores[1] > 1e-2, "\(scores)")
    let (pruned, report) = try network.pruneInputs(threshold: 1e-2, on: x)
    #expect(pruned.widths == [2, 4, 1])
    #expect(report.keptNodes[0] == [0, 1])
    let spread = try (0..<4).map { try deviation(network.layers[0], i: 2, j: $0, x) }.reduce(0, +)
    let kept = try Tensor(shape: [60, 2], scalars: (0..<60).flatMap { [x[$0, 0], x[$0, 1]] })
    let (before, after) = (try network(x), try pruned(kept))
    let change = (0..<60).map { abs(after[$0, 0] - before[$0, 0]) }.max() ?? 0
    #expect(change < 100 * spread && spread < 1e-3, "change \(change), spread \(spread)")
  }

  @Test("pruneEdges masks the flat edges, keeps the widths, and folds their means in")
  func pruneEdgesMasks() throws {
    let network = try prunableNetwork()
    let (pruned, report) = try network.pruneEdges(threshold: 1e-3, on: x)
    #expect(pruned.widths == network.widths)
    #expect(report.maskedEdges[1] == [EdgeIndex(i: 2, j: 0)])
    #expect(try pruned.layers[1].state(i: 2, j: 0) == .pruned)
    let (before, after) = (try network(x), try pruned(x))
    let change = (0..<60).map { abs(after[$0, 0] - before[$0, 0]) }.max() ?? 0
    #expect(change < 1e-3, "change \(change)")
  }

  @Test("a threshold above every score is a typed error that names the largest score")
  func everythingWouldGo() throws {
    let network = try prunableNetwork()
    for prune in [
      { try network.pruneNodes(threshold: 1e3, on: x) },
      { try network.pruneInputs(threshold: 1e3, on: x) },
      { try network.pruneEdges(threshold: 1e3, on: x) },
    ] as [() throws -> (network: KANNetwork<Double>, report: PruningReport)] {
      let error = #expect(throws: KANError.self) { _ = try prune() }
      #expect("\(error.map { "\($0)" } ?? "")".contains("would prune every"))
    }
  }

  @Test("a pruned model with a formula saves, loads and predicts like any other")
  func prunedModelRoundTrip() throws {
    var network = try prunableNetwork().pruneNodes(threshold: 1e-2, on: x).network
    network = try network.pruneEdges(threshold: 1e-3, on: x).network
    try network.layers[0].fixSymbolic(i: 0, j: 1, edge: SymbolicEdge(.tanh, a: 1.5, c: 0.4))
    let model = ModelFile(network: try network.converted(), task: .regression)
    let loaded = try ModelFile(bytes: try model.encode())
    #expect(loaded.network.widths == [3, 3, 1])
    #expect(
      try loaded.network.layers[0].state(i: 0, j: 1) == model.network.layers[0].state(i: 0, j: 1))
    let table = CSVTable(
      header: ["a", "b", "c"], rows: (0..<5).map { b in (0..<3).map { x[b, $0] } })
    #expect(try loaded.predictions(for: table) == (try model.predictions(for: table)))
  }
}
