// Tutorial 09: a residual convolutional network with a KAN head (ResNet-KAN). A convolution is
// one matrix product over the image's patches; its backward and batch norm's are written by
// hand and checked live against central differences; residual blocks add a shortcut; then the
// network learns MNIST and we look at what it gets wrong and at the head's learned edges.

import KAN
import KANData
import KANFromScratch
import KANPlot
import KANVision
import TutorialSupport

#if DEBUG
/// Training and test images used: a debug build is ~50x slower, so it trains on a sample.
let sizes = (train: 256, test: 200, epochs: 1)
let buildNote = "a debug build, far slower: 256 training and 200 test images, 1 epoch"
#else
/// `--full` trains `kan train mnist --model resnet-kan`'s whole recipe; the default is short.
let full = CommandLine.arguments.contains("--full")
let sizes =
  full ? (train: 60_000, test: 10_000, epochs: 5) : (train: 10_000, test: 10_000, epochs: 1)
let buildNote =
  full
  ? "--full: all 60,000 training images, 5 epochs"
  : "10,000 of the 60,000 training images for 1 epoch (--full: all of them, 5 epochs)"
#endif

Tutorial.run(
  name: "09-resnet-kan", title: "a residual convolutional network with a KAN head (ResNet-KAN)",
  steps: 8, arguments: CommandLine.arguments.filter { $0 != "--full" }
) { tutorial in
  let section = "after §Interaction"  // the blog stops at KAN layers; this is the ResNet-KAN seed

  try tutorial.step("convolution as a product: y[b] = W . im2col(x[b])", section: section) {
    let x = try Tensor<Double>(shape: [1, 1, 4, 4], scalars: (1...16).map(Double.init))
    let conv = try Conv2D<Double>(
      weight: Tensor(shape: [1, 1, 2, 2], scalars: [1, 0, 0, -1]), stride: 1, padding: 0)
    let geometry = try conv.geometry(ImageShape(channels: 1, height: 4, width: 4))
    let columns = ResNetSteps.patches(x, geometry)
    let y = try conv(x)
    tutorial.say(
      """
      A convolution slides a k x k window over the image and, at every position, takes a
      weighted sum of the C k k values under it:
        y[b, o, oh, ow] = sum_{c, i, j} w[o, c, i, j] x[b, c, oh s - p + i, ow s - p + j]
      Lay each window's values out as one column of col (C k k, Ho Wo) ("im2col"), read w as
      a matrix W (O, C k k), and the whole sum is one product: y[b] = W . col.
      The 4x4 image 1...16 and the 2x2 kernel [[1, 0], [0, -1]] (stride 1, no padding):
      col, one row per window offset (c, i, j), one column per position (oh, ow):
      """)
    for q in 0..<4 {
      tutorial.say("  " + (0..<9).map { fixed(columns[q * 9 + $0], 0) }.joined(separator: " "))
    }
    tutorial.say(
      """
      W . col = \((0..<9).map { fixed(y.scalars[$0], 0) }.joined(separator: " "))
      (each is x[i, j] - x[i + 1, j + 1] = -5: the kernel measures a diagonal slope.)
      In the MNIST model the largest product is conv3x3 16 -> 16 at 28 x 28: W (16, 144) times
      col (144, 784) for each image, 3.6 million multiply-adds. Conv2D computes it without
      writing col: in the padded image each row of col is the image shifted by one offset, so
      a register tile reads it in place (DirectConvolution).
      """)
  }

  try tutorial.step("the backward of a convolution, checked live", section: section) {
    var conv = try Conv2D<Double>(
      inChannels: 2, outChannels: 3, kernelSize: 3, stride: 2, padding: 1, seed: tutorial.seed)
    let x = try ResNetSteps.seeded([2, 2, 5, 5], seed: tutorial.seed &+ 1)
    let r = try ResNetSteps.seeded(try conv.forward(x).shape, seed: tutorial.seed &+ 2)
    guard let dX = try conv.backward(r) else { return }
    let weights = try ResNetSteps.parameterCheck(conv, probe: r) { try $0(x) }
    let inputs = try ResNetSteps.inputCheck(dX, at: x, probe: r) { try conv($0) }
    tutorial.say(
      """
      With L = sum r * y (so dL/dy = r), the chain rule through y[b] = W . col_b gives
        dW     = sum_b dY[b] . col_b^T                    (O, C k k)
        dcol_b = W^T . dY[b]                              (C k k, Ho Wo)
        dx[b]  = col2im(dcol_b)
      col2im is im2col run backwards: each entry of dcol_b is added to the pixel it was read
      from, so a pixel under several windows collects several terms, and padding drops its own.
      Checked against central differences (f(w + h) - f(w - h)) / 2h, h = 1e-5, for a 3x3
      convolution 2 -> 3 with stride 2 and padding 1 on two 5x5 images:
        dW  \(weights)
        dx  \(inputs)
      """)
  }

  try tutorial.step("batch norm: normalise with the batch's statistics", section: section) {
    var bn = try BatchNorm2D<Double>(channels: 2)
    let x = try ResNetSteps.seeded([3, 2, 3, 3], seed: tutorial.seed &+ 3, in: -1...3)
    let y = try bn.forward(x)
    let r = try ResNetSteps.seeded(y.shape, seed: tutorial.seed &+ 4)
    let dX = try bn.backward(r)
    let inputs = try ResNetSteps.inputCheck(dX, at: x, probe: r) { moved in
      var fresh = try BatchNorm2D<Double>(channels: 2)
      return try fresh.forward(moved)
    }
    let parameters = try ResNetSteps.parameterCheck(bn, probe: r) { try $0.forward(x) }
    tutorial.say(
      """
      Per channel c, over the N = B H W values of the batch:
        mean_c, var_c (biased),  xhat = (x - mean_c) / sqrt(var_c + 1e-5),  y = gamma xhat + beta
      Every x of a channel moves mean_c and var_c, so the backward has two extra terms:
        dL/dx = gamma / sqrt(var_c + eps) (dY - mean(dY) - xhat mean(dY xhat))
      Checked on 3 images of two 3x3 channels:
        dx          \(inputs)
        dgamma, dbeta  \(parameters)
      Training also moves running statistics, as PyTorch does (momentum 0.1, unbiased
      variance); inference uses those instead of the batch's:
        running mean \(ResNetSteps.row(bn.runningMean.scalars))   (from 0)
        running var  \(ResNetSteps.row(bn.runningVariance.scalars))   (from 1)
      """)
  }

  try tutorial.step("the residual block: y = relu(F(x) + shortcut(x))", section: section) {
    var block = try ResidualBlock<Double>(
      inChannels: 2, outChannels: 3, stride: 2, kind: .convolution, seed: tutorial.seed)
    let x = try ResNetSteps.seeded([2, 2, 6, 6], seed: tutorial.seed &+ 5)
    let r = try ResNetSteps.seeded(try block.forward(x).shape, seed: tutorial.seed &+ 6)
    let dX = try block.backward(r)
    let check = try ResNetSteps.inputCheck(dX, at: x, probe: r) { moved in
      var fresh = block
      return try fresh.forward(moved)
    }
    let passes = try ResNetSteps.identityPassesGradient(seed: tutorial.seed)
    tutorial.say(
      """
      F(x) = bn2(conv2(relu(bn1(conv1(x))))); the shortcut is x itself, or bn(conv1x1(x)) with
      the block's stride when the shape changes. Backward, with g = dL/dy [y > 0]:
        dL/dx = F'(g) + shortcut'(g)
      Checked for a block 2 -> 3 with stride 2 (a projection shortcut):
        dx  \(check)
      On the identity path the gradient reaches x untouched. With bn2's gamma and beta at 0,
      F(x) = 0 and y = relu(x): max |dL/dx - dL/dy [x > 0]| = \(scientific(passes)). That is
      why stacks of blocks train: each block only has to learn a correction to its input.
      """)
  }

  let architecture = ResNetKANArchitecture.mnist
  var model = try ResNetKAN<Float>(architecture, seed: tutorial.seed)
  try tutorial.step("ResNet-KAN: stem, stages, global average pooling, KAN head", section: section)
  {
    let report = try ResNetSteps.wholeModelCheck(seed: tutorial.seed)
    var copy = model
    let total = copy.learnableCount()
    tutorial.say(
      """
      The network of kan train mnist --model resnet-kan, as ResNetKANArchitecture.mnist says:
      \(architecture)
      \(total) parameters, \(model.head.parameterCount) of them in the KAN head: each of its
      64 x 10 edges is w_b silu(f) + s sum_m w_s B_m(f) on a pooled feature f.
      The whole backward, head to stem, on a tiny version (1x6x6 images, 2 and 3 channels):
        dx  \(report)
      """)
  }

  let directory = try MNIST.locateDataDirectory()
  let mnist = try MNIST.load(directory: directory)
  let train = try ResNetSteps.dataset(mnist.train, count: sizes.train)
  let test = try ResNetSteps.dataset(mnist.test, count: sizes.test)
  var losses: [Double] = []
  try tutorial.step("training: AdamW, shifted digits, lr x 0.8 per epoch", section: section) {
    tutorial.say(
      """
      MNIST from \(directory.path); this run uses \(buildNote).
      Each batch of 64: shift every image by up to 2 pixels (seeded), forward with batch
      statistics, cross-entropy, backward through every layer, one AdamW step (lr 2e-3, weight
      decay 1e-4). The whole recipe: swift run -c release kan train mnist --model resnet-kan
      """)
    let trainer = ImageTrainer(
      batchSize: 64, seed: tutorial.seed, schedule: ExponentialDecay(gamma: 0.8),
      shift: try RandomShift(reach: 2, fill: -1))
    var optimizer = Adam.adamW(learningRate: 2e-3, weightDecay: 1e-4)
    let reports = try trainer.fit(&model, on: train, optimizer: &optimizer, epochs: sizes.epochs) {
      report, model in
      "  test \(ResNetSteps.percent(try ResNetSteps.confusion(model, test).accuracy))"
    }
    losses = reports.flatMap(\.batchLosses)
    try tutorial.write(ResNetSteps.lossFigure(losses), to: "loss.svg")
  }

  try tutorial.step("what it gets wrong: the confusion matrix and some digits", section: section) {
    let confusion = try ResNetSteps.confusion(model, test)
    tutorial.say(confusion.table)
    tutorial.say("test accuracy: \(ResNetSteps.percent(confusion.accuracy))")
    try tutorial.write(try ResNetSteps.misclassifiedFigure(model, test), to: "misclassified.svg")
  }

  try tutorial.step("the head's learned edges: phi(f) on the pooled features", section: section) {
    let figure = try ResNetSteps.headFigure(model, test)
    tutorial.say(
      """
      The head is a KAN: every (feature, digit) edge is a function of one pooled feature.
      head-edges.svg draws the \(figure.count) edges that vary most over the test images'
      features, each over the range those features take. A curve that bends is what a
      linear classifier could not learn on that edge.
      """)
    try tutorial.write(figure.svg, to: "head-edges.svg")
  }
}
