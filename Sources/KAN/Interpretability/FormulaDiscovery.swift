import Dispatch
import KANSymbolic

/// pykan's hello-KAN pipeline from data to a formula, on the fast layer.
///
///     1. fit [in, hidden, out] by L-BFGS with the sample-based sparsity penalty, grids updated
///        to the data early on                                  (model.fit(..., lamb=...))
///     2. prune nodes, then edges, by attribution, then nodes left
///        without edges                                         (model.prune())
///     3. refine the grid, refit                                (refine(10), fit)
///     4. fix every edge to its best library formula            (model.auto_symbolic(lib=...))
///     5. fine-tune the formulas' constants a, b, c, d          (fit)
///     6. the network as one simplified formula                 (symbolic_formula())
///
/// Everything runs in Double on one thread: the networks are tiny, and the formula's constants
/// need the precision.
public struct FormulaDiscovery {
  /// The pipeline's settings; the defaults are pykan's hello-KAN notebook's.
  public struct Settings: Sendable {
    /// `[in, hidden..., out]` of the first fit.
    public var widths: [Int]
    /// The grid of the first fits (pykan's notebook: 3).
    public var gridSize = 3
    /// The grid after refining (pykan's notebook: 10).
    public var refinedGridSize = 10
    /// The sparsity penalty's weight in the first fit (pykan's `lamb`).
    public var lambda = 0.01
    /// L-BFGS steps of each fit (pykan's notebook: 50).
    public var steps = 50
    /// Hidden nodes with an attribution score at most this go (pykan: 1e-2).
    public var nodeThreshold = 1e-2
    /// Edges with an attribution score at most this are masked (pykan: 3e-2).
    public var edgeThreshold = 3e-2
    /// The functions `autoSymbolic` tries (pykan's notebook's ten).
    public var library: [SymbolicFunction] = [
      .x, .x2, .x3, .x4, .exp, .log, .sqrt, .tanh, .sin, .abs,
    ]
    /// pykan's `weight_simple`.
    public var weightSimple = 0.8
    /// The seed of the initial weights.
    public var seed: UInt64 = 0
    /// The grid updates' mix of uniform and quantile knots (pykan: 0.02); 1, uniform grids
    /// over the samples' range, evaluates several times faster.
    public var gridEps = 1.0
    /// The L-BFGS settings of every fit: pykan's, but stopping once the loss changes by less
    /// than 1e-14 (pykan's 1e-32 keeps iterating at a loss of 1e-30).
    public var optimizer = LBFGS(toleranceChange: 1e-14)

    /// The default settings for a network of these widths.
    public init(widths: [Int]) {
      self.widths = widths
    }
  }

  /// One stage of the pipeline, as reported.
  public struct Stage: Sendable {
    /// What ran, such as `"fit [2, 5, 1], lambda 0.01"`.
    public var name: String
    /// The training loss after it (mean squared error, without the penalty).
    public var loss: Double
    /// The widths after it.
    public var widths: [Int]
    /// Its wall time in seconds.
    public var seconds: Double
  }

  /// What the pipeline produced.
  public struct Result: Sendable {
    /// The final network: every edge fixed or pruned.
    public var network: KANNetwork<Double>
    /// One simplified formula per output, over the input names.
    public var formulas: [SymbolicExpression]
    /// The choice made for every edge by `autoSymbolic`.
    public var choices: [SymbolicChoice]
    /// The stages, in order.
    public var stages: [Stage]
  }

  /// Runs the pipeline on a training set.
  ///
  /// - Parameters:
  ///   - data: the training set (standardised inputs, regression targets), at least two rows.
  ///   - names: the input names for the formula.
  ///   - scaling: the standardisation of the inputs, folded into the formula.
  ///   - settings: the pipeline's settings.
  ///   - progress: called after each stage.
  /// - Returns: the network, the formulas and the stages.
  /// - Throws: `KANError` for bad data or settings (a threshold that prunes everything), a
  ///   `SymbolicError` from the fits.
  public static func run(
    _ data: Dataset<Double>, names: [String], scaling: InputScaling?, settings: Settings,
    progress: (Stage) -> Void = { _ in }
  ) throws -> Result {
    var stages: [Stage] = []
    var network = try KANNetwork<Double>(
      widths: settings.widths, configuration: KANConfiguration(gridSize: settings.gridSize),
      seed: settings.seed)
    network.threads = 1
    func stage(_ name: String, _ body: () throws -> Void) throws {
      let start = DispatchTime.now().uptimeNanoseconds
      try body()
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      let loss = try data.loss(network(data.inputs)).loss
      stages.append(Stage(name: name, loss: loss, widths: network.widths, seconds: seconds))
      progress(stages[stages.count - 1])
    }
    let penalty = SparsityRegularization(lambda: settings.lambda)
    try stage("fit \(settings.widths), sparsity lambda \(settings.lambda)") {
      _ = try network.fitLBFGS(
        data, steps: settings.steps, optimizer: settings.optimizer, gridEps: settings.gridEps,
        regularization: penalty)
    }
    try stage("prune nodes (score <= \(settings.nodeThreshold)), then edges") {
      do throws(KANError) {
        network = try network.pruneNodes(threshold: settings.nodeThreshold, on: data.inputs).network
      } catch .invalidArgument(_, let value, _) {
        throw KANError.invalidArgument(
          name: "sparse fit", value: "every hidden node of a layer scores below \(value)",
          expected: "a fit that learned the data: lower the sparsity weight (lambda "
            + "\(settings.lambda)) or try another seed")
      }
      network = try network.pruneEdges(threshold: settings.edgeThreshold, on: data.inputs).network
      // A node whose edges were all masked is constant: remove it too (a grid update of the
      // next layer cannot place knots on one value).
      network = try network.pruneNodes(threshold: settings.nodeThreshold, on: data.inputs).network
    }
    try stage("refine the grid to \(settings.refinedGridSize), refit") {
      network = try network.refine(gridSize: settings.refinedGridSize)
      _ = try network.fitLBFGS(
        data, steps: settings.steps, optimizer: settings.optimizer, gridEps: settings.gridEps)
    }
    var choices: [SymbolicChoice] = []
    var options = SymbolicFitOptions()
    options.threads = 1
    try stage("fix every edge to a formula") {
      choices = try network.autoSymbolic(
        on: data.inputs, library: settings.library, weightSimple: settings.weightSimple,
        options: options)
    }
    try stage("fine-tune the constants") {
      let fitted = network
      do {
        _ = try network.fitLBFGS(
          data, steps: settings.steps, optimizer: settings.optimizer, gridUpdateEvery: 0)
      } catch KANError.nonFinite {
        network = fitted  // a step left a formula's domain (log, sqrt): keep the fitted constants
      }
    }
    let formulas = try network.formula(inputNames: names, scaling: scaling)
    return Result(network: network, formulas: formulas, choices: choices, stages: stages)
  }
}
