// Tutorial 07: KAN [784, 64, 10] learns MNIST, step by step, with the recipe of `kan train mnist`:
// the data, the model, cross-entropy, AdamW epochs, a grid update of the hidden layer, the
// confusion matrix, and a model file PyTorch's efficient-kan can load.

import Foundation
import KAN
import KANData
import KANPlot
import TutorialSupport

#if DEBUG
/// Training and test images used: a debug build is ~50x slower, so it trains on a sample.
let sizes = (train: 64, test: 100)
let buildNote = "a debug build, hundreds of times slower: 64 training and 100 test images"
#else
let sizes = (train: 60_000, test: 10_000)
let buildNote = "a release build: all 60,000 training and 10,000 test images"
#endif

Tutorial.run(
  name: "07-mnist", title: "KAN [784, 64, 10] learns handwritten digits (MNIST)", steps: 7
) { tutorial in
  let section = "after §Interaction"  // the blog stops at sin-exp; this is efficient-kan's demo
  let directory = try MNIST.locateDataDirectory()
  let mnist = try MNIST.load(directory: directory)
  let train = try MNISTSteps.dataset(mnist.train, count: sizes.train)
  let test = try MNISTSteps.dataset(mnist.test, count: sizes.test)
  var network = try KANNetwork<Float>(
    widths: [784, 64, 10], configuration: KANConfiguration(gridSize: 3), seed: tutorial.seed)
  let trainer = Trainer<Float>(
    batchSize: 64, seed: tutorial.seed, schedule: ExponentialDecay(gamma: 0.8))
  var optimizer = Adam.adamW(learningRate: 3e-3, weightDecay: 1e-4)

  tutorial.step("the data: 28 x 28 grey pixels, x' = x / 127.5 - 1", section: section) {
    tutorial.say(
      """
      MNIST from \(directory.path):
      \(mnist.train.count) training and \(mnist.test.count) test images; this is \(buildNote).
      Each image is 784 pixels, 0 (paper) to 255 (ink), row by row, scaled to [-1, 1] as
      torchvision's Normalize((0.5,), (0.5,)) does: 0 -> -1, 255 -> 1.
      Training image 0, a \(mnist.train.labels[0]), one character per pixel (darker = more ink):
      """)
    tutorial.say(MNISTSteps.ascii(mnist.train, image: 0))
  }

  tutorial.step("the model: y_j = sum_i phi_ji(x_i), twice", section: section) {
    let counts = network.layers.map { "\($0.inFeatures) x \($0.outFeatures) x (6 + 2)" }
    tutorial.say(
      """
      Every edge i -> j learns phi(x) = w_b silu(x) + s sum_c w_c B_c(x): a SiLU branch plus a
      scaled cubic B-spline on G = 3 intervals of [-1, 1] (6 bases). Layer 0 has 784 x 64
      edges, layer 1 has 64 x 10; the 10 outputs are the logits of the digits. Parameters:
        \(counts.joined(separator: " + ")) = \(network.parameterCount)
      as many as efficient-kan's KAN([784, 64, 10], grid_size=3). (Its default G = 5 overfits
      more in 5 epochs; the README has the measurements.)
      """)
  }

  try tutorial.step("cross-entropy: dL/dz = (p - onehot(y)) / batch", section: section) {
    let batch = train.batch(Array(0..<64)[...])
    let (loss, gradient) = try batch.loss(network(batch.inputs))
    let row = (0..<10).map { String(format: "%.3f", 64 * gradient[0, $0]) }
    tutorial.say(
      """
      L = -(1/B) sum_b log p[b, y_b], p = softmax(z). At initialisation the logits are small,
      so p is near uniform and L near ln 10 = 2.303. On the first 64 images:
        L = \(String(format: "%.4f", loss))
      64 dL/dz of image 0 (a \(mnist.train.labels[0])): each p_c, minus 1 at the true digit:
        \(row.joined(separator: "  "))
      """)
  }

  var accuracies: [Double] = [try MNISTSteps.accuracy(network, test)]
  var update:
    (before: KANLinear<Float>, hidden: Tensor<Float>, outside: [Double], accuracy: Double)?
  try tutorial.step("2 epochs of AdamW, lr 3e-3 x 0.8^epoch, batch 64", section: section) {
    tutorial.say(
      """
      Each batch: forward, loss, backward, one AdamW step (decoupled weight decay 1e-4), in an
      order shuffled from the seed; after epoch 1 the hidden layer's grid is updated (next
      step). Test accuracy before training: \(percent(accuracies[0])).
      """)
    _ = try trainer.fit(&network, on: train, optimizer: &optimizer, epochs: 2) { report, network in
      var note = ""
      if report.epoch == 1 {
        let probe = train.batch(Array(0..<min(2048, train.count))[...])
        let hidden = try network.layers[0](probe.inputs)
        let before = network.layers[1]
        let outside = try before.outOfGridFraction(hidden)
        let accuracy = try MNISTSteps.accuracy(network, test)  // before the update
        try network.updateLayer(1) {
          try $0.updateGrid(from: hidden, keepingDegenerateFeatures: true)
        }
        let after = try network.layers[1].outOfGridFraction(hidden)
        update = (before, hidden, [outside, after], accuracy)
        note = "  (hidden grid updated)"
      }
      accuracies.append(try MNISTSteps.accuracy(network, test))
      return "  test \(percent(accuracies[report.epoch]))" + note
    }
  }

  try tutorial.step("the grid update: the hidden knots move to the data", section: section) {
    guard let (before, hidden, outside, accuracy) = update else { return }
    tutorial.say(
      """
      Layer 1's splines start on [-1, 1], but its inputs, layer 0's outputs, spread out in
      epoch 1. Out of the grid, a B-spline is 0 and only silu is left; that was the case for
        \(percent(outside[0])) of the hidden values of \(hidden.shape[0]) training images.
      updateGrid put the knots at their quantiles (outside afterwards: \(percent(outside[1])))
      and refitted every spline, by least squares on those values, to the function it had:
      closely where the values are dense, loosely in the sparse tails, where a few cubic
      pieces cannot follow a spline that was 0 beyond [-1, 1]. The network hardly changes:
        test accuracy \(percent(accuracy)) before the update, \(percent(accuracies[1])) after
      but from epoch 2 on, every spline can bend where the data are. edges.svg shows four
      edges before and after the update.
      """)
    try tutorial.write(
      MNISTSteps.edgeFigure(before: before, after: network.layers[1], hidden: hidden),
      to: "edges.svg")
  }

  try tutorial.step("the confusion matrix on the test images", section: section) {
    let predictions = argmaxRows(try network.outputs(test.inputs))
    guard case .labels(let labels) = test.targets else { return }
    let confusion = try ConfusionMatrix(labels: labels, predictions: predictions, classes: 10)
    tutorial.say(confusion.table)
    tutorial.say(
      """
      test accuracy after 2 epochs: \(percent(confusion.accuracy))
      The whole recipe, 5 epochs: swift run -c release kan train mnist
      """)
  }

  try tutorial.step("save, reload, compare: efficient-kan's state dict", section: section) {
    let file = "model.safetensors"
    let url = URL(fileURLWithPath: tutorial.outputFolder).appendingPathComponent(file)
    let model = ModelFile(network: network, task: .classification, training: ["epochs": "2"])
    try model.write(to: url, overwrite: true)  // the output folder belongs to the tutorial
    let loaded = try ModelFile(contentsOf: url)
    let x = test.batch(Array(0..<8)[...]).inputs
    let same =
      try network(x).scalars.map(\.bitPattern) == loaded.network(x).scalars.map(\.bitPattern)
    tutorial.say(
      """
      \(url.path): F32 tensors
      layers.{0,1}.{base_weight, spline_weight, spline_scaler, grid}, with the widths, grid
      size, order, basis, activation and task in __metadata__. The reloaded model's logits of
      8 test images are bit-identical to the trained one's: \(same). In PyTorch:
        efficient_kan.KAN([784, 64, 10], grid_size=3).load_state_dict(
          safetensors.torch.load_file(path))
      """)
  }
}

/// The helpers of this tutorial's steps.
enum MNISTSteps {
  /// The first `count` images of a split as a dataset, pixels scaled to [-1, 1].
  static func dataset(_ split: MNIST.Split, count: Int) throws -> Dataset<Float> {
    let count = min(count, split.count)
    let inputs = try Tensor(shape: [count, 784], scalars: split.normalizedPixels(of: 0..<count))
    return try Dataset(inputs: inputs, targets: .labels(Array(split.labels[0..<count])))
  }

  /// An image as 28 lines of characters, lighter to darker: ` .:-=+*#%@`.
  static func ascii(_ split: MNIST.Split, image: Int) -> String {
    let shades = Array(" .:-=+*#%@")
    let pixels = split.images[(image * 784)..<((image + 1) * 784)].map { Int($0) }
    return (0..<28).map { r in
      String((0..<28).map { c in shades[pixels[r * 28 + c] * (shades.count - 1) / 255] })
    }.joined(separator: "\n")
  }

  /// The share of `data`'s images whose largest logit is their label.
  static func accuracy(_ network: KANNetwork<Float>, _ data: Dataset<Float>) throws -> Double {
    guard case .labels(let labels) = data.targets else { return 0 }
    let predictions = argmaxRows(try network.outputs(data.inputs))
    return Double(zip(predictions, labels).filter { $0 == $1 }.count) / Double(labels.count)
  }

  /// Edges `i -> i` of layer 1 for hidden units 0...3 over the range of their inputs, before
  /// and after the grid update, with the new knots marked.
  static func edgeFigure(
    before: KANLinear<Float>, after: KANLinear<Float>, hidden: Tensor<Float>
  ) throws -> String {
    let panels = try (0..<4).map { i -> Chart in
      let column = (0..<hidden.shape[0]).map { hidden[$0, i] }
      let (low, high) = (column.min() ?? -1, column.max() ?? 1)
      let xs = (0...100).map { low + (high - low) * Float($0) / 100 }
      let knots = (0..<after.grid.shape[1]).map { after.grid[i, $0] }.filter {
        $0 >= low && $0 <= high
      }
      return Chart(
        title: "hidden unit \(i) -> digit \(i)", xLabel: "hidden value", yLabel: "phi",
        series: [
          Series(
            "before", x: xs.map(Double.init),
            y: try before.edge(from: i, to: i, at: xs).map(Double.init)),
          Series(
            "after", x: xs.map(Double.init),
            y: try after.edge(from: i, to: i, at: xs).map(Double.init)),
          Series(
            "new knots", x: knots.map(Double.init),
            y: try after.edge(from: i, to: i, at: knots).map(Double.init), style: .scatter),
        ])
    }
    return try PanelGrid(title: "layer 1 edges around the grid update", panels: panels, columns: 2)
      .svg()
  }
}

/// A fraction as a percentage with two decimals: `0.9753` -> `97.53%`.
func percent(_ fraction: Double) -> String {
  String(format: "%.2f%%", 100 * fraction)
}
