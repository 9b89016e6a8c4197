import KAN
import KANFromScratch
import Testing

@testable import KANVision

/// A KAN convolution whose spline weights are of order one, so the spline branch matters.
private func probeKANConvolution(stride: Int, padding: Int) throws -> KANConv2D<Double> {
  var conv = try KANConv2D<Double>(
    inChannels: 2, outChannels: 3, kernelSize: 3, stride: stride, padding: padding,
    configuration: KANConfiguration(gridSize: 4, gridRange: -2...2), seed: 61)
  var flat = conv.flatParameters()
  var generator = SeededGenerator(seed: 62)
  for q in flat.indices { flat[q] = generator.uniform(-1, 1) }
  try conv.setFlatParameters(flat)
  return conv
}

@Suite("KANConv2D: y[b,o,oh,ow] = sum_q phi_oq(patch[q]), a KANLinear on the patch rows")
struct KANConv2DDerivationTests {
  @Test("forward equals KANLinear applied to each window's patch")
  func forwardIsKANLinearOnPatches() throws {
    let conv = try probeKANConvolution(stride: 2, padding: 1)
    let x = try seededTensor([2, 2, 5, 5], in: -1.5...1.5, seed: 63)
    let y = try conv(x)
    #expect(y.shape == [2, 3, 3, 3])
    for (b, oh, ow) in [(0, 0, 0), (1, 2, 1), (0, 1, 2)] {
      var patch: [Double] = []
      for c in 0..<2 {
        for i in 0..<3 {
          for j in 0..<3 {
            let (h, w) = (oh * 2 - 1 + i, ow * 2 - 1 + j)
            patch.append((0..<5).contains(h) && (0..<5).contains(w) ? x[b, c, h, w] : 0)
          }
        }
      }
      let expected = try conv.kan(try Tensor(shape: [1, 18], scalars: patch))
      for o in 0..<3 {
        #expect(abs(y[b, o, oh, ow] - expected.scalars[o]) <= 1e-12, "(\(b), \(o), \(oh), \(ow))")
      }
    }
  }

  @Test("dL/dx = col2im of the layer's dL/dP, transposed", arguments: [(1, 1), (2, 1), (1, 0)])
  func inputGradient(window: (Int, Int)) throws {
    var conv = try probeKANConvolution(stride: window.0, padding: window.1)
    let x = try seededTensor([2, 2, 4, 5], in: -1.5...1.5, seed: 64)
    let y = try conv.forward(x)
    let r = try seededTensor(y.shape, seed: 65)
    let dX = try #require(try conv.backward(r))
    let report = try inputGradientReport(dX, at: x, probe: r) { try conv($0) }
    #expect(report.passed, "\(report)")
  }

  @Test("dL/dw_b, dL/dw_s, dL/ds of the layer, summed over every window position")
  func parameterGradients() throws {
    var conv = try probeKANConvolution(stride: 2, padding: 1)
    let x = try seededTensor([2, 2, 4, 4], in: -1.5...1.5, seed: 66)
    let r = try seededTensor(try conv.forward(x).shape, seed: 67)
    try conv.backward(r, needsInputGradient: false)
    let report = try parameterGradientReport(conv, probe: r) { try $0(x) }
    #expect(report.passed, "\(report)")
  }

  @Test("a layer of the wrong width is refused")
  func wrongLayerWidthThrows() throws {
    let kan = try KANLinear<Double>(inFeatures: 17, outFeatures: 3)
    #expect(throws: KANError.self) { try KANConv2D(kan: kan, inChannels: 2, kernelSize: 3) }
  }
}
