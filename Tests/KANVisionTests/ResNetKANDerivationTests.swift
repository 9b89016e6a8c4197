import KAN
import KANFromScratch
import Testing

@testable import KANVision

/// A ResNet-KAN small enough to check every parameter by central differences: 1x6x6 images,
/// a stem of 2 channels, a block at 6x6 and a strided block to 3 channels at 3x3, KAN [3, 2].
func tinyArchitecture(_ block: ResNetKANArchitecture.Block) -> ResNetKANArchitecture {
  ResNetKANArchitecture(
    input: ImageShape(channels: 1, height: 6, width: 6), stem: 2,
    stages: [.init(channels: 2, blocks: 1), .init(channels: 3, blocks: 1, stride: 2)],
    block: block, head: [3, 2], kan: KANConfiguration(gridSize: 3))
}

@Suite("ResNet-KAN: the whole network's backward against central differences")
struct ResNetKANDerivationTests {
  @Test(
    "dL/dx entry by entry and every tensor's dL/dparameter (along a direction), tiny input",
    arguments: ResNetKANArchitecture.Block.allCases)
  func wholeModelGradients(block: ResNetKANArchitecture.Block) throws {
    var model = try ResNetKAN<Double>(tinyArchitecture(block), seed: 3)
    let x = try seededTensor([1, 1, 6, 6], seed: 71)  // batch norm: 9 values a channel at 3x3
    let r = try seededTensor([1, 2], seed: 72)
    _ = try model.forward(x)
    let dX = try #require(try model.backward(r, needsInputGradient: true))
    let inputs = try inputGradientReport(dX, at: x, probe: r) { moved in
      var fresh = model
      return try fresh.forward(moved)
    }
    #expect(inputs.passed, "dL/dx: \(inputs)")
    let parameters = try directionalGradientReport(model, probe: r) { try $0.forward(x) }
    #expect(parameters.passed, "dL/dparameters: \(parameters)")
  }

  @Test("negative control: the directional check fails when one gradient entry is off by 5%")
  func directionalCheckRejectsAWrongEntry() throws {
    var model = try ResNetKAN<Double>(tinyArchitecture(.convolution), seed: 5)
    let x = try seededTensor([2, 1, 6, 6], seed: 74)
    let r = try seededTensor([2, 2], seed: 75)
    _ = try model.forward(x)
    try model.backward(r)
    model.stages[1][0].bn1.weightGradient.scalars[1] *= 1.05
    let report = try directionalGradientReport(model, probe: r) { try $0.forward(x) }
    #expect(!report.passed, "\(report)")
  }

  @Test("inference = training forward once the running statistics are the batch's (momentum 1)")
  func inferenceMatchesTrainingWithBatchStatistics() throws {
    var model = try ResNetKAN<Double>(tinyArchitecture(.kanConvolution), seed: 6)
    model.stem.bn.momentum = 1
    for s in model.stages.indices {
      for b in model.stages[s].indices {
        model.stages[s][b].bn1.momentum = 1
        model.stages[s][b].bn2.momentum = 1
        model.stages[s][b].shortcut?.bn.momentum = 1
      }
    }
    let x = try seededTensor([3, 1, 6, 6], seed: 76)
    let training = try model.forward(x)
    let inference = try model(x)
    // The running variance is unbiased, N / (N - 1) times the batch's: close, not equal.
    let error = zip(training.scalars, inference.scalars).map { abs($0 - $1) }.max() ?? 1
    #expect(error < 0.05, "max |training - inference| \(error)")
    #expect(error > 0)
  }

  @Test("cross-entropy training steps lower the loss on a fixed batch")
  func adamStepsLowerTheLoss() throws {
    var model = try ResNetKAN<Double>(tinyArchitecture(.convolution), seed: 4)
    let x = try seededTensor([4, 1, 6, 6], seed: 73)
    let labels = [0, 1, 1, 0]
    var optimizer = Adam(learningRate: 1e-2)
    var losses: [Double] = []
    for _ in 0..<10 {
      model.zeroGradients()
      let (loss, gradient) = try crossEntropy(try model.forward(x), labels: labels)
      try model.backward(gradient)
      optimizer.step(&model)
      losses.append(loss)
    }
    #expect(losses[9] < 0.8 * losses[0], "\(losses)")
  }

  @Test("bad input: images of another size or channel count, an empty batch, NaN")
  func badInputThrows() throws {
    let model = try ResNetKAN<Double>(tinyArchitecture(.convolution))
    for shape in [[2, 1, 6, 5], [2, 3, 6, 6], [2, 36], [0, 1, 6, 6]] {
      #expect(throws: KANError.self, "\(shape)") {
        try model(try Tensor(shape: shape, filledWith: 0))
      }
    }
    var x = try seededTensor([1, 1, 6, 6], seed: 1)
    x.scalars[7] = .infinity
    #expect(throws: KANError.nonFinite(what: "ResNet-KAN input", index: 7)) { try model(x) }
  }

  @Test("an architecture that cannot be built is refused, naming the part")
  func invalidArchitecturesThrow() throws {
    var architecture = tinyArchitecture(.convolution)
    architecture.head = [4, 2]
    #expect(throws: KANError.self) { try architecture.validate() }
    architecture = tinyArchitecture(.convolution)
    architecture.stages = []
    #expect(throws: KANError.self) { try architecture.validate() }
    architecture = tinyArchitecture(.convolution)
    architecture.input = ImageShape(channels: 1, height: 0, width: 6)
    #expect(throws: KANError.self) { try ResNetKAN<Float>(architecture) }
  }

  @Test("the MNIST architecture: shapes after each stage, as drawn")
  func mnistShapes() throws {
    let shapes = try ResNetKANArchitecture.mnist.stageShapes().map(\.description)
    #expect(shapes == ["16x28x28", "16x28x28", "32x14x14", "64x7x7"])
    #expect(ResNetKANArchitecture.mnist.description.contains("stage 2   1 block of conv3x3 32->64"))
  }
}
