// Tutorial 08: what a KAN lets you see. A sparse fit of exp(sin(pi x1) + x2^2), attribution
// scores, pruning [2, 5, 1] down to [2, 1, 1], each edge read as a formula, the whole network
// as one; then five inputs of which two matter, ranked and pruned.

import Foundation
import KAN
import KANPlot
import KANSymbolic
import TutorialSupport

#if DEBUG
/// Rows and L-BFGS steps: a debug build is ~90x slower in the feature code, so it uses fewer.
let sizes = (rows: 300, steps: 20)
let buildNote = "a debug build: 300 rows, 20 L-BFGS steps per fit"
#else
let sizes = (rows: 1000, steps: 50)
let buildNote = "a release build: 1000 rows, 50 L-BFGS steps per fit, as pykan's notebook"
#endif

/// `rows` samples of `f` at `inputs` uniform inputs in [-1, 1], from `seed`.
func samples(
  _ rows: Int, inputs: Int, seed: UInt64, _ f: ([Double]) -> Double
) throws -> (x: Tensor<Double>, y: Tensor<Double>) {
  var generator = SeededGenerator(seed: seed)
  let x = (0..<rows).map { _ in (0..<inputs).map { _ in generator.uniform(-1, 1) } }
  return (
    try Tensor(shape: [rows, inputs], scalars: x.flatMap { $0 }),
    try Tensor(shape: [rows, 1], scalars: x.map(f))
  )
}

/// The regression targets of a dataset, `(rows, 1)`.
func targets(_ data: Dataset<Double>) -> Tensor<Double> {
  guard case .values(let y) = data.targets else { return data.inputs }
  return y
}

/// A score as a bar of up to 40 characters, for the attribution printouts.
func bar(_ score: Double) -> String {
  String(repeating: "#", count: max(0, min(40, Int((40 * score).rounded()))))
}

Tutorial.run(
  name: "08-interpretability",
  title: "sparsity, attribution, pruning and formulas on exp(sin(pi x1) + x2^2)", steps: 5
) { tutorial in
  let section = "after §Interaction"  // the blog stops at sin-exp; this is pykan's hellokan
  var settings = FormulaDiscovery.Settings(widths: [2, 5, 1])
  settings.steps = sizes.steps
  settings.seed = tutorial.seed
  let hello = try samples(sizes.rows + 200, inputs: 2, seed: tutorial.seed) {
    exp(sin(.pi * $0[0]) + $0[1] * $0[1])
  }
  let all = try Dataset(inputs: hello.x, targets: .values(hello.y))
  let train = all.batch(Array(0..<sizes.rows)[...])
  let test = all.batch(Array(sizes.rows..<(sizes.rows + 200))[...])
  var network = try KANNetwork<Double>(
    widths: settings.widths, configuration: KANConfiguration(gridSize: settings.gridSize),
    seed: settings.seed)
  network.threads = 1

  try tutorial.step("the data, and a sparse fit: loss + lambda sum_l R_l", section: section) {
    tutorial.say(
      """
      f(x1, x2) = exp(sin(pi x1) + x2^2) at \(sizes.rows) training and 200 held-out points,
      uniform in [-1, 1]^2; this is \(buildNote).
      KAN [2, 5, 1], grid 3: ten edges into five hidden nodes, five into the output.
      L-BFGS minimises the loss plus pykan's sparsity penalty, the
      L1 norm and the row and column entropies of every edge's score
          v_ji = std_b(phi_ji(x_bi)) / (std_b(x_bi) + 0.1),
      computed from each input's feature covariance (never the batch x out x in activations),
      so that few edges stay alive. The grids follow the data every 5 steps.
      """)
    let penalty = SparsityRegularization(lambda: settings.lambda)
    _ = try network.fitLBFGS(
      train, steps: settings.steps, optimizer: settings.optimizer, gridEps: settings.gridEps,
      regularization: penalty
    ) { step, loss, _ in
      if step % 10 == 0 { tutorial.say("step \(step)  MSE \(String(format: "%.3e", loss))") }
    }
  }

  try tutorial.step(
    "attribution: S_l[i] = sum_j S_{l+1}[j] std(phi_ji) / std(x_j)", section: section
  ) {
    let scores = try network.attribution(on: train.inputs)
    tutorial.say(
      """
      pykan's attribute(): the output node scores 1; an edge gets its node's score times its
      share of the node's spread, std(phi_ji) / (std(x_{l+1,j}) + 1e-4); a node sums its
      outgoing edges. Hidden nodes of the sparse fit:
      """)
    for (i, score) in scores.nodeScores[1].enumerated() {
      tutorial.say("  node \(i)  \(String(format: "%.4f", score))  \(bar(score))")
    }
  }

  var splines = network
  try tutorial.step("prune to [2, 1, 1], refine the grid, refit", section: section) {
    let nodes = try network.pruneNodes(threshold: settings.nodeThreshold, on: train.inputs)
    let edges = try nodes.network.pruneEdges(threshold: settings.edgeThreshold, on: train.inputs)
    let change =
      zip(try network(test.inputs).scalars, try edges.network(test.inputs).scalars)
      .map { abs($0 - $1) }.max() ?? 0
    network = try edges.network.refine(gridSize: settings.refinedGridSize)
    network.threads = 1
    let losses = try network.fitLBFGS(
      train, steps: settings.steps, optimizer: settings.optimizer, gridEps: settings.gridEps)
    splines = network
    tutorial.say(
      """
      Nodes scoring at most \(settings.nodeThreshold) go (pykan's prune_node), then edges at
      most \(settings.edgeThreshold) (prune_edge): \(nodes.report).
      Each removed edge's mean is folded into a kept edge, so on held-out points the outputs
      moved by at most \(String(format: "%.2e", change)) (the removed edges' spread).
      Then the grid goes from 3 to 10 intervals, fitted to the old edges (pykan's refine), and
      L-BFGS refits: training MSE \(String(format: "%.3e", losses.last ?? .nan)).
      """)
  }

  try tutorial.step("each edge as a formula c f(a x + b) + d, then the network", section: section) {
    tutorial.say(
      """
      For every edge, each library function is fitted to the edge's samples (a grid over a, b,
      then Levenberg-Marquardt; c, d in closed form) and ranked by pykan's
          loss = 0.8 complexity + 0.2 log2(1 + 1e-5 - R^2).
      """)
    var panels: [Chart] = []
    for l in network.layers.indices {
      for j in 0..<network.layers[l].outFeatures {
        for i in 0..<network.layers[l].inFeatures
        where try network.layers[l].state(i: i, j: j) == .spline {
          let ranked = try network.suggestSymbolic(
            layer: l, i: i, j: j, on: train.inputs, library: settings.library)
          let top = ranked.prefix(3).map {
            "\($0.name) (R^2 \(String(format: "%.6f", $0.rSquared)))"
          }
          tutorial.say("  edge (\(l),\(i),\(j)): " + top.joined(separator: ", "))
          let samples = try network.edgeSamples(layer: l, i: i, j: j, on: train.inputs)
          let order = samples.x.indices.sorted { samples.x[$0] < samples.x[$1] }
          let xs = order.map { samples.x[$0] }
          panels.append(
            Chart(
              title: "edge (\(l),\(i),\(j)): \(ranked[0].name)", xLabel: "x", yLabel: "phi",
              series: [
                Series("spline", x: xs, y: order.map { samples.y[$0] }, color: "#999999"),
                Series("formula", x: xs, y: xs.map { ranked[0].edge($0) }, color: "#d62728"),
              ]))
        }
      }
    }
    try network.autoSymbolic(
      on: train.inputs, library: settings.library, weightSimple: settings.weightSimple)
    let losses = try network.fitLBFGS(
      train, steps: settings.steps, optimizer: settings.optimizer, gridUpdateEvery: 0)
    let formula = try network.formula(inputNames: ["x1", "x2"])[0]
    tutorial.say(
      """
      autoSymbolic fixes each edge to its best formula; L-BFGS then tunes every a, b, c, d
      (training MSE \(String(format: "%.3e", losses.last ?? .nan))). The network, composed
      and simplified (affine maps folded, sin(-u + 3 pi) written sin(u), constants out of exp):
        formula: \(formula)
      held-out R^2: \(String(format: "%.8f", rSquared(try network(test.inputs).scalars, targets(test).scalars)))
      (the spline network before fixing: \(String(format: "%.8f", rSquared(try splines(test.inputs).scalars, targets(test).scalars))))
      """)
    try tutorial.write(
      PanelGrid(title: "edges of the pruned network: spline vs formula", panels: panels, columns: 3)
        .svg(), to: "edges.svg")
  }

  try tutorial.step("five inputs, two that matter: f = sin(x1) + x2^2", section: section) {
    let five = try samples(sizes.rows, inputs: 5, seed: tutorial.seed + 1) {
      sin($0[0]) + $0[1] * $0[1]
    }
    let data = try Dataset(inputs: five.x, targets: .values(five.y))
    var wide = try KANNetwork<Double>(
      widths: [5, 3, 1], configuration: KANConfiguration(gridSize: settings.gridSize),
      seed: tutorial.seed)
    wide.threads = 1
    _ = try wide.fitLBFGS(
      data, steps: settings.steps, optimizer: settings.optimizer, gridEps: settings.gridEps,
      regularization: SparsityRegularization(lambda: settings.lambda))
    let names = ["x1", "x2", "x3", "x4", "x5"]
    let ranked = try wide.attribution(on: data.inputs).rankedFeatures(names: names)
    let pruned = try wide.pruneInputs(threshold: 1e-2, on: data.inputs)
    tutorial.say(
      """
      KAN [5, 3, 1] fitted with the same sparsity penalty on \(sizes.rows) samples; x3, x4, x5
      are noise the target ignores. The inputs by attribution score (pykan's feature_score):
      """)
    for (rank, feature) in ranked.enumerated() {
      tutorial.say(
        "  \(rank + 1). \(feature.name)  \(String(format: "%.4f", feature.score))  \(bar(feature.score))"
      )
    }
    tutorial.say(
      """
      pruneInputs(threshold: 0.01) keeps \(pruned.report.keptNodes[0].map { names[$0] }): \
      \(pruned.report).
      """)
  }
}
