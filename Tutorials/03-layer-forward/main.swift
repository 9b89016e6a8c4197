// Tutorial 03: the KAN layer's forward pass (blog §KAN Layer, §Forward Pass):
// y_j = sum_i phi_ij(x_i) = sum_i sum_k w_ijk B_k(x_i), the einsum 'ijk,ki->j'.

import KANFromScratch
import KANPlot
import TutorialSupport

Tutorial.run(
  name: "03-layer-forward", title: "a KAN layer: a learnable spline on every edge, summed", steps: 3
) { tutorial in
  try tutorial.step("one edge: phi(x) = sum_k w_k B_k(x)", section: "§Forward Pass") {
    tutorial.say(
      """
      A 1 x 1 layer has one edge, and its function is a spline: the weights mix the 7 basis
      values. With hand-picked weights at x = 0.3:
      """)
    let w = [0.0, 0.1, -0.2, 0.3, 0.5, -0.1, 0.0]
    var layer = try Layer(w: [[w]], spline: try BSpline(p: 3, n: 7))  // w is (1, 1, 7)
    let basis = try layer.spline([0.3])  // basis is (7, 1)
    var sum = 0.0
    for k in 0..<7 {
      sum += w[k] * basis[k][0]
      tutorial.say(
        "k = \(k):  w_k \(fixed(w[k], 2))  x  B_k(0.3) \(fixed(basis[k][0], 5))  = "
          + "\(fixed(w[k] * basis[k][0], 5))   running sum \(fixed(sum, 5))")
    }
    tutorial.say("layer.forward([0.3]) = \(fixed(try layer.forward([0.3])[0], 5)), the same sum.")
  }

  try tutorial.step("a 2 x 3 layer: y_j = sum_i sum_k w_ijk B_k(x_i)", section: "§Forward Pass") {
    var generator = SplitMix64(seed: tutorial.seed)
    var layer = try Layer(2, 3, generator: &generator)  // w is (2, 3, 7), drawn from N(0, 0.1)
    let x = [-0.4, 0.55]
    let y = try layer.forward(x)
    tutorial.say(
      """
      Layer(2, 3) draws w (2 x 3 x 7) from N(0, 0.1) with seed \(tutorial.seed). Each output
      adds one edge function per input; the table shows every phi_ij(x_i) at x = \(x):
      """)
    for j in 0..<3 {
      let terms = try (0..<2).map { try layer.edge(x[$0], from: $0, to: j) }
      tutorial.say(
        "y_\(j) = phi_0\(j)(x_0) + phi_1\(j)(x_1) = \(fixed(terms[0])) + \(fixed(terms[1])) = "
          + "\(fixed(terms[0] + terms[1]))   forward: \(fixed(y[j]))")
    }
    tutorial.say(
      """
      The loops in Layer.forward run over i (input), j (output) and k (basis), the three letters
      of the blog's np.einsum('ijk,ki->j', W, B).
      """)
  }

  try tutorial.step("figure: the six edge functions of that layer", section: "§KAN Layer") {
    var generator = SplitMix64(seed: tutorial.seed)
    let layer = try Layer(2, 3, generator: &generator)
    let xs = (0...100).map { -1 + Double($0) / 50 }
    var panels: [Chart] = []
    for i in 0..<2 {
      for j in 0..<3 {
        panels.append(
          Chart(
            title: "layer 0, edge \(i)->\(j)", xLabel: "x_\(i)", yLabel: "phi(x)",
            series: [Series("phi", x: xs, y: try xs.map { try layer.edge($0, from: i, to: j) })],
            showsLegend: false))
      }
    }
    tutorial.say("Before training the edges are small random wiggles: the weights are N(0, 0.1).")
    let grid = PanelGrid(
      title: "edge functions of Layer(2, 3) at initialisation", panels: panels, columns: 3)
    try tutorial.write(try grid.svg(), to: "edges.svg")
  }
}
