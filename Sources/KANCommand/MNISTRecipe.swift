import KAN

/// The hyper-parameters of `kan train mnist`: efficient-kan's recipe, and ours.
///
///     model       KANNetwork<Float>(widths: [784, 64, 10]), G intervals, cubic B-splines, SiLU
///     inputs      pixel / 127.5 - 1, in [-1, 1]
///     loss        cross-entropy of the softmax of the 10 logits
///     optimizer   AdamW(lr, weight decay 1e-4),  lr_e = lr 0.8^e  (epoch e from 0)
///     batches     64 samples, reshuffled each epoch from the seed
struct MNISTRecipe: Equatable {
  /// The recipe's name, for `--recipe`.
  var name: String
  /// `[in, hidden..., out]`.
  var widths = [784, 64, 10]
  /// `G`.
  var gridSize = 5
  /// The learning rate of the first epoch.
  var learningRate: Double
  /// AdamW's decoupled weight decay.
  var weightDecay = 1e-4
  /// The learning-rate factor per epoch.
  var gamma = 0.8
  /// Samples per update.
  var batchSize = 64
  /// Passes over the training set.
  var epochs: Int
  /// After each of these epochs (from 1), the hidden layer's grid is moved to where its inputs
  /// are (`KANLinear.updateGrid` on `gridUpdateSamples` training images).
  var gridUpdateEpochs: [Int]
  /// How many training images the grid update looks at.
  var gridUpdateSamples = 2048

  /// efficient-kan's `examples/mnist.py`, exactly: lr 1e-3, no grid update, 10 epochs there
  /// (5 here by default, so both recipes take the same time).
  static let efficientKAN = MNISTRecipe(
    name: "efficient-kan", learningRate: 1e-3, epochs: 5, gridUpdateEpochs: [])

  /// Ours: efficient-kan's with 3 grid intervals instead of 5 (it overfits less), a learning
  /// rate of 3e-3 and one grid update of the hidden layer after the first epoch; measured in
  /// Tutorials/07-mnist/README.md.
  static let swiftKAN = MNISTRecipe(
    name: "swift-kan", gridSize: 3, learningRate: 3e-3, epochs: 5, gridUpdateEpochs: [1])

  /// Every recipe, for `--recipe`.
  static let all = [swiftKAN, efficientKAN]

  /// One line naming every setting.
  var summary: String {
    let epochs = gridUpdateEpochs.map(String.init).joined(separator: ", ")
    let update = "hidden-layer grid update after epoch \(epochs) on \(gridUpdateSamples) images"
    return "KAN \(widths), grid \(gridSize), cubic B-splines, SiLU; AdamW lr \(learningRate) "
      + "weight decay \(weightDecay), lr x\(gamma) per epoch; batch \(batchSize); "
      + (gridUpdateEpochs.isEmpty ? "no grid update" : update)
  }
}
