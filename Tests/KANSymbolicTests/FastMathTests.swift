import Foundation
import Testing

@testable import KANSymbolic

@Suite("Branch-free exp and arctan of the grid rows equal libm")
struct FastMathTests {
  /// 2001 points spread over `range`, both ends included.
  private func points(_ range: ClosedRange<Double>) -> [Double] {
    (0...2000).map { range.lowerBound + Double($0) / 2000 * (range.upperBound - range.lowerBound) }
  }

  @Test("fastExp(x) = exp(x) within 1e-14 relative on [-700, 700]")
  func fastExpMatchesLibm() {
    for x in points(-700...700) + points(-1...1) {
      #expect(abs(fastExp(x) - exp(x)) <= 1e-14 * exp(x), "x = \(x)")
    }
  }

  @Test("fastArctan(x) = atan(x) within 1e-15 absolute, across the three reduction ranges")
  func fastArctanMatchesLibm() {
    for x in points(-50...50) + points(-3...3) + [0, 0.66, -0.66, 2.414_213_562_373_095, 1e300] {
      #expect(abs(fastArctan(x) - atan(x)) <= 1e-15, "x = \(x)")
    }
  }
}
