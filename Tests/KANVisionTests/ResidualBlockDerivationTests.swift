import KAN
import KANFromScratch
import Testing

@testable import KANVision

/// A block with non-trivial batch-norm scales and shifts.
private func probeBlock(
  _ inChannels: Int, _ outChannels: Int, stride: Int, kind: ResNetKANArchitecture.Block
) throws -> ResidualBlock<Double> {
  var block = try ResidualBlock<Double>(
    inChannels: inChannels, outChannels: outChannels, stride: stride, kind: kind,
    configuration: KANConfiguration(gridSize: 3), seed: 51)
  var flat = block.flatParameters()
  var generator = SeededGenerator(seed: 52)
  for q in flat.indices { flat[q] += generator.uniform(-0.2, 0.2) }
  try block.setFlatParameters(flat)
  return block
}

@Suite("Residual block: y = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))")
struct ResidualBlockDerivationTests {
  /// (in, out, stride, kind): identity shortcut, projection for stride, projection for width,
  /// and KAN convolutions.
  static let cases: [(Int, Int, Int, ResNetKANArchitecture.Block)] = [
    (2, 2, 1, .convolution), (2, 3, 2, .convolution), (2, 3, 1, .convolution),
    (2, 2, 2, .kanConvolution),
  ]

  @Test(
    "dL/dx = conv1'(bn1'(dL/dh)) + shortcut'(g), g = dL/dy [y > 0]", arguments: cases)
  func inputGradient(shape: (Int, Int, Int, ResNetKANArchitecture.Block)) throws {
    var block = try probeBlock(shape.0, shape.1, stride: shape.2, kind: shape.3)
    let x = try seededTensor([2, shape.0, 4, 4], seed: 53)
    let y = try block.forward(x)
    let r = try seededTensor(y.shape, seed: 54)
    let dX = try block.backward(r)
    let report = try inputGradientReport(dX, at: x, probe: r) { moved in
      var fresh = try probeBlock(shape.0, shape.1, stride: shape.2, kind: shape.3)
      return try fresh.forward(moved)
    }
    #expect(report.passed, "\(report)")
  }

  @Test(
    "every tensor's gradient along a direction (convolutions, batch norms, projection)",
    arguments: cases)
  func parameterGradients(shape: (Int, Int, Int, ResNetKANArchitecture.Block)) throws {
    var block = try probeBlock(shape.0, shape.1, stride: shape.2, kind: shape.3)
    let x = try seededTensor([2, shape.0, 4, 4], seed: 55)
    let r = try seededTensor(try block.forward(x).shape, seed: 56)
    _ = try block.backward(r)
    let report = try directionalGradientReport(block, probe: r) { try $0.forward(x) }
    #expect(report.passed, "\(report)")
  }

  @Test("the shortcut is a projection exactly when the stride or the width changes")
  func projectionWhenShapeChanges() throws {
    for (input, output, stride, expected) in [(2, 2, 1, false), (2, 2, 2, true), (2, 4, 1, true)] {
      let block = try ResidualBlock<Double>(
        inChannels: input, outChannels: output, stride: stride, kind: .convolution)
      #expect((block.shortcut != nil) == expected, "\(input) -> \(output), stride \(stride)")
    }
  }
}
