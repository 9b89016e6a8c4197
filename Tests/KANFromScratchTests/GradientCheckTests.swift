import KANFromScratch
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite(
  "Gradient checker (GradientCheck.swift, tutorial 02): (f(x+h) - f(x-h)) / 2h, relative error with an absolute floor"
)
struct GradientCheckTests {
  @Test("accepts a correct derivative: d/dx sin(x) = cos(x)")
  func acceptsCorrectDerivative() {
    let xs = stride(from: -3.0, through: 3.0, by: 0.1).map { $0 }
    let report = gradientCheck(analytic: xs.map { cos($0) }) { q, delta in sin(xs[q] + delta) }
    expectPasses(report)
    #expect(report.maxRelativeError < 1e-8, "\(report)")
  }

  @Test("negative control: rejects B' with the wrong sign")
  func rejectsWrongSign() throws {
    let spline = try BSpline(p: 3, n: 7)
    let report = checkBasisDerivative(spline, at: pointsAwayFromKnots(spline)) { s, x, k in
      -s.derivative(x, index: k)
    }
    #expect(!report.passed, "a sign error passed: \(report)")
    #expect(report.maxRelativeError > 1, "\(report)")
    #expect(report.description.contains(": analytic "), "\(report)")
    #expect(report.worstEntries.allSatisfy { $0.name.hasPrefix("B'_") }, "\(report)")
  }

  @Test("a failure counts the failing entries and names the three worst, largest error first")
  func failureNamesWorstEntries() {
    // f(q, delta) = slope_q delta, so the central difference is slope_q; entries 1, 3, 4 and 5
    // are wrong, with relative errors 1, 0.875, 0.5 and 1/60.
    let slopes = [1, 0, 3, 0.5, 2.5, 5.9]
    let report = gradientCheck(analytic: [1, 2, 3, 4, 5, 6]) { q, delta in
      slopes[q] * delta
    }.naming { "e\($0)" }
    let text = report.description
    #expect(report.failedCount == 4 && text.hasPrefix("FAILED: 4 of 6 entries"), "\(text)")
    #expect(report.worstEntries.map(\.name) == ["e1", "e3", "e4"], "\(text)")
    #expect(text.split(separator: "\n").count == 4, "a header and three entries: \(text)")
    #expect(text.contains("e1: analytic 2.0, central difference 0.0"), "\(text)")
    #expect(!text.contains("e5"), "\(text)")
  }

  @Test("a pass names its worst entry")
  func passNamesWorstEntry() {
    let report = gradientCheck(analytic: [2, 3]) { q, delta in
      Double(q + 2) * delta
    }.naming { "x[\($0)]" }
    #expect(report.passed && report.description.hasPrefix("OK: 2 entries"), "\(report)")
    #expect(report.description.contains(", worst x["), "\(report)")
    #expect(gradientCheck(analytic: [1]) { _, delta in delta }.description.contains("entry 0"))
  }

  @Test("negative control: rejects B' without the factor k (here k = p = 3)")
  func rejectsMissingFactorK() throws {
    let spline = try BSpline(p: 3, n: 7)
    let report = checkBasisDerivative(spline, at: pointsAwayFromKnots(spline)) { s, x, k in
      s.derivative(x, index: k) / Double(s.p)
    }
    #expect(!report.passed, "a missing factor k passed: \(report)")
    #expect(report.maxRelativeError > 0.5, "\(report)")
  }

  @Test("negative control: rejects a correct B' when h = 0.2 is too coarse for 0.5-wide spans")
  func rejectsCoarseStep() throws {
    let spline = try BSpline(p: 3, n: 7)
    let report = checkBasisDerivative(spline, at: pointsAwayFromKnots(spline), step: 0.2)
    #expect(!report.passed, "a coarse step passed: \(report)")
  }

  @Test("a NaN, analytic or numeric, never passes")
  func rejectsNaN() {
    let report = gradientCheck(analytic: [1, .nan]) { _, delta in delta }
    #expect(!report.passed, "\(report)")
    let numericNaN = gradientCheck(analytic: [1]) { _, _ in .nan }
    #expect(!numericNaN.passed, "\(numericNaN)")
  }

  @Test("an empty check does not pass vacuously")
  func emptyCheckDoesNotPass() {
    #expect(!gradientCheck(analytic: []) { _, delta in delta }.passed)
  }

  @Test("relative error uses the floor for tiny values: |a - c| / max(|a|, |c|, floor)")
  func relativeErrorHasFloor() {
    #expect(relativeError(analytic: 1e-12, numeric: 2e-12, floor: 1e-3) < 1e-8)
    #expect(abs(relativeError(analytic: 2, numeric: 1, floor: 1e-3) - 0.5) < 1e-15)
  }
}
