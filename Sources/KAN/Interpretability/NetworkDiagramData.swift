import KANSymbolic

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything a drawing of a network needs, as plain numbers and strings: per edge its curve
/// over the range its input takes on a batch, its attribution score, its formula if fixed and
/// whether it was pruned; per node its score; the names of the inputs and outputs.
///
/// pykan draws an edge with opacity `tanh(3 score)` (its `plot(beta=3)`), given as `opacity`.
public struct NetworkDiagramData: Sendable, Codable, Equatable {
  /// One edge `i -> j` of layer `layer`.
  public struct Edge: Sendable, Codable, Equatable {
    /// The layer.
    public var layer: Int
    /// The input node, in `0 ..< widths[layer]`.
    public var i: Int
    /// The output node, in `0 ..< widths[layer + 1]`.
    public var j: Int
    /// Points evenly spaced over `[min, max]` of the edge's input on the batch.
    public var x: [Double]
    /// `phi(x)` at those points (0 for a pruned edge).
    public var y: [Double]
    /// The attribution score, `mean_k E_l[k, j, i]` (see `Attribution`).
    public var score: Double
    /// `tanh(3 score)`, in `[0, 1)`: pykan's opacity.
    public var opacity: Double
    /// The edge's formula over `x` (in the layer's own input units) when fixed, else nil.
    public var formula: String?
    /// Whether the edge was pruned (a drawing leaves it out).
    public var pruned: Bool
  }

  /// `[in, hidden..., out]`.
  public var widths: [Int]
  /// The inputs' names.
  public var inputNames: [String]
  /// The outputs' names.
  public var outputNames: [String]
  /// Every node's score at every boundary `0 ... L` (see `Attribution.nodeScores`).
  public var nodeScores: [[Double]]
  /// Every edge, layer by layer, output-major (`j` then `i`).
  public var edges: [Edge]
}

extension KANNetwork {
  /// The data of a network diagram on a batch (see `NetworkDiagramData`).
  ///
  /// - Parameters:
  ///   - x: the network input, `(batch, in)`, at least two samples.
  ///   - inputNames: one name per input (`x1, x2, ...` by default).
  ///   - outputNames: one name per output (`y1, ...` by default).
  ///   - points: the points of each edge's curve, at least 2.
  /// - Returns: the diagram's data.
  /// - Throws: `KANError` for a bad batch, names of the wrong count or fewer than 2 points.
  public func diagramData(
    on x: Tensor<Scalar>, inputNames: [String]? = nil, outputNames: [String]? = nil,
    points: Int = 64
  ) throws(KANError) -> NetworkDiagramData {
    let (inputs, outputs) = (widths[0], widths[widths.count - 1])
    let names = inputNames ?? (1...inputs).map { "x\($0)" }
    let targets = outputNames ?? (1...outputs).map { "y\($0)" }
    guard names.count == inputs, targets.count == outputs, points >= 2 else {
      throw .invalidArgument(
        name: "diagram names or points", value: "\(names.count), \(targets.count), \(points)",
        expected: "\(inputs) input names, \(outputs) output names, at least 2 points")
    }
    let attribution = try attribution(on: x)
    let scores = attribution.edgeScores
    var edges: [NetworkDiagramData.Edge] = []
    var activation = x
    for (l, layer) in layers.enumerated() {
      for j in 0..<layer.outFeatures {
        for i in 0..<layer.inFeatures {
          let column = (0..<activation.shape[0]).map {
            activation.scalars[$0 * layer.inFeatures + i]
          }
          let (low, high) = (column.min() ?? 0, column.max() ?? 0)
          let grid = (0..<points).map { low + (high - low) * Scalar($0) / Scalar(points - 1) }
          let values = try layer.edge(from: i, to: j, at: grid).map { Double($0) }
          let finite = values.indices.filter { values[$0].isFinite }
          let state = try layer.state(i: i, j: j)
          var formula: String?
          if case .fixed(let edge) = state {
            formula = edge.expression(of: .variable("x")).canonicalized().description
          }
          let score = scores[l][j, i]
          edges.append(
            NetworkDiagramData.Edge(
              layer: l, i: i, j: j, x: finite.map { Double(grid[$0]) },
              y: finite.map { values[$0] },
              score: score, opacity: tanh(3 * score), formula: formula, pruned: state == .pruned))
        }
      }
      activation = try layer(activation)
    }
    return NetworkDiagramData(
      widths: widths, inputNames: names, outputNames: targets,
      nodeScores: attribution.nodeScores, edges: edges)
  }
}
