/// A KAN to draw, as plain data: node counts per layer, the names of the inputs and outputs, and
/// for each edge its function sampled over its input range.
///
///     layer l maps widths[l] nodes to widths[l + 1] nodes
///     edge (l, i, j) carries phi_lji from node i of row l to node j of row l + 1
///     drawn edges: every edge listed and not pruned; a missing edge is not drawn
///
/// Pruned nodes are left out of `widths` (pruning returns a smaller network); pruned edges can be
/// left out of `edges` or kept with `isPruned` set (a masked edge). Nothing about a KAN layer is
/// needed: the caller samples each edge, e.g. `y = phi_lji(x)` at 100 points of its input range.
public struct NetworkDiagram: Sendable {
  /// One edge: where it goes, its function's samples, its score and its formula if fixed.
  public struct Edge: Sendable {
    /// The layer `l`, from 0.
    public var layer: Int
    /// The input node `i` of the layer, from 0.
    public var input: Int
    /// The output node `j` of the layer, from 0.
    public var output: Int
    /// The inputs the function is sampled at; x is (points), any order.
    public var x: [Double]
    /// The function's values; y is (points), `y[p] = phi_lji(x[p])`.
    public var y: [Double]
    /// The opacity the edge is drawn with, in [0, 1] (pykan maps an attribution score `a` to
    /// `tanh(3 a)`).
    public var score: Double
    /// The symbolic formula in `x` when the edge is fixed to one (drawn in red), else `nil`.
    public var formula: String?
    /// Whether the edge was pruned (masked); a pruned edge is not drawn.
    public var isPruned: Bool

    /// Creates an edge.
    ///
    /// - Parameters:
    ///   - layer: The layer `l`.
    ///   - input: The input node `i`.
    ///   - output: The output node `j`.
    ///   - x: The sample inputs.
    ///   - y: The function's value at each sample input.
    ///   - score: The opacity, in [0, 1].
    ///   - formula: The symbolic formula if the edge is fixed, else `nil`.
    ///   - isPruned: Whether the edge was pruned.
    public init(
      layer: Int, input: Int, output: Int, x: [Double], y: [Double], score: Double = 1,
      formula: String? = nil, isPruned: Bool = false
    ) {
      (self.layer, self.input, self.output) = (layer, input, output)
      (self.x, self.y, self.score) = (x, y, score)
      (self.formula, self.isPruned) = (formula, isPruned)
    }

    /// The edge's name in titles, `layer l: x_i -> y_j`, with ` = formula` when fixed.
    public var title: String {
      "layer \(layer): x_\(input) -> y_\(output)" + (formula.map { " = \($0)" } ?? "")
    }

    /// The edge's id in SVG and HTML, `edge-l-i-j`.
    var id: String { "edge-\(layer)-\(input)-\(output)" }

    /// The colour the edge is drawn in: red when fixed to a formula, near-black for a spline.
    var color: String { formula == nil ? "#222222" : "#d62728" }

    /// The samples sorted by x, thinned to at most `count` evenly spaced ones (ends kept).
    func samples(atMost count: Int) -> (x: [Double], y: [Double]) {
      let sorted = zip(x, y).sorted { $0.0 < $1.0 }
      let kept =
        sorted.count <= count
        ? sorted
        : (0..<count).map { sorted[$0 * (sorted.count - 1) / (count - 1)] }
      return (kept.map(\.0), kept.map(\.1))
    }
  }

  /// The number of nodes in each row, inputs first; widths is (layers + 1).
  public var widths: [Int]
  /// The names written under the input nodes; one per input.
  public var inputNames: [String]
  /// The names written above the output nodes; one per output.
  public var outputNames: [String]
  /// The edges, in any order; each `(layer, input, output)` at most once.
  public var edges: [Edge]

  /// Creates a diagram.
  ///
  /// - Parameters:
  ///   - widths: Nodes per row, inputs first, such as `[2, 5, 1]`.
  ///   - inputNames: One name per input; `nil` for `x_0, x_1, ...`.
  ///   - outputNames: One name per output; `nil` for `y_0, y_1, ...`.
  ///   - edges: The edges to draw (and pruned ones, which are skipped).
  public init(
    widths: [Int], inputNames: [String]? = nil, outputNames: [String]? = nil, edges: [Edge]
  ) {
    self.widths = widths
    self.inputNames = inputNames ?? (0..<(widths.first ?? 0)).map { "x_\($0)" }
    self.outputNames = outputNames ?? (0..<(widths.last ?? 0)).map { "y_\($0)" }
    self.edges = edges
  }

  /// The edges that are drawn: not pruned, ordered by layer, input, output.
  public var drawnEdges: [Edge] {
    edges.filter { !$0.isPruned }.sorted {
      ($0.layer, $0.input, $0.output) < ($1.layer, $1.input, $1.output)
    }
  }
}
