// Tutorial 01: the B-spline basis (blog §B-Splines): knots, B_{i,0}, the Cox-de Boor recursion,
// partition of unity and local support.

import KANFromScratch
import KANPlot
import TutorialSupport

Tutorial.run(
  name: "01-bspline-basis", title: "the cubic B-spline basis a KAN edge is built from", steps: 4
) { tutorial in
  let spline = try BSpline(p: 3, n: 7)

  try tutorial.step("knots: n + p + 1 points, step = 2 / (n - p)", section: "§B-Splines") {
    tutorial.say(
      """
      BSpline(p: 3, n: 7) spreads n + p + 1 = 11 knots evenly over [-1 - p*step, 1 + p*step]
      with step = 2 / (n - p) = 0.5. Knot t_p is -1 and knot t_n is 1: the p extra knots on each
      side let every basis element that touches [-1, 1] be complete there.
      """)
    tutorial.say("t = " + spline.t.map { fixed($0, 2) }.joined(separator: " "))
  }

  try tutorial.step("degree 0: B_{i,0}(x) = 1 if t_i <= x < t_{i+1}", section: "§B-Splines") {
    tutorial.say("At x = 0.3 exactly one degree-0 element is 1: the one whose span holds 0.3.")
    for i in 0..<(spline.t.count - 1) {
      let value = spline.basis(0.3, degree: 0, index: i)
      tutorial.say(
        "B_{\(i),0}(0.3) = \(Int(value))   span [\(fixed(spline.t[i], 1)), "
          + "\(fixed(spline.t[i + 1], 1)))" + (value == 1 ? "   <- 0.3 is here" : ""))
    }
  }

  try tutorial.step(
    "Cox-de Boor: degree p from two elements of degree p - 1", section: "§B-Splines"
  ) {
    tutorial.say("B_{i,p}(x) = (x - t_i) / (t_{i+p} - t_i) B_{i,p-1}(x)")
    tutorial.say("           + (t_{i+p+1} - x) / (t_{i+p+1} - t_{i+1}) B_{i+1,p-1}(x)\n")
    tutorial.say(
      """
      The recursion blends two elements of degree p - 1 into one of degree p. spline(x) returns
      the n x m matrix B[k][m] = B_k(x_m). Each row below is one x; the last column is the sum,
      which is 1 everywhere on [-1, 1] (partition of unity), x = 1 included.
      """)
    let xs = [-1, -0.6, 0, 0.25, 0.7, 1]
    let basis = try spline(xs)  // basis is (n, m)
    tutorial.say("     x   " + (0..<7).map { "    B_\($0)  " }.joined() + "    sum")
    for m in xs.indices {
      let row = (0..<7).map { basis[$0][m] }
      tutorial.say(
        fixed(xs[m], 2) + "  " + row.map { fixed($0, 5) + " " }.joined()
          + fixed(row.reduce(0, +), 5))
    }
    tutorial.say(
      "At the knot x = 0 the cubic's values are 1/6, 4/6, 1/6; mid-span, 1/48, 23/48, 23/48, 1/48.")
  }

  try tutorial.step(
    "local support: one weight moves the spline only near its element", section: "§B-Splines"
  ) {
    var generator = SplitMix64(seed: tutorial.seed)
    let w = (0..<7).map { _ in generator.normal(mean: 0, std: 0.5) }
    var moved = w
    moved[3] += 0.8
    let xs = (0...260).map { -2.6 + Double($0) / 50 }
    let spline0 = xs.map { x in
      (0..<7).reduce(0) { $0 + w[$1] * spline.basis(x, degree: 3, index: $1) }
    }
    let spline1 = xs.map { x in
      (0..<7).reduce(0) { $0 + moved[$1] * spline.basis(x, degree: 3, index: $1) }
    }
    let changed = xs.indices.filter { abs(spline0[$0] - spline1[$0]) > 0 }.map { xs[$0] }
    tutorial.say(
      """
      Spline(x) = sum_k w_k B_k(x) with seeded weights (seed \(tutorial.seed)). Adding 0.8 to w_3
      changes the spline only where B_3 is non-zero: on [t_3, t_7) = [-1, 1), here from
      x = \(fixed(changed.first ?? .nan, 2)) to \(fixed(changed.last ?? .nan, 2)).
      """)
    let bases = Chart(
      title: "cubic B-spline basis, p = 3, n = 7 (domain [-1, 1])", xLabel: "x", yLabel: "B_k(x)",
      series: (0..<7).map { k in
        Series("B_\(k)", x: xs, y: xs.map { spline.basis($0, degree: 3, index: k) })
      })
    try tutorial.write(try bases.svg(), to: "bases.svg")
    let local = Chart(
      title: "Spline(x) = sum_k w_k B_k(x): moving w_3 changes it only on [-1, 1)", xLabel: "x",
      yLabel: "Spline(x)",
      series: [Series("weights w", x: xs, y: spline0), Series("w_3 + 0.8", x: xs, y: spline1)])
    try tutorial.write(try local.svg(), to: "local-support.svg")
  }
}
