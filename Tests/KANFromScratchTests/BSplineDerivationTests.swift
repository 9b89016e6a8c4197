import KANFromScratch
import Testing

@Suite("B-spline basis (blog §B-Splines): B_{i,0} = 1[t_i <= x < t_{i+1}], Cox-de Boor recursion")
struct BSplineDerivationTests {
  @Test("knots: n + p + 1 evenly spaced on [-1 - p·step, 1 + p·step], step = 2/(n - p)")
  func knotsMatchBlogGrid() throws {
    let spline = try BSpline(p: 3, n: 7)
    let expected = (0...10).map { -2.5 + 0.5 * Double($0) }
    #expect(spline.t.count == 11)
    for (t, e) in zip(spline.t, expected) {
      #expect(abs(t - e) < 1e-15, "knot \(t), expected \(e)")
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
    for i in 0..<(spline.t.count - 1) {
      let (left, right) = (spline.t[i], spline.t[i + 1])
      #expect(spline.basis(left, degree: 0, index: i) == 1, "left end of span \(i) is inside")
      #expect(spline.basis((left + right) / 2, degree: 0, index: i) == 1)
      #expect(spline.basis(right, degree: 0, index: i) == 0, "right end of span \(i) is outside")
      #expect(spline.basis(left.nextDown, degree: 0, index: i) == 0)
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
    for k in 0..<7 {
      #expect(abs(atKnot[k] - expectedAtKnot[k]) < 1e-15, "B_\(k)(0) = \(atKnot[k])")
      #expect(abs(midSpan[k] - expectedMidSpan[k]) < 1e-15, "B_\(k)(0.25) = \(midSpan[k])")
    }
  }

  @Test("partition of unity: sum_k B_k(x) = 1 on [-1, 1], x = 1 included", arguments: [1, 2, 3, 4])
  func partitionOfUnityOnDomain(degree p: Int) throws {
    let spline = try BSpline(p: p, n: p + 5)
    let xs = (0...400).map { -1 + 2 * Double($0) / 400 } + spline.t.filter { abs($0) <= 1 }
    let basis = try spline(xs)  // basis is (n, m)
    for m in xs.indices {
      let sum = (0..<spline.n).reduce(0) { $0 + basis[$1][m] }
      #expect(abs(sum - 1) < 1e-14, "sum_k B_k(\(xs[m])) = \(sum), expected 1")
    }
  }

  @Test("partition of unity on non-uniform knots, as another module may inject them")
  func partitionOfUnityOnNonUniformKnots() throws {
    let knots = [-2.2, -1.9, -1.3, -1, -0.6, -0.55, 0.1, 0.7, 1, 1.4, 1.5, 2.6]
    let spline = try BSpline(knots: knots, p: 3)
    #expect(spline.n == 8)
    for x in stride(from: -1.0, through: 1.0, by: 0.01) {
      let sum = (0..<spline.n).reduce(0) { $0 + spline.basis(x, degree: 3, index: $1) }
      #expect(abs(sum - 1) < 1e-14, "sum at \(x) = \(sum)")
    }
  }

  @Test("non-negativity: B_k(x) >= 0 everywhere, inside and outside [-1, 1]")
  func nonNegative() throws {
    let spline = try BSpline(p: 3, n: 7)
    let xs = stride(from: -3.0, through: 3.0, by: 0.013).map { $0 }
    for row in try spline(xs) {
      #expect(row.allSatisfy { $0 >= 0 }, "a negative basis value: \(row.min() ?? 0)")
    }
  }

  @Test("local support: B_k(x) = 0 outside [t_k, t_{k+p+1}), > 0 inside its open span")
  func localSupport() throws {
    let spline = try BSpline(p: 3, n: 7)
    for k in 0..<spline.n {
      let (start, end) = (spline.t[k], spline.t[k + spline.p + 1])
      for x in stride(from: -3.0, through: 3.0, by: 0.01) {
        let value = spline.basis(x, degree: 3, index: k)
        if x < start || x >= end {
          #expect(value == 0, "B_\(k)(\(x)) = \(value) outside [\(start), \(end))")
        } else if x > start {
          #expect(value > 0, "B_\(k)(\(x)) = \(value) inside (\(start), \(end))")
        }
      }
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
