import KAN
import KANFromScratch
import Testing

@testable import KANVision

/// (C, O, H, W, p, B): even and odd sizes, padding 1, 0 and 2, channels that are not a
/// multiple of 8, rows of 16 or more outputs (merged eight pairs at a time), and a batch of
/// several products and several groups of images.
let winogradShapes = [
  (8, 8, 6, 6, 1, 2), (9, 8, 7, 5, 1, 3), (8, 10, 8, 9, 0, 2), (8, 8, 5, 6, 2, 3),
  (8, 8, 5, 17, 1, 2), (8, 8, 4, 18, 1, 2), (8, 8, 7, 8, 1, 20),
]

/// A stride-1 3x3 convolution that runs as Winograd's F(2x2, 3x3), and the same layer forced
/// onto the direct convolution.
func winogradPair<Scalar: KANScalar>(
  _ shape: (Int, Int, Int, Int, Int, Int), seed: UInt64
) throws -> (winograd: Conv2D<Scalar>, direct: Conv2D<Scalar>) {
  let (c, o, h, w, p, b) = shape
  let conv = try Conv2D<Scalar>(
    inChannels: c, outChannels: o, kernelSize: 3, padding: p, seed: seed)
  let geometry = try conv.geometry(ImageShape(channels: c, height: h, width: w))
  #expect(WinogradConvolution(geometry, outputs: o, batch: b) != nil, "Winograd applies")
  var direct = conv
  direct.allowsWinograd = false
  return (conv, direct)
}

/// The largest differences of `y`, `dx` and `dw` between the Winograd and the direct forms of
/// one convolution, on seeded values in `[-1, 1]`.
func differencesFromDirect<Scalar: KANScalar>(
  _ shape: (Int, Int, Int, Int, Int, Int), as _: Scalar.Type, seed: UInt64
) throws -> (forward: Double, input: Double, weight: Double) {
  var (winograd, direct): (Conv2D<Scalar>, Conv2D<Scalar>) = try winogradPair(shape, seed: seed)
  let xShape = [shape.5, shape.0, shape.2, shape.3]
  let x = try Tensor(
    shape: xShape, scalars: try seededTensor(xShape, seed: seed + 1).scalars.map { Scalar($0) })
  let y = try winograd.forward(x)
  let forward = largestDifference(y.scalars, try direct.forward(x).scalars)
  let r = try Tensor(
    shape: y.shape, scalars: try seededTensor(y.shape, seed: seed + 2).scalars.map { Scalar($0) })
  let dX = try #require(try winograd.backward(r))
  let input = largestDifference(dX.scalars, try #require(try direct.backward(r)).scalars)
  let weight = largestDifference(winograd.weightGradient.scalars, direct.weightGradient.scalars)
  return (forward, input, weight)
}

/// The largest `|a - b| / max(1, |b|)`, infinite for a NaN.
func largestDifference<Scalar: KANScalar>(_ a: [Scalar], _ b: [Scalar]) -> Double {
  let differences = zip(a, b).map { Double(abs($0 - $1)) / max(1, Double(abs($1))) }
  return differences.contains { $0.isNaN } ? .infinity : differences.max() ?? .infinity
}

@Suite(
  "Winograd F(2x2, 3x3): y = A^T [(G g G^T) ⊙ (B^T d B)] A, dx by the turned kernels, dw = G^T dU G"
)
struct WinogradDerivationTests {
  @Test("one tile: A^T [(G g G^T) ⊙ (B^T d B)] A = sum_{i,j} g[i][j] d[a + i][b + j]")
  func tileIsTheCorrelation() {
    var generator = SeededGenerator(seed: 21)
    let d = (0..<4).map { _ in (0..<4).map { _ in generator.uniform(-1, 1) } }
    let g = (0..<3).map { _ in (0..<3).map { _ in generator.uniform(-1, 1) } }
    let y = WinogradMatrices.tile(d, g)
    for a in 0..<2 {
      for b in 0..<2 {
        let sum = (0..<9).reduce(0.0) { $0 + g[$1 / 3][$1 % 3] * d[a + $1 / 3][b + $1 % 3] }
        #expect(abs(y[a][b] - sum) <= 1e-12, "y[\(a)][\(b)] = \(y[a][b]), correlation \(sum)")
      }
    }
  }

  @Test("the unrolled transforms are B^T, A^T, G and the adjoints A, G^T, column by column")
  func unrolledTransformsAreTheMatrices() {
    let (bT, aT, g) = (
      WinogradMatrices.inputTransform, WinogradMatrices.outputTransform,
      WinogradMatrices.kernelTransform
    )
    func unit(_ k: Int, _ i: Int) -> SIMD2<Double> { SIMD2(repeating: i == k ? 1 : 0) }
    for k in 0..<4 {
      let b = inputTransform((unit(k, 0), unit(k, 1), unit(k, 2), unit(k, 3)))
      #expect([b.0[0], b.1[0], b.2[0], b.3[0]] == bT.map { $0[k] }, "column \(k) of B^T")
      let a = outputTransform((unit(k, 0), unit(k, 1), unit(k, 2), unit(k, 3)))
      #expect([a.0[0], a.1[0]] == aT.map { $0[k] }, "column \(k) of A^T")
      let e = (0..<4).map { $0 == k ? 1.0 : 0 }
      let gT = kernelTransformAdjoint((e[0], e[1], e[2], e[3]))
      #expect([gT.0, gT.1, gT.2] == g[k], "column \(k) of G^T")
    }
    for k in 0..<3 {
      let e = (0..<3).map { $0 == k ? 1.0 : 0 }
      let column = kernelTransform((e[0], e[1], e[2]))
      #expect([column.0, column.1, column.2, column.3] == g.map { $0[k] }, "column \(k) of G")
    }
    for k in 0..<2 {
      let a = outputTransformAdjoint((unit(k, 0), unit(k, 1)))
      #expect([a.0[0], a.1[0], a.2[0], a.3[0]] == aT[k], "column \(k) of A")
    }
  }

  @Test("forward, dx and dw equal the direct convolution's (Double)", arguments: winogradShapes)
  func matchesDirectConvolution(shape: (Int, Int, Int, Int, Int, Int)) throws {
    let difference = try differencesFromDirect(shape, as: Double.self, seed: 31)
    #expect(difference.forward <= 1e-12 && difference.input <= 1e-12, "\(difference)")
    #expect(difference.weight <= 1e-12, "\(difference)")
  }

  /// Float against the direct convolution, with tolerances from the sizes of the terms.
  ///
  /// Each output sums `9 C` products, `|w| <= 1/sqrt(9 C)` and `|x| <= 1`. The direct sum
  /// rounds each term once (error about `eps sqrt(9 C)` relative to `sum |w x|`); Winograd adds
  /// the transforms' roundings, and their entries grow the terms' sizes: `B^T d B` sums up to 4
  /// inputs, `G g G^T` up to 9 taps times 1/4, `A^T M A` up to 9 products. A bound of `eps`
  /// (1.2e-7) times that growth (about 4 . 9 = 36) times the depth's `sqrt(9 C)` (about 9) is
  /// 4e-5 for `y` and `dx`; observed: 5e-7, tolerance 1e-5. `dw` sums `B Ho Wo` products
  /// (1120 in the largest case) instead of `9 C`, which scales the bound by about
  /// `sqrt(1120 / 72)`, 4: observed 1.6e-5, tolerance 1e-4.
  @Test("forward and dx in Float agree with the direct convolution to 1e-5, dw to 1e-4")
  func floatMatchesDirectConvolution() throws {
    for shape in winogradShapes {
      let difference = try differencesFromDirect(shape, as: Float.self, seed: 41)
      #expect(difference.forward <= 1e-5 && difference.input <= 1e-5, "\(shape) \(difference)")
      #expect(difference.weight <= 1e-4, "\(shape) \(difference)")
    }
  }

  @Test("dL/dx and dL/dw along a random direction equal central differences")
  func gradientsMatchCentralDifferences() throws {
    var (conv, _): (Conv2D<Double>, Conv2D<Double>) = try winogradPair(
      (8, 8, 7, 5, 1, 2), seed: 51)
    let x = try seededTensor([2, 8, 7, 5], seed: 52)
    let r = try seededTensor(try conv.forward(x).shape, seed: 53)
    let dX = try #require(try conv.backward(r))
    let v = try seededTensor(x.shape, seed: 54)
    let along = zip(dX.scalars, v.scalars).reduce(0) { $0 + $1.0 * $1.1 }
    let input = try gradientCheck(analytic: [along]) { _, delta in
      var moved = x
      for q in moved.scalars.indices { moved.scalars[q] += delta * v.scalars[q] }
      return probeLoss(try conv(moved), r)
    }
    #expect(input.passed, "dx: \(input)")
    let weight = try directionalGradientReport(conv, probe: r) { try $0(x) }
    #expect(weight.passed, "dw: \(weight)")
  }

  @Test("dL/dw and dL/dx are the same for 1 and 2 threads (images summed in fixed groups)")
  func gradientsIndependentOfThreads() throws {
    var results: [[Double]] = []
    for threads in [1, 2] {
      var (conv, _): (Conv2D<Double>, Conv2D<Double>) = try winogradPair(
        (8, 8, 6, 6, 1, 11), seed: 61)
      conv.threads = threads
      let x = try seededTensor([11, 8, 6, 6], seed: 62)
      let r = try seededTensor(try conv.forward(x).shape, seed: 63)
      let dX = try #require(try conv.backward(r))
      results.append(conv.weightGradient.scalars + dX.scalars)
    }
    #expect(results[0] == results[1])
  }
}
