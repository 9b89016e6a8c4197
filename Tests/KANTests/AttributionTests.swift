import KANSymbolic
import Testing

@testable import KAN

/// A [3, 4, 2] Double network with spline weights of order one, a fixed edge and a pruned edge.
func attributionProbe() throws -> KANNetwork<Double> {
  var network = try KANNetwork<Double>(
    widths: [3, 4, 2], configuration: KANConfiguration(gridSize: 4), seed: 11)
  for l in network.layers.indices {
    let count = network.layers[l].splineWeight.count
    network.layers[l].splineWeight.scalars = seededValues(count, in: -1...1, seed: 12 + UInt64(l))
  }
  try network.layers[0].fixSymbolic(i: 1, j: 2, edge: SymbolicEdge(.sin, a: 2, b: 0.1, c: 0.8))
  try network.layers[1].maskEdge(i: 3, j: 0)
  return network
}

/// `torch.std`, Bessel-corrected, written out.
private func spread(_ values: [Double]) -> Double {
  let mean = values.reduce(0, +) / Double(values.count)
  return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1))
    .squareRoot()
}

@Suite(
  "Attribution (pykan 0.2 attribute): E_l[k,j,i] = S_{l+1}[k,j] std(phi_lji) / (std(x_{l+1,j}) + 1e-4)"
)
struct AttributionTests {
  let x = seededTensor(40, 3, in: -1...1, seed: 13)

  @Test("the scores equal the direct computation from every edge's outputs on the batch")
  func matchesDirectComputation() throws {
    let network = try attributionProbe()
    let scores = try network.attribution(on: x)
    // Direct: every phi_lji(x_b) evaluated edge by edge, every std written out.
    var activations = [x]
    for layer in network.layers { activations.append(try layer(activations.last ?? x)) }
    let outputs = 2
    var s = (0..<outputs).map { k in (0..<outputs).map { $0 == k ? 1.0 : 0.0 } }  // S_L = I
    for l in network.layers.indices.reversed() {
      let (layer, input, output) = (network.layers[l], activations[l], activations[l + 1])
      var below = [[Double]](
        repeating: [Double](repeating: 0, count: layer.inFeatures), count: outputs)
      for j in 0..<layer.outFeatures {
        let node = spread((0..<40).map { output[$0, j] })
        for i in 0..<layer.inFeatures {
          let column = (0..<40).map { input[$0, i] }
          let phi = spread(try layer.edge(from: i, to: j, at: column))
          for k in 0..<outputs {
            let e = s[k][j] * phi / (node + 1e-4)
            let computed = scores.edgeScoresByOutput[l][k, j, i]
            #expect(
              abs(computed - e) <= 1e-10 * max(1, e), "E_\(l)[\(k),\(j),\(i)]: \(computed) vs \(e)")
            below[k][i] += e
          }
        }
      }
      for k in 0..<outputs {
        for i in 0..<layer.inFeatures {
          let computed = scores.nodeScoresByOutput[l][k, i]
          #expect(abs(computed - below[k][i]) <= 1e-10 * max(1, below[k][i]))
        }
      }
      s = below
    }
  }

  @Test("edge and node scores are the means over the outputs k; feature scores are S_0's")
  func meansOverOutputs() throws {
    let scores = try attributionProbe().attribution(on: x)
    let e = scores.edgeScoresByOutput[1]
    #expect(abs(scores.edgeScores[1][0, 2] - (e[0, 0, 2] + e[1, 0, 2]) / 2) < 1e-15)
    #expect(scores.edgeScores[1][0, 3] == 0, "a pruned edge scores 0")
    #expect(scores.nodeScores[2] == [0.5, 0.5], "the outputs start from the identity")
    #expect(scores.featureScores == scores.nodeScores[0])
  }

  @Test("rankedFeatures sorts by decreasing score, names attached")
  func ranking() throws {
    let scores = try attributionProbe().attribution(on: x)
    let ranked = scores.rankedFeatures(names: ["a", "b", "c"])
    #expect(Set(ranked.map(\.name)) == ["a", "b", "c"])
    #expect(zip(ranked, ranked.dropFirst()).allSatisfy { $0.score >= $1.score })
  }

  @Test("a batch of one has no spread: a typed error")
  func batchOfOne() throws {
    let network = try attributionProbe()
    #expect(throws: KANError.self) { try network.attribution(on: seededTensor(1, 3, seed: 1)) }
  }
}
