import Foundation
import KAN
import KANVision

/// `kan bench resnet`: the layers of the MNIST ResNet-KAN one by one, forward and backward, at
/// batch 64, then a whole training step, to see where an epoch's time goes.
let resnetBench = BenchMode(
  name: "resnet",
  summary: "ResNet-KAN layers at their MNIST shapes (batch 64), then a training step",
  options: [
    OptionSpec(name: "--batch", valueName: "N", help: "images per batch (default 64)"),
    OptionSpec(name: "--threads", valueName: "N", help: "threads (default: all cores)"),
    OptionSpec(
      name: "--model", valueName: "NAME", help: "resnet: resnet-kan (default) or resnet-kanconv"),
    OptionSpec(
      name: "--stages", valueName: "LIST",
      help: "resnet: other stages, channels x blocks / stride, e.g. 16x2,32x1/2 (head follows)"),
    OptionSpec(name: "--stem", valueName: "N", help: "resnet: the stem's channels (default 16)"),
    OptionSpec(
      name: "--steps-only", valueName: nil, help: "resnet: time only the whole network",
      hidden: true),
  ]
) { arguments, runs, warmup in
  let batch = try arguments.int("--batch", default: 64, in: 2...4096)
  let threads = try arguments.int(
    "--threads", default: ProcessInfo.processInfo.activeProcessorCount, in: 1...256)
  let name = arguments.string("--model", default: "resnet-kan")
  guard let recipe = ResNetRecipe.all.first(where: { $0.name == name }) else {
    throw CommandLineError.invalidValue(
      option: "--model", value: name,
      expected: ResNetRecipe.all.map(\.name).joined(separator: " or "))
  }
  var architecture = recipe.architecture
  architecture.stem = try arguments.int("--stem", default: architecture.stem, in: 1...1024)
  if let text = arguments.values["--stages"] {
    guard let stages = ResNetKANArchitecture.parseStages(text), let last = stages.last else {
      throw CommandLineError.invalidValue(
        option: "--stages", value: text, expected: "stages such as 16x1,32x1/2,64x1/2")
    }
    architecture.stages = stages
    architecture.head[0] = last.channels
  }
  print("kan bench resnet: \(name), batch \(batch), \(threads) threads, \(buildConfiguration)")
  print(architecture)
  func time(_ label: String, _ body: () throws -> Void) rethrows -> Double {
    let summary = TimingSummary(try measure(runs: runs, warmup: warmup, body))
    print(label.padding(toLength: 44, withPad: " ", startingAt: 0) + summary.line)
    return summary.median
  }
  let layers = !arguments.flags.contains("--steps-only")
  for (input, output, size, stride) in !layers
    ? []
    : [
      (1, 16, 28, 1), (16, 16, 28, 1), (16, 32, 28, 2), (32, 32, 14, 1), (32, 64, 14, 2),
      (64, 64, 7, 1),
    ]
  {
    var conv = try Conv2D<Float>(
      inChannels: input, outChannels: output, kernelSize: 3, stride: stride, padding: 1)
    conv.threads = threads
    let x = try Tensor<Float>(shape: [batch, input, size, size], filledWith: 0.5)
    let y = try conv.forward(x)
    let dY = try Tensor<Float>(shape: y.shape, filledWith: 0.1)
    let label = "conv3x3 \(input)->\(output) at \(size)x\(size)/\(stride)"
    _ = try time(label + " forward") { _ = try conv.forward(x) }
    _ = try time(label + " backward") { try conv.backward(dY, needsInputGradient: input > 1) }
  }
  for (channels, size) in !layers ? [] : [(16, 28), (32, 14), (64, 7)] {
    var bn = try BatchNorm2D<Float>(channels: channels)
    bn.threads = threads
    var x = try Tensor<Float>(shape: [batch, channels, size, size], filledWith: 0)
    for q in x.scalars.indices { x.scalars[q] = Float(q % 7) }
    _ = try bn.forward(x)
    let label = "batch norm \(channels) at \(size)x\(size)"
    _ = try time(label + " forward") { _ = try bn.forward(x) }
    _ = try time(label + " backward") { _ = try bn.backward(x) }
  }
  var model = try ResNetKAN<Float>(architecture)
  model.threads = threads
  var x = try Tensor<Float>(shape: architecture.input.batch(batch), filledWith: -1)
  for q in x.scalars.indices where q % 5 == 0 { x.scalars[q] = 0.8 }
  let labels = (0..<batch).map { $0 % 10 }
  var optimizer = Adam.adamW(learningRate: 1e-3, weightDecay: 1e-4)
  _ = try time("inference, \(batch) images") { _ = try model(x) }
  let step = try time("training step (forward, backward, AdamW)") {
    model.zeroGradients()
    let (_, gradient) = try crossEntropy(try model.forward(x), labels: labels)
    try model.backward(gradient)
    optimizer.step(&model)
  }
  print(
    String(
      format: "%.0f images/s; 60,000 images: %.1f s per epoch", Double(batch) / step,
      60_000 / Double(batch) * step))
}
