import KANFromScratch
import Testing

@testable import KAN

@Suite(
  "KANLinear with the base branch off and s = 1 is KANFromScratch.Layer (tutorials 03-04)")
struct KANLinearParityTests {
  /// The same edges in both tracks: `w_s[j, i, k] = w[i][j][k]`, the same knots, no base branch.
  private func pair(
    inputs: Int, outputs: Int, seed: UInt64
  ) throws -> (scratch: KANFromScratch.Layer, efficient: KANLinear<Double>) {
    var generator = SplitMix64(seed: seed)
    let scratch = try KANFromScratch.Layer(inputs, outputs, weights: 7, generator: &generator)
    var efficient = try KANLinear<Double>(
      inFeatures: inputs, outFeatures: outputs,
      configuration: KANConfiguration(
        gridSize: 4, splineOrder: 3, baseActivation: .zero, standaloneSplineScaler: false))
    for i in 0..<inputs {
      for j in 0..<outputs {
        for k in 0..<7 { efficient.splineWeight[j, i, k] = scratch.w[i][j][k] }
      }
      for m in 0..<scratch.spline.t.count { efficient.grid[i, m] = scratch.spline.t[m] }
    }
    return (scratch, efficient)
  }

  @Test(
    "y_j = sum_i sum_k w_ijk B_k(x_i) ('ijk,ki->j') agrees sample by sample", arguments: [1, 3])
  func forwardAgrees(inputs: Int) throws {
    var (scratch, efficient) = try pair(inputs: inputs, outputs: 2, seed: 4)
    let x = seededTensor(5, inputs, seed: 31)
    let batched = try efficient(x)
    for b in 0..<5 {
      let sample = Array(x.scalars[(b * inputs)..<((b + 1) * inputs)])
      let y = try scratch.forward(sample)
      for j in 0..<2 {
        #expect(abs(batched[b, j] - y[j]) < 1e-13, "sample \(b), output \(j)")
      }
    }
  }

  @Test("dE/dX and dE/dW agree with the blog's derivation (pre-update weights)")
  func backwardAgrees() throws {
    var (scratch, efficient) = try pair(inputs: 3, outputs: 2, seed: 6)
    let x = seededTensor(1, 3, seed: 32)
    let dY = seededTensor(1, 2, seed: 33)
    _ = try scratch.forward(x.scalars)
    let dEdX = try scratch.backward(dY.scalars)
    _ = try efficient.forward(x)
    let dX = try #require(try efficient.backward(dY))
    for i in 0..<3 {
      #expect(abs(dX.scalars[i] - dEdX[i]) < 1e-12, "dE/dx_\(i)")
      for j in 0..<2 {
        for k in 0..<7 {
          let expected = scratch.dEdW[i][j][k]
          #expect(abs(efficient.splineWeightGradient[j, i, k] - expected) < 1e-13)
        }
      }
    }
  }
}
