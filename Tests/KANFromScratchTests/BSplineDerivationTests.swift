import KANFromScratch
import Testing

@Suite("B-spline basis (tutorial 01): B_{i,0} = 1[t_i <= x < t_{i+1}], Cox-de Boor recursion")
struct BSplineDerivationTests {
  @Test("knots: n + p + 1 evenly spaced on [-1 - p·step, 1 + p·step], step = 2/(n - p)")
  func knotsMatchBlogGrid() throws {
    let spline = try BSpline(p: 3, n: 7)
    #expect(spline.t.count == 11)
    expectEach(Array(spline.t.indices), "t_q = -2.5 + 0.5 q", tolerance: 1e-15) {
      abs(spline.t[$0] - (-2.5 + 0.5 * Double($0)))
    } describe: {
      "t_\($0) = \(spline.t[$0]), expected \(-2.5 + 0.5 * Double($0))"
    }
  }

  @Test(
    "t_p = -1 and t_n = 1: the domain sits between knot p and knot n",
    arguments: [
      (1, 4), (2, 5), (3, 7), (3, 10), (4, 9),
    ])
  func domainEndsAreKnots(p: Int, n: Int) throws {
    let spline = try BSpline(p: p, n: n)
    #expect(abs(spline.t[p] + 1) < 1e-14 && abs(spline.t[n] - 1) < 1e-14, "\(spline.t)")
  }

  @Test("degree 0: B_{i,0}(x) = 1 exactly when t_i <= x < t_{i+1}")
  func degreeZeroIsIndicatorOfKnotSpan() throws {
    let spline = try BSpline(p: 3, n: 7)
    // At the left end and the middle of span i the indicator is 1; at its right end and just
    // left of it, 0.
    let values = { (i: Int) -> [Double] in
      let (left, right) = (spline.t[i], spline.t[i + 1])
      return [left, (left + right) / 2, right, left.nextDown].map {
        spline.basis($0, degree: 0, index: i)
      }
    }
    expectEach(Array(0..<(spline.t.count - 1)), "B_{i,0} = 1 exactly on [t_i, t_{i+1})") {
      zip(values($0), [1.0, 1, 0, 0]).map { abs($0 - $1) }.reduce(0, +)
    } describe: {
      "span \($0) [\(spline.t[$0]), \(spline.t[$0 + 1])): B_{\($0),0} at its left end, middle, "
        + "right end, just left of it = \(values($0)), expected [1, 1, 0, 0]"
    }
  }

  @Test(
    "closed form of the uniform cubic: at a knot 1/6, 4/6, 1/6; mid-span 1/48, 23/48, 23/48, 1/48")
  func matchesUniformCubicClosedForm() throws {
    let spline = try BSpline(p: 3, n: 7)
    let atKnot = try spline([0]).map { $0[0] }
    let expectedAtKnot = [0, 0, 1.0 / 6, 4.0 / 6, 1.0 / 6, 0, 0]
    let midSpan = try spline([0.25]).map { $0[0] }
    let expectedMidSpan = [0, 0, 1.0 / 48, 23.0 / 48, 23.0 / 48, 1.0 / 48, 0]
    expectEach(Array(0..<7), "B_k(0) and B_k(0.25) equal the closed form", tolerance: 1e-15) {
      max(abs(atKnot[$0] - expectedAtKnot[$0]), abs(midSpan[$0] - expectedMidSpan[$0]))
    } describe: {
      "B_\($0)(0) = \(atKnot[$0]), expected \(expectedAtKnot[$0]); "
        + "B_\($0)(0.25) = \(midSpan[$0]), expected \(expectedMidSpan[$0])"
    }
  }

  @Test("partition of unity: sum_k B_k(x) = 1 on [-1, 1], x = 1 included", arguments: [1, 2, 3, 4])
  func partitionOfUnityOnDomain(degree p: Int) throws {
    let spline = try BSpline(p: p, n: p + 5)
    let xs = (0...400).map { -1 + 2 * Double($0) / 400 } + spline.t.filter { abs($0) <= 1 }
    let basis = try spline(xs)  // basis is (n, m)
    let sum = { (m: Int) in (0..<spline.n).reduce(0) { $0 + basis[$1][m] } }
    expectEach(Array(xs.indices), "sum_k B_k(x) = 1 (p = \(p))", tolerance: 1e-14) {
      abs(sum($0) - 1)
    } describe: {
      "x = \(short(xs[$0])): sum_k B_k(x) = \(sum($0))"
    }
  }

  @Test("partition of unity on non-uniform knots, as another module may inject them")
  func partitionOfUnityOnNonUniformKnots() throws {
    let knots = [-2.2, -1.9, -1.3, -1, -0.6, -0.55, 0.1, 0.7, 1, 1.4, 1.5, 2.6]
    let spline = try BSpline(knots: knots, p: 3)
    #expect(spline.n == 8)
    let xs = stride(from: -1.0, through: 1.0, by: 0.01).map { $0 }
    let sum = { (x: Double) in
      (0..<spline.n).reduce(0) { $0 + spline.basis(x, degree: 3, index: $1) }
    }
    expectEach(xs, "sum_k B_k(x) = 1 on non-uniform knots", tolerance: 1e-14) {
      abs(sum($0) - 1)
    } describe: {
      "x = \(short($0)): sum_k B_k(x) = \(sum($0))"
    }
  }

  @Test("non-negativity: B_k(x) >= 0 everywhere, inside and outside [-1, 1]")
  func nonNegative() throws {
    let spline = try BSpline(p: 3, n: 7)
    let xs = stride(from: -3.0, through: 3.0, by: 0.013).map { $0 }
    let basis = try spline(xs)  // basis is (n, m)
    let cases = (0..<spline.n).flatMap { k in xs.indices.map { (k: k, m: $0) } }
    expectEach(cases, "B_k(x) >= 0") {
      max(0, -basis[$0.k][$0.m])
    } describe: {
      "B_\($0.k)(\(short(xs[$0.m]))) = \(basis[$0.k][$0.m])"
    }
  }

  @Test("local support: B_k(x) = 0 outside [t_k, t_{k+p+1}), > 0 inside its open span")
  func localSupport() throws {
    let spline = try BSpline(p: 3, n: 7)
    let xs = stride(from: -3.0, through: 3.0, by: 0.01).map { $0 }
    let cases = (0..<spline.n).flatMap { k in xs.map { (k: k, x: $0) } }
    let support = { (k: Int) in (spline.t[k], spline.t[k + spline.p + 1]) }
    // The error is the value outside [t_k, t_{k+p+1}), and 1 for a zero inside its open span.
    expectEach(cases, "B_k = 0 outside [t_k, t_{k+p+1}), > 0 inside") {
      let (start, end) = support($0.k)
      let value = spline.basis($0.x, degree: 3, index: $0.k)
      if $0.x < start || $0.x >= end { return abs(value) }
      return $0.x > start && value <= 0 ? 1 : 0
    } describe: {
      "B_\($0.k)(\(short($0.x))) = \(spline.basis($0.x, degree: 3, index: $0.k)), support "
        + "[\(support($0.k).0), \(support($0.k).1))"
    }
  }

  @Test("outside [-1, 1]: the bases fade (sum < 1), beyond the outer knots they are all zero")
  func outsideTheDomain() throws {
    let spline = try BSpline(p: 3, n: 7)
    let basis = try spline([1.2, -1.2, 2.5, -2.6, 40])
    let sums = (0..<5).map { m in (0..<7).reduce(0) { $0 + basis[$1][m] } }
    #expect(sums[0] > 0 && sums[0] < 1 && sums[1] > 0 && sums[1] < 1, "\(sums)")
    #expect(sums[2...] == [0, 0, 0], "\(sums)")
  }

  @Test("bad input throws a typed error that says what to do")
  func badInputThrows() throws {
    #expect(throws: FromScratchError.self) { try BSpline(p: 3, n: 3) }
    #expect(throws: FromScratchError.self) { try BSpline(knots: [0, 1, 0.5, 2, 3], p: 1) }
    #expect(throws: FromScratchError.self) { try BSpline(knots: [0, 1], p: 1) }
    let spline = try BSpline()
    do {
      _ = try spline([0.1, .nan])
      Issue.record("a NaN input did not throw")
    } catch {
      guard case .nonFiniteInput(_, let index, _) = error else {
        Issue.record("expected nonFiniteInput, got \(error)")
        return
      }
      #expect(index == 1)
      #expect(error.description.contains("x[1]") && error.description.contains("non-finite"))
    }
  }
}
