import KAN
import KANFromScratch
import Testing

@testable import KANVision

@Suite("ReLU, MaxPool2D, global average pooling, Flatten: forward and backward")
struct PoolingDerivationTests {
  @Test("ReLU: dL/dx = dL/dy [y > 0] (inputs away from the kink)")
  func reluGradient() throws {
    var x = try seededTensor([2, 3, 4], seed: 41)
    for q in x.scalars.indices where abs(x.scalars[q]) < 0.05 { x.scalars[q] = 0.5 }
    var relu = ReLU<Double>()
    let r = try seededTensor(x.shape, seed: 42)
    _ = relu.forward(x)
    let report = try inputGradientReport(try relu.backward(r), at: x, probe: r) { relu($0) }
    #expect(report.passed, "\(report)")
  }

  @Test(
    "MaxPool2D: the gradient goes to each window's maximum (kernel, stride, padding)",
    arguments: [(2, 2, 0), (3, 2, 1), (3, 1, 1)])
  func maxPoolGradient(window: (Int, Int, Int)) throws {
    var pool = try MaxPool2D<Double>(kernelSize: window.0, stride: window.1, padding: window.2)
    let x = try seededTensor([2, 2, 5, 6], seed: 43)
    let y = try pool.forward(x)
    let r = try seededTensor(y.shape, seed: 44)
    let report = try inputGradientReport(try pool.backward(r), at: x, probe: r) { try pool($0) }
    #expect(report.passed, "\(report)")
  }

  @Test("MaxPool2D forward: the largest value of each 2x2 window")
  func maxPoolForward() throws {
    let x = try Tensor<Double>(
      shape: [1, 1, 2, 4], scalars: [1, 5, -2, -3, 4, 2, -1, -4])
    let y = try MaxPool2D<Double>(kernelSize: 2)(x)
    #expect(y.shape == [1, 1, 1, 2])
    #expect(y.scalars == [5, -1])
  }

  @Test("global average pool: y[b,c] = mean x[b,c,:,:], dL/dx = dL/dy / (H W)")
  func globalAveragePoolGradient() throws {
    var pool = GlobalAveragePool<Double>()
    let x = try seededTensor([2, 3, 4, 5], seed: 45)
    let y = try pool.forward(x)
    #expect(y.shape == [2, 3])
    let mean = (0..<20).map { x.scalars[20 + $0] }.reduce(0, +) / 20
    #expect(abs(y.scalars[1] - mean) <= 1e-12)
    let r = try seededTensor(y.shape, seed: 46)
    let report = try inputGradientReport(try pool.backward(r), at: x, probe: r) { try pool($0) }
    #expect(report.passed, "\(report)")
  }

  @Test("Flatten: (B, C, H, W) -> (B, C H W) and back, the same scalars")
  func flattenRoundTrip() throws {
    var flatten = Flatten<Double>()
    let x = try seededTensor([2, 3, 2, 2], seed: 47)
    let y = try flatten.forward(x)
    #expect(y.shape == [2, 12])
    #expect(y.scalars == x.scalars)
    let dX = try flatten.backward(y)
    #expect(dX == x)
  }

  @Test("bad input: pooling a 2-D tensor, a window larger than the image, a wrong gradient")
  func badInputThrows() throws {
    let pool = try MaxPool2D<Double>(kernelSize: 3)
    #expect(throws: KANError.self) { try pool(try seededTensor([2, 9], seed: 1)) }
    #expect(throws: KANError.self) { try pool(try seededTensor([1, 1, 2, 2], seed: 1)) }
    #expect(throws: KANError.self) { try MaxPool2D<Double>(kernelSize: 2, padding: 2) }
    var average = GlobalAveragePool<Double>()
    _ = try average.forward(try seededTensor([1, 2, 2, 2], seed: 1))
    #expect(throws: KANError.self) { try average.backward(try seededTensor([1, 3], seed: 1)) }
  }
}
