import Testing

@testable import KAN

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Feature evaluation: the SIMD uniform pieces equal Cox-de Boor; vectorised exp and sqrt")
struct FeatureEvaluatorTests {
  /// The window of lane 0 as the full feature row, by the SIMD path (uniform grid) and by the
  /// lane-by-lane path (`windowOfOneInput`, Cox-de Boor with the policy), for one value.
  private func bothPaths(
    _ x: Double, _ configuration: KANConfiguration
  ) throws -> (simd: [Double], reference: [Double], simdSlopes: [Double], slopes: [Double]) {
    let layer = try KANLinear<Double>(inFeatures: 1, outFeatures: 1, configuration: configuration)
    let evaluator = FeatureEvaluator(grid: layer.grid, configuration: configuration)
    let lanes = FeatureLanes<Double>(width: evaluator.width)
    let columns = configuration.columnsPerInput
    var simd = [Double](repeating: 0, count: columns)
    var simdSlopes = [Double](repeating: 0, count: columns)
    evaluator.featureRow(x, input: 0, lanes: lanes, values: &simd, derivatives: &simdSlopes)
    evaluator.windowOfOneInput(x, input: 0, lane: 0, into: lanes, derivatives: true)
    var reference = [Double](repeating: 0, count: columns)
    var slopes = [Double](repeating: 0, count: columns)
    reference[0] = simd[0]
    slopes[0] = simdSlopes[0]
    for r in 0..<evaluator.width {
      let m = lanes.offset[0] - evaluator.padding + r
      guard m >= 0 && m < configuration.basisCount else { continue }
      reference[1 + m] = lanes.values[8 * r]
      slopes[1 + m] = lanes.slopes[8 * r]
    }
    return (simd, reference, simdSlopes, slopes)
  }

  @Test(
    "B_m(t_s + u h) = sum_p c[r][p] u^p equals Cox-de Boor, values and B', degrees 0 to 5",
    arguments: [0, 1, 2, 3, 4, 5])
  func uniformPiecesMatchCoxDeBoor(order: Int) throws {
    for policy in OutOfGridPolicy.allCases {
      let configuration = KANConfiguration(
        gridSize: 5, splineOrder: order, outOfGridPolicy: policy)
      for x in stride(from: -3.05, through: 3.05, by: 0.0313) {
        let (simd, reference, simdSlopes, slopes) = try bothPaths(x, configuration)
        for c in simd.indices {
          #expect(abs(simd[c] - reference[c]) < 1e-12, "k \(order) \(policy) B_\(c - 1)(\(x))")
          #expect(
            abs(simdSlopes[c] - slopes[c]) < 1e-10, "k \(order) \(policy) B'_\(c - 1)(\(x))")
        }
      }
    }
  }

  @Test("vectorExp is within 2 ulp of expf on [-87, 88], and saturates below")
  func vectorExpMatchesLibm() {
    var worst: Float = 0
    for start in stride(from: Float(-87), to: 88, by: 0.0371) {
      let x = SIMD8<Float>((0..<8).map { start + Float($0) * 0.004_63 })
      let e = vectorExp(x)
      for lane in 0..<8 {
        let exact = expf(x[lane])
        worst = max(worst, abs(e[lane] - exact) / exact.ulp)
      }
    }
    #expect(worst <= 2, "worst error \(worst) ulp")
    let tiny = vectorExp(SIMD8(repeating: -200))
    #expect(tiny[0] > 0 && tiny[0] < 1e-37)
  }

  @Test("Float.squareRoot (Newton on the bit-pattern guess) is within 2 ulp of sqrtf, 0 at 0")
  func vectorSquareRootMatchesLibm() {
    var worst: Float = 0
    var x: Float = 1e-30
    while x < 1e30 {
      let lanes = SIMD8<Float>((0..<8).map { x * (1 + Float($0) * 0.1237) })
      let root = Float.squareRoot(lanes)
      for lane in 0..<8 {
        let exact = lanes[lane].squareRoot()
        worst = max(worst, abs(root[lane] - exact) / exact.ulp)
      }
      x *= 1.37
    }
    #expect(worst <= 2, "worst error \(worst) ulp")
    #expect(Float.squareRoot(SIMD8(repeating: 0))[0] == 0)
  }
}
