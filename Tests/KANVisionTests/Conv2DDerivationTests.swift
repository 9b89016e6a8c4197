import KAN
import KANFromScratch
import Testing

@testable import KANVision

/// The convolution sum, term by term: the definition the layer's product must equal.
///
///     y[b, o, oh, ow] = sum_{c, i, j} w[o, c, i, j] x[b, c, oh s - p + i, ow s - p + j]
func directConvolution(
  _ x: Tensor<Double>, _ w: Tensor<Double>, stride s: Int, padding p: Int
) -> [Double] {
  let (batch, channels, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
  let (outputs, k) = (w.shape[0], w.shape[2])
  let outHeight = (height + 2 * p - k) / s + 1
  let outWidth = (width + 2 * p - k) / s + 1
  var y: [Double] = []
  for b in 0..<batch {
    for o in 0..<outputs {
      for oh in 0..<outHeight {
        for ow in 0..<outWidth {
          var sum = 0.0
          for c in 0..<channels {
            for i in 0..<k {
              for j in 0..<k {
                let (h, v) = (oh * s - p + i, ow * s - p + j)
                guard h >= 0, h < height, v >= 0, v < width else { continue }
                sum += w[o, c, i, j] * x[b, c, h, v]
              }
            }
          }
          y.append(sum)
        }
      }
    }
  }
  return y
}

/// (kernel, stride, padding) cases: 3x3 same, 3x3 strided, 1x1 projection, 2x2 uneven, 1x1,
/// 5x5 same.
let windows = [(3, 1, 1), (3, 2, 1), (1, 2, 0), (2, 2, 1), (1, 1, 0), (5, 1, 2)]

@Suite("im2col and col2im: the patches of a window, and the adjoint that sends gradients back")
struct PatchesTests {
  @Test(
    "col2im is the adjoint of im2col: <im2col(x), c> = <x, col2im(c)>",
    arguments: [(3, 1, 1), (3, 2, 1), (2, 2, 1), (3, 3, 2), (5, 1, 2), (3, 1, 2), (1, 1, 0)])
  func col2imIsAdjoint(window: (Int, Int, Int)) throws {
    let image = ImageShape(channels: 2, height: 5, width: 6)
    let geometry = try WindowGeometry(
      input: image, kernel: window.0, stride: window.1, padding: window.2)
    let x = try seededTensor([image.count], seed: 1).scalars
    let c = try seededTensor([geometry.patchSize * geometry.positions], seed: 2).scalars
    var col = [Double](repeating: 0, count: c.count)
    im2col(&col, x, geometry)
    var back = [Double](repeating: 0, count: x.count)
    var scratch = c  // col2im zeroes the entries that fall on the padding
    col2im(&back, &scratch, geometry)
    let left = zip(col, c).reduce(0) { $0 + $1.0 * $1.1 }
    let right = zip(x, back).reduce(0) { $0 + $1.0 * $1.1 }
    #expect(abs(left - right) <= 1e-12 * max(1, abs(left)), "\(left) vs \(right)")
  }

  @Test("insideColumns: exactly the ow with 0 <= ow s - p + j < W", arguments: [1, 2, 3])
  func insideColumnsMatchesDefinition(stride: Int) throws {
    let geometry = try WindowGeometry(
      input: ImageShape(channels: 1, height: 7, width: 7), kernel: 3, stride: stride, padding: 2)
    for j in 0..<3 {
      let expected = (0..<geometry.outWidth).filter { ow in
        (0..<7).contains(ow * stride - 2 + j)
      }
      #expect(Array(geometry.insideColumns(j)) == expected, "j = \(j)")
    }
  }
}

@Suite("Conv2D: y = W . im2col(x), dW = dY . col^T, dx = col2im(W^T . dY)")
struct Conv2DDerivationTests {
  @Test("forward equals the convolution sum", arguments: windows)
  func forwardMatchesDirectSum(window: (Int, Int, Int)) throws {
    let conv = try Conv2D<Double>(
      inChannels: 3, outChannels: 4, kernelSize: window.0, stride: window.1, padding: window.2,
      seed: 5)
    let x = try seededTensor([2, 3, 5, 6], seed: 6)
    let y = try conv(x)
    let expected = directConvolution(x, conv.weight, stride: window.1, padding: window.2)
    #expect(y.scalars.count == expected.count)
    let error = zip(y.scalars, expected).map { abs($0 - $1) }.max() ?? .infinity
    #expect(error <= 1e-12, "max |difference| \(error)")
  }

  @Test("dL/dx[b,c,h,w] = sum over windows covering (h,w) of w[o,c,i,j] dY", arguments: windows)
  func inputGradient(window: (Int, Int, Int)) throws {
    var conv = try Conv2D<Double>(
      inChannels: 2, outChannels: 3, kernelSize: window.0, stride: window.1, padding: window.2,
      seed: 7)
    let x = try seededTensor([2, 2, 5, 4], seed: 8)
    let y = try conv.forward(x)
    let r = try seededTensor(y.shape, seed: 9)
    let dX = try #require(try conv.backward(r))
    let report = try inputGradientReport(dX, at: x, probe: r) { try conv($0) }
    #expect(report.passed, "\(report)")
  }

  @Test("dL/dw[o,c,i,j] = sum_{b,oh,ow} dY[b,o,oh,ow] x[b,c,oh s-p+i,ow s-p+j]", arguments: windows)
  func weightGradient(window: (Int, Int, Int)) throws {
    var conv = try Conv2D<Double>(
      inChannels: 2, outChannels: 3, kernelSize: window.0, stride: window.1, padding: window.2,
      seed: 10)
    let x = try seededTensor([3, 2, 5, 4], seed: 11)
    let r = try seededTensor(try conv.forward(x).shape, seed: 12)
    try conv.backward(r, needsInputGradient: false)
    let report = try parameterGradientReport(conv, probe: r) { try $0(x) }
    #expect(report.passed, "\(report)")
  }

  @Test(
    "a batch gives each image's y, dx and the sum of its dW as the images one at a time",
    arguments: [(7, 10, 1), (8, 10, 2)])
  func chunksMatchSingleImages(size: Int, batch: Int, stride: Int) throws {
    var conv = try Conv2D<Double>(
      inChannels: 2, outChannels: 3, kernelSize: 3, stride: stride, padding: 1, seed: 15)
    let x = try seededTensor([batch, 2, size, size], seed: 16)
    let y = try conv.forward(x)
    let expected = directConvolution(x, conv.weight, stride: stride, padding: 1)
    let error = zip(y.scalars, expected).map { abs($0 - $1) }.max() ?? .infinity
    #expect(error <= 1e-12, "forward: max |difference| \(error)")
    let r = try seededTensor(y.shape, seed: 17)
    let dX = try #require(try conv.backward(r))
    var single = try Conv2D<Double>(
      inChannels: 2, outChannels: 3, kernelSize: 3, stride: stride, padding: 1, seed: 15)
    let (inputSize, outputSize) = (x.count / batch, y.count / batch)
    for b in 0..<batch {
      let image = try Tensor(
        shape: [1, 2, size, size],
        scalars: Array(x.scalars[(b * inputSize)..<((b + 1) * inputSize)]))
      _ = try single.forward(image)
      let gradient = try Tensor(
        shape: [1] + y.shape.dropFirst(),
        scalars: Array(r.scalars[(b * outputSize)..<((b + 1) * outputSize)]))
      let dImage = try #require(try single.backward(gradient))
      let part = dX.scalars[(b * inputSize)..<((b + 1) * inputSize)]
      #expect(zip(dImage.scalars, part).allSatisfy { abs($0 - $1) <= 1e-12 }, "dx of image \(b)")
    }
    let dW = zip(conv.weightGradient.scalars, single.weightGradient.scalars)
    #expect(dW.allSatisfy { abs($0 - $1) <= 1e-10 * max(1, abs($0)) }, "dW")
  }

  @Test("dL/dw is the same for 1 and 2 threads (images summed in fixed groups)")
  func weightGradientIndependentOfThreads() throws {
    var gradients: [[Double]] = []
    for threads in [1, 2] {
      var conv = try Conv2D<Double>(inChannels: 2, outChannels: 3, kernelSize: 3, padding: 1)
      conv.threads = threads
      let x = try seededTensor([11, 2, 4, 4], seed: 13)
      let r = try seededTensor(try conv.forward(x).shape, seed: 14)
      try conv.backward(r)
      gradients.append(conv.weightGradient.scalars)
    }
    #expect(gradients[0] == gradients[1])
  }

  @Test("bad input: wrong channels, not 4-D, too small, NaN, backward before forward")
  func badInputThrows() throws {
    var conv = try Conv2D<Double>(inChannels: 2, outChannels: 3, kernelSize: 3)
    #expect(throws: KANError.self) { try conv(try seededTensor([1, 3, 5, 5], seed: 1)) }
    #expect(throws: KANError.self) { try conv(try seededTensor([2, 5, 5], seed: 1)) }
    #expect(throws: KANError.self) { try conv(try seededTensor([1, 2, 2, 5], seed: 1)) }
    var x = try seededTensor([1, 2, 5, 5], seed: 1)
    x.scalars[3] = .nan
    #expect(throws: KANError.nonFinite(what: "convolution input", index: 3)) { try conv(x) }
    #expect(throws: KANError.noForwardPass(layer: 0)) {
      try conv.backward(try seededTensor([1, 3, 3, 3], seed: 1))
    }
    #expect(throws: KANError.self) {
      try Conv2D<Double>(inChannels: 2, outChannels: 3, kernelSize: 3, padding: 3)
    }
  }
}
