// Tutorial 02: the derivative of a B-spline basis element (blog §B-Splines), checked live against
// central differences, with the checker's negative controls.

import KANFromScratch
import KANPlot
import TutorialSupport

Tutorial.run(
  name: "02-bspline-derivative",
  title: "B'_k(x), the derivative backward needs, and how to trust it",
  steps: 4
) { tutorial in
  let spline = try BSpline(p: 3, n: 7)
  let xs = (0..<40).map { -0.987 + 0.05 * Double($0) }  // 40 points in [-1, 1], none on a knot

  tutorial.step(
    "B'_{i,p} = p (B_{i,p-1}/(t_{i+p}-t_i) - B_{i+1,p-1}/(t_{i+p+1}-t_{i+1}))",
    section: "§B-Splines"
  ) {
    tutorial.say(
      """
      The derivative of a degree-p element is a difference of two degree-(p-1) elements. Here it
      is at x = 0.3 for every k, next to the central difference (B_k(x+h) - B_k(x-h)) / 2h with
      h = \(gradientCheckStep):
      """)
    tutorial.say("  k    analytic B'_k(0.3)   central difference   rel. error")
    for k in 0..<spline.n {
      let analytic = spline.derivative(0.3, index: k)
      let numeric = centralDifference({ spline.basis($0, degree: 3, index: k) }, at: 0.3)
      tutorial.say(
        "  \(k)    \(fixed(analytic))            \(fixed(numeric))            "
          + scientific(relativeError(analytic: analytic, numeric: numeric)))
    }
  }

  tutorial.step("the gradient checker over 40 points x 7 elements", section: "§B-Splines") {
    tutorial.say(
      """
      gradientCheck compares every entry and reports the worst by name (naming(_:) gives the
      names; a failure lists the three worst and how many failed). Its relative error is
      |a - c| / max(|a|, |c|, floor): h = 1e-5 balances truncation (~h^2) against rounding
      (~eps/h), leaving ~1e-10; the tolerance 1e-6 is far above that and far below any real bug.
      """)
    let report = gradientCheck(
      analytic: (0..<7).flatMap { k in xs.map { spline.derivative($0, index: k) } }
    ) {
      entry, delta in spline.basis(xs[entry % xs.count] + delta, degree: 3, index: entry / xs.count)
    }.naming { "B'_\($0 / xs.count) at x = \(plain(xs[$0 % xs.count]))" }
    tutorial.say("\(report)")
  }

  tutorial.step("negative controls: the checker must say FAILED", section: "§B-Splines") {
    tutorial.say("A checker that never fails proves nothing. Three deliberate mistakes:")
    let wrong: [(String, (Double, Int) -> Double, Double)] = [
      ("sign flipped:   -B'", { -spline.derivative($0, index: $1) }, gradientCheckStep),
      ("factor k lost:  B' / p", { spline.derivative($0, index: $1) / 3 }, gradientCheckStep),
      ("coarse step:    h = 0.2", { spline.derivative($0, index: $1) }, 0.2),
    ]
    for (label, derivative, h) in wrong {
      let report = gradientCheck(
        analytic: (0..<7).flatMap { k in xs.map { derivative($0, k) } }, step: h
      ) { entry, delta in
        spline.basis(xs[entry % xs.count] + delta, degree: 3, index: entry / xs.count)
      }
      tutorial.say(
        "\(label)  ->  \(report.passed ? "passed (bad!)" : "FAILED, as it should"): "
          + "max rel error \(scientific(report.maxRelativeError))")
    }
  }

  try tutorial.step("figure: every B'_k, and B_3 with its slope", section: "§B-Splines") {
    let grid = (0...200).map { -1 + Double($0) / 100 }
    let derivatives = Chart(
      title: "B'_k(x) for p = 3, n = 7 (they sum to 0 on [-1, 1])", xLabel: "x", yLabel: "B'_k(x)",
      series: (0..<7).map { k in
        Series("B'_\(k)", x: grid, y: grid.map { spline.derivative($0, index: k) })
      })
    try tutorial.write(try derivatives.svg(), to: "derivatives.svg")
    let marks = stride(from: -0.95, through: 0.95, by: 0.1).map { $0 }
    let check = Chart(
      title: "B'_3: analytic (line) vs central difference (dots)", xLabel: "x", yLabel: "slope",
      series: [
        Series(
          "B_3(x)", x: grid, y: grid.map { spline.basis($0, degree: 3, index: 3) }, color: "#999999"
        ),
        Series("B'_3(x) analytic", x: grid, y: grid.map { spline.derivative($0, index: 3) }),
        Series(
          "central difference", x: marks,
          y: marks.map { x in centralDifference({ spline.basis($0, degree: 3, index: 3) }, at: x) },
          style: .scatter),
      ])
    try tutorial.write(try check.svg(), to: "derivative-check.svg")
  }
}
