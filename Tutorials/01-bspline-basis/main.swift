// Tutorial 01: the B-spline basis (blog §B-Splines): knots, B_{i,0}, the Cox-de Boor recursion,
// partition of unity and local support.

import KANFromScratch
import KANPlot
import TutorialSupport

Tutorial.run(
  name: "01-bspline-basis", title: "the cubic B-spline basis a KAN edge is built from", steps: 4
) { tutorial in
  let spline = try BSpline(p: 3, n: 7)

  tutorial.step("knots: n + p + 1 points, step = 2 / (n - p)", section: "§B-Splines") {
    tutorial.say(
      """
      BSpline(p: 3, n: 7) spreads n + p + 1 = 11 knots evenly over [-1 - p*step, 1 + p*step]
      with step = 2 / (n - p) = 0.5: n - p = 4 intervals on [-1, 1] (5 knots), and p = 3 more
      knots beyond each end. Knot t_p is -1 and knot t_n is 1: the p extra knots on each side
      let every basis element that touches [-1, 1] be complete there.
      This is the blog's code. Its text counts differently, "n knots, one for each element, and
      additional floor((p+1)/2) on each side": n + 4 = 11 for a cubic, the same total only
      because p is odd (for p = 2 the text gives n + 2, the code n + 3), and the knots beyond
      [-1, 1] are p = 3 per side. We follow the code, as pykan and efficient-kan do.
      """)
    tutorial.say("t = " + spline.t.map { fixed($0, 2) }.joined(separator: " "))
  }

  tutorial.step("degree 0: B_{i,0}(x) = 1 if t_i <= x < t_{i+1}", section: "§B-Splines") {
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
    let wide = (0...260).map { -2.6 + Double($0) / 50 }
    let bases = Chart(
      title: "cubic B-spline basis, p = 3, n = 7 (domain [-1, 1])", xLabel: "x", yLabel: "B_k(x)",
      series: (0..<7).map { k in
        Series("B_\(k)", x: wide, y: wide.map { spline.basis($0, degree: 3, index: k) })
      })
    try tutorial.write(try bases.svg(), to: "bases.svg")
    // The blog's n = 7 has only n - p = 4 intervals on [-1, 1], and B_3 spans all four of them:
    // moving w_3 would change the whole domain. 16 intervals show what "local" means.
    let fine = try BSpline(p: 3, n: 19)
    let k = 9
    let support = fine.t[k]...fine.t[k + fine.p + 1]
    var generator = SplitMix64(seed: tutorial.seed)
    let w = (0..<fine.n).map { _ in generator.normal(mean: 0, std: 0.3) }
    var moved = w
    moved[k] += 0.8
    let xs = (0...400).map { -1 + Double($0) / 200 }
    let curve = { (weights: [Double]) in  // Spline(x) = sum_k weights_k B_k(x) at every x
      xs.map { x in
        (0..<fine.n).reduce(0) { $0 + weights[$1] * fine.basis(x, degree: 3, index: $1) }
      }
    }
    let (before, after) = (curve(w), curve(moved))
    let change = zip(after, before).map { $0 - $1 }
    let changed = xs.indices.filter { change[$0] != 0 }.map { xs[$0] }
    let span =
      "[t_\(k), t_\(k + 4)) = [\(plain(support.lowerBound)), \(plain(support.upperBound)))"
    tutorial.say(
      """
      B_k is non-zero only on [t_k, t_{k+p+1}), p + 1 = 4 knot intervals. The blog's n = 7 has
      only n - p = 4 intervals on [-1, 1], so B_3 covers all of [-1, 1) (see bases.svg): moving
      w_3 changes the spline over the whole domain, and the blog's claim that one weight acts
      "only around the center of that element" is hard to see. On a finer grid it is plain.
      BSpline(p: 3, n: 19) has 16 intervals of 0.125; Spline(x) = sum_k w_k B_k(x) with seeded
      weights (seed \(tutorial.seed)). Adding 0.8 to w_\(k) adds exactly 0.8 B_\(k)(x), which is
      non-zero only on \(span), 4 of the 16 intervals.
      Measured on 401 points of [-1, 1]: the spline changed from x = \(plain(changed.first ?? .nan))
      to x = \(plain(changed.last ?? .nan)) and nowhere else.
      """)
    let local = Chart(
      title: "w_\(k) + 0.8 changes Spline(x) only on the support of B_\(k) (n = 19)",
      xLabel: "x", yLabel: "Spline(x)",
      series: [  // "after" first, so that "before" is drawn over it where the two agree
        Series("after: w_\(k) + 0.8", x: xs, y: after, color: "#d62728"),
        Series("before: seeded weights w", x: xs, y: before, color: "#1f77b4"),
        Series("change = 0.8 B_\(k)(x)", x: xs, y: change, color: "#000000"),
      ],
      shadings: [Shading("support of B_\(k): \(span)", range: support)])
    try tutorial.write(try local.svg(), to: "local-support.svg")
  }
}
