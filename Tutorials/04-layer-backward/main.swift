// Tutorial 04: the KAN layer's backward pass (blog §Backward Pass): dE/dW, dE/dX, checked live,
// and why the blog's order (update W, then dE/dX) gives the wrong dE/dX.

import KANFromScratch
import KANPlot
import TutorialSupport

/// The scalar loss of this tutorial: L = sum_j c_j y_j, so dL/dy = c.
func linearLoss(_ layer: Layer, _ x: [Double], _ c: [Double]) throws -> Double {
  var copy = layer
  return zip(try copy.forward(x), c).reduce(0) { $0 + $1.0 * $1.1 }
}

Tutorial.run(
  name: "04-layer-backward", title: "gradients of a KAN layer, and the update-order fix", steps: 4
) { tutorial in
  var generator = SplitMix64(seed: tutorial.seed)
  let start = try Layer(2, 2, generator: &generator)  // w is (2, 2, 7)
  let x = [0.3, -0.45]
  let c = [0.8, -0.6]  // dL/dy
  var layer = start
  _ = try layer.forward(x)
  let dEdX = try layer.backward(c)

  try tutorial.step("dE/dw_ijk = dE/dy_j B_k(x_i)", section: "§Backward Pass") {
    tutorial.say(
      """
      A 2 x 2 layer (seed \(tutorial.seed)) at x = \(x), with the loss L = sum_j c_j y_j and
      c = dL/dy = \(c). Each weight's gradient is the output's gradient times its basis value.
      Some entries, against the central difference of L with w_ijk moved by +-h:
      """)
    for (i, j, k) in [(0, 0, 3), (0, 1, 4), (1, 0, 2), (1, 1, 3)] {
      let numeric = try centralDifference(
        { delta in
          var moved = start
          moved.w[i][j][k] += delta
          return try linearLoss(moved, x, c)
        }, at: 0)
      tutorial.say(
        "w[\(i)][\(j)][\(k)]  analytic \(fixed(layer.dEdW[i][j][k]))   central diff \(fixed(numeric))"
          + "   rel. error \(scientific(relativeError(analytic: layer.dEdW[i][j][k], numeric: numeric)))"
      )
    }
    let report = try gradientCheck(analytic: layer.dEdW.flatMap { $0.flatMap { $0 } }) { q, delta in
      var moved = start
      moved.w[q / 14][(q / 7) % 2][q % 7] += delta
      return try linearLoss(moved, x, c)
    }.naming { "w[\($0 / 14)][\(($0 / 7) % 2)][\($0 % 7)]" }
    tutorial.say("all 28 weights: \(report)")
  }

  try tutorial.step("dE/dx_i = sum_j dE/dy_j sum_k w_ijk B'_k(x_i)", section: "§Backward Pass") {
    tutorial.say(
      "The input's gradient uses B' from tutorial 02 and the weights of the forward pass:")
    let report = try gradientCheck(analytic: dEdX) { i, delta in
      var moved = x
      moved[i] += delta
      return try linearLoss(start, moved, c)
    }.naming { "dE/dx_\($0)" }
    tutorial.say("dE/dx = [\(fixed(dEdX[0])), \(fixed(dEdX[1]))]   \(report)")
  }

  try tutorial.step("the blog's order: update W first, then dE/dx", section: "§Backward Pass") {
    var blog = start
    _ = try blog.forward(x)
    let blogDEdX = try blog.blogOrderBackward(c, learningRate: 0.05)
    tutorial.say(
      """
      The blog's backward runs W -= lr * dE/dW before computing dE/dx, so dE/dx sees weights the
      forward pass never used. With lr = 0.05:
      """)
    for i in 0..<2 {
      let numeric = try centralDifference(
        { delta in
          var moved = x
          moved[i] += delta
          return try linearLoss(start, moved, c)
        }, at: 0)
      tutorial.say(
        "dE/dx_\(i):  ours \(fixed(dEdX[i]))   blog's \(fixed(blogDEdX[i]))   central diff "
          + "\(fixed(numeric))   blog's rel. error \(scientific(relativeError(analytic: blogDEdX[i], numeric: numeric)))"
      )
    }
    tutorial.say(
      """
      ours - blog's = lr * sum_j c_j sum_k dE/dw_ijk B'_k(x_i): small for a small learning rate, but
      not the derivative of anything. Layer.backward stores dE/dW and returns dE/dx from the
      forward's weights; Layer.update(learningRate:) applies dE/dW afterwards.
      """)
  }

  try tutorial.step("figure: dE/dx_0 along x_0, ours vs the blog's", section: "§Backward Pass") {
    let sweep = (0...80).map { -0.95 + 1.9 * Double($0) / 80 }
    var ours: [Double] = []
    var blogs: [Double] = []
    for x0 in sweep {
      var a = start
      _ = try a.forward([x0, x[1]])
      ours.append(try a.backward(c)[0])
      var b = start
      _ = try b.forward([x0, x[1]])
      blogs.append(try b.blogOrderBackward(c, learningRate: 0.05)[0])
    }
    let marks = stride(from: 0, to: sweep.count, by: 8).map { sweep[$0] }
    let numeric = try marks.map { x0 in
      try centralDifference({ try linearLoss(start, [$0, x[1]], c) }, at: x0)
    }
    let chart = Chart(
      title: "dE/dx_0 of a 2 x 2 layer: correct order vs the blog's order (lr 0.05)",
      xLabel: "x_0", yLabel: "dE/dx_0",
      series: [
        Series("ours: dE/dx with the forward's W", x: sweep, y: ours),
        Series("blog's: W updated first", x: sweep, y: blogs),
        Series("central difference", x: marks, y: numeric, style: .scatter, color: "#000000"),
      ])
    try tutorial.write(try chart.svg(), to: "blog-order.svg")
  }
}
