import KANFromScratch
import Testing

@testable import KAN

@Suite("Out-of-grid policy: .zero, .clamp, .linearExtrapolation at and beyond the knots")
struct GridPolicyTests {
  /// One edge, spline only (no base branch), grid [-1, 1], G = 4, k = 3 (knots -2.5 to 2.5).
  private func edge(_ policy: OutOfGridPolicy, basis: BasisKind = .bSpline) throws
    -> KANLinear<Double>
  {
    var layer = try KANLinear<Double>(
      inFeatures: 1, outFeatures: 1,
      configuration: KANConfiguration(
        gridSize: 4, basis: basis, baseActivation: .zero, outOfGridPolicy: policy), seed: 30)
    layer.splineWeight.scalars = seededValues(layer.basisCount, in: -1...1, seed: 31)
    return layer
  }

  private func value(_ layer: KANLinear<Double>, _ x: Double) throws -> Double {
    try layer(Tensor(shape: [1, 1], scalars: [x])).scalars[0]
  }

  @Test(
    "inside [lo, hi) the three policies agree to rounding (the .zero path sums spans as polynomials)",
    arguments: [BasisKind.bSpline, .gaussianRBF])
  func policiesAgreeInside(basis: BasisKind) throws {
    let x = seededTensor(40, 1, in: -1...0.999, seed: 32)
    let reference = try edge(.zero, basis: basis)(x)
    for policy in [OutOfGridPolicy.clamp, .linearExtrapolation] {
      #expect(maxDifference(try edge(policy, basis: basis)(x), reference) < 1e-14, "\(policy)")
    }
  }

  @Test(".zero: beyond the outermost knots t_0 = -2.5 and t_10 = 2.5 only the base branch remains")
  func zeroBeyondTheKnots() throws {
    let layer = try edge(.zero)
    for x in [-2.5 - 1e-9, -7, 2.5, 9] { #expect(try value(layer, x) == 0, "x = \(x)") }
    #expect(try value(layer, 2.4) != 0)  // still fading inside the extension
  }

  @Test(
    ".clamp: phi(x) = phi(lo) below, phi(hi) above, and dphi/dx = 0 outside",
    arguments: [BasisKind.bSpline, .gaussianRBF])
  func clampHoldsTheEndValues(basis: BasisKind) throws {
    let layer = try edge(.clamp, basis: basis)
    let low = try value(layer, -1)
    let high = try value(layer, 1.0.nextDown)
    for x in [-1.5, -3, -100] { #expect(try value(layer, x) == low) }
    for x in [1, 1.5, 40] { #expect(try value(layer, x) == high) }
    var trained = layer
    let x = try Tensor<Double>(shape: [4, 1], scalars: [-3, -1.2, 1.3, 5])
    _ = try trained.forward(x)
    let dX = try #require(try trained.backward(Tensor(shape: [4, 1], repeating: 1)))
    #expect(dX.scalars == [0, 0, 0, 0])
  }

  @Test(
    ".linearExtrapolation: phi is C1 at lo and hi and linear beyond; dphi/dx matches central differences",
    arguments: [BasisKind.bSpline, .gaussianRBF])
  func extrapolationIsTangent(basis: BasisKind) throws {
    let layer = try edge(.linearExtrapolation, basis: basis)
    for end in [-1.0, 1.0] {
      let direction = end < 0 ? -1.0 : 1.0
      let inside = end - direction * 1e-6
      #expect(abs(try value(layer, end) - value(layer, inside)) < 1e-5)
      let y1 = try value(layer, end + direction)
      let y2 = try value(layer, end + 2 * direction)
      let y3 = try value(layer, end + 3 * direction)
      #expect(abs(y1 - 2 * y2 + y3) < 1e-12, "second difference beyond \(end)")
      let slopeOutside = (y2 - y1) * direction
      let slopeInside =
        try (value(layer, inside) - value(layer, inside - direction * 1e-5))
        / 1e-5 * direction
      #expect(abs(slopeOutside - slopeInside) < 1e-3 * max(1, abs(slopeInside)))
    }
    let x = try Tensor<Double>(shape: [4, 1], scalars: [-3, -1.4, 1.6, 6])
    let r = try Tensor<Double>(shape: [4, 1], scalars: [0.3, -1, 0.7, 2])
    for report in try layerGradientReports(layer, x, r) { #expect(report.passed, "\(report)") }
  }

  @Test("out-of-grid fraction counts entries outside [lo, hi] per layer; Chebyshev reports 0")
  func outOfGridFraction() throws {
    let layer = try KANLinear<Double>(inFeatures: 2, outFeatures: 1, seed: 33)
    let x = try Tensor<Double>(shape: [4, 2], scalars: [-1, 1, 0, 1.01, -1.5, 0.2, 0.3, 0.4])
    #expect(try layer.outOfGridFraction(x) == 2.0 / 8)
    let chebyshev = try KANLinear<Double>(
      inFeatures: 2, outFeatures: 1, configuration: KANConfiguration(basis: .chebyshev))
    #expect(try chebyshev.outOfGridFraction(x) == 0)
    var network = try KANNetwork<Double>(widths: [2, 2, 1], seed: 34)
    network.outOfGridPolicy = .clamp
    #expect(network.layers.allSatisfy { $0.outOfGridPolicy == .clamp })
    let fractions = try network.outOfGridFractions(x)
    #expect(fractions.count == 2 && fractions[0] == 0.25)
  }
}
