import KAN
import KANData
import KANFromScratch
import KANPlot
import KANVision
import TutorialSupport

/// The helpers of tutorial 09's steps.
enum ResNetSteps {
  /// A Double tensor of seeded values in `range`.
  static func seeded(
    _ shape: [Int], seed: UInt64, in range: ClosedRange<Double> = -1...1
  ) throws -> Tensor<Double> {
    var generator = SeededGenerator(seed: seed)
    let values = (0..<shape.reduce(1, *)).map { _ in
      generator.uniform(range.lowerBound, range.upperBound)
    }
    return try Tensor(shape: shape, scalars: values)
  }

  /// im2col of the first image of `x`.
  static func patches(_ x: Tensor<Double>, _ geometry: WindowGeometry) -> [Double] {
    (try? geometry.columns(of: Array(x.scalars[0..<geometry.input.count]))) ?? []
  }

  /// `L = sum r * y`, whose gradient with respect to `y` is `r`.
  static func probe(_ y: Tensor<Double>, _ r: Tensor<Double>) -> Double {
    zip(y.scalars, r.scalars).reduce(0) { $0 + $1.0 * $1.1 }
  }

  /// `dL/dx` against central differences of `L = sum r * f(x)`, one input at a time.
  static func inputCheck(
    _ dX: Tensor<Double>, at x: Tensor<Double>, probe r: Tensor<Double>,
    _ f: (Tensor<Double>) throws -> Tensor<Double>
  ) throws -> GradientCheckReport {
    try gradientCheck(analytic: dX.scalars) { q, delta in
      var moved = x
      moved.scalars[q] += delta
      return probe(try f(moved), r)
    }
  }

  /// Every parameter gradient of a model against central differences, one at a time.
  static func parameterCheck<Model: Trainable>(
    _ model: Model, probe r: Tensor<Double>, _ f: (inout Model) throws -> Tensor<Double>
  ) throws -> GradientCheckReport where Model.Scalar == Double {
    var model = model
    let parameters = model.flatParameters()
    return try gradientCheck(analytic: model.flatGradients()) { q, delta in
      var moved = model
      var values = parameters
      values[q] += delta
      try moved.setFlatParameters(values)
      return probe(try f(&moved), r)
    }
  }

  /// `max |dL/dx - dL/dy [x > 0]|` for an identity block whose `F` is switched off
  /// (`bn2`'s gamma and beta 0): the shortcut alone carries the gradient.
  static func identityPassesGradient(seed: UInt64) throws -> Double {
    var block = try ResidualBlock<Double>(
      inChannels: 2, outChannels: 2, stride: 1, kind: .convolution, seed: seed)
    block.forEachParameter { slot, parameter, _ in  // slots 8 and 9: bn2's gamma and beta
      if slot == 8 || slot == 9 { parameter = parameter.map { _ in 0 } }
    }
    let x = try seeded([2, 2, 5, 5], seed: seed &+ 7)
    let r = try seeded(x.shape, seed: seed &+ 8)
    _ = try block.forward(x)
    let dX = try block.backward(r)
    return zip(dX.scalars, zip(r.scalars, x.scalars)).map { dx, pair in
      abs(dx - (pair.1 > 0 ? pair.0 : 0))
    }.max() ?? .infinity
  }

  /// `dL/dx` of a tiny whole network (1x6x6 images) against central differences.
  static func wholeModelCheck(seed: UInt64) throws -> GradientCheckReport {
    let tiny = ResNetKANArchitecture(
      input: ImageShape(channels: 1, height: 6, width: 6), stem: 2,
      stages: [.init(channels: 2, blocks: 1), .init(channels: 3, blocks: 1, stride: 2)],
      head: [3, 10], kan: KANConfiguration(gridSize: 3))
    var model = try ResNetKAN<Double>(tiny, seed: seed)
    let x = try seeded([2, 1, 6, 6], seed: seed &+ 9)
    let r = try seeded([2, 10], seed: seed &+ 10)
    _ = try model.forward(x)
    guard let dX = try model.backward(r, needsInputGradient: true) else {
      throw KANError.noForwardPass(layer: 0)
    }
    return try inputCheck(dX, at: x, probe: r) { moved in
      var fresh = model
      return try fresh.forward(moved)
    }
  }

  /// The first `count` images of a split, one flattened image per row, scaled to [-1, 1].
  static func dataset(_ split: MNIST.Split, count: Int) throws -> Dataset<Float> {
    let count = min(count, split.count)
    let inputs = try Tensor(shape: [count, 784], scalars: split.normalizedPixels(of: 0..<count))
    return try Dataset(inputs: inputs, targets: .labels(Array(split.labels[0..<count])))
  }

  /// The images of a dataset as `(N, 1, 28, 28)`.
  static func images(_ data: Dataset<Float>) throws -> Tensor<Float> {
    try Tensor(shape: [data.count, 1, 28, 28], scalars: data.inputs.scalars)
  }

  /// The labels of a dataset.
  static func labels(_ data: Dataset<Float>) -> [Int] {
    guard case .labels(let labels) = data.targets else { return [] }
    return labels
  }

  /// The confusion matrix of the model's predictions on a dataset.
  static func confusion(_ model: ResNetKAN<Float>, _ data: Dataset<Float>) throws
    -> ConfusionMatrix
  {
    let predicted = argmaxRows(try model.outputs(images(data)))
    return try ConfusionMatrix(labels: labels(data), predictions: predicted, classes: 10)
  }

  /// A fraction as a percentage with two decimals.
  static func percent(_ fraction: Double) -> String {
    String(fixed(100 * fraction, 2).drop { $0 == " " }) + "%"
  }

  /// Numbers with four decimals, separated by spaces.
  static func row(_ values: [Double]) -> String {
    values.map { fixed($0, 4) }.joined(separator: " ")
  }

  /// The loss of every batch and its running mean over 20 batches, on a log scale.
  static func lossFigure(_ losses: [Double]) throws -> String {
    let steps = losses.indices.map { Double($0 + 1) }
    let smooth = losses.indices.map { index in
      let window = losses[max(0, index - 19)...index]
      return window.reduce(0, +) / Double(window.count)
    }
    return try Chart(
      title: "training loss (cross-entropy) per batch", xLabel: "batch", yLabel: "loss",
      series: [
        Series("batch", x: steps, y: losses, style: .scatter),
        Series("mean of 20", x: steps, y: smooth),
      ], yScale: .log
    ).svg()
  }

  /// Up to 24 misclassified test digits, captioned `true -> predicted`.
  static func misclassifiedFigure(_ model: ResNetKAN<Float>, _ test: Dataset<Float>) throws
    -> String
  {
    let predicted = argmaxRows(try model.outputs(images(test)))
    let labels = labels(test)
    let wrong = labels.indices.filter { predicted[$0] != labels[$0] }.prefix(24)
    let digits = wrong.map { index in
      ImageGrid.Image(
        pixels: test.inputs.scalars[(index * 784)..<((index + 1) * 784)].map(Double.init),
        height: 28, width: 28, caption: "\(labels[index]) as \(predicted[index])")
    }
    guard !digits.isEmpty else {
      return try ImageGrid(
        title: "no test digit misclassified", columns: 1,
        images: [
          ImageGrid.Image(pixels: [0], height: 1, width: 1, caption: "none")
        ]
      ).svg()
    }
    return try ImageGrid(
      title: "misclassified test digits (true as predicted)", columns: 8, images: digits
    ).svg(scale: 3)
  }

  /// The six head edges whose values vary most over the test images' pooled features.
  static func headFigure(_ model: ResNetKAN<Float>, _ test: Dataset<Float>) throws
    -> (svg: String, count: Int)
  {
    let features = try model.features(images(test))  // (N, 64)
    let layer = model.head.layers[0]
    let width = features.shape[1]
    var edges: [(spread: Float, i: Int, j: Int, xs: [Float], ys: [Float])] = []
    for i in 0..<width {
      let column = (0..<features.shape[0]).map { features.scalars[$0 * width + i] }
      let (low, high) = (column.min() ?? 0, column.max() ?? 1)
      let xs = (0...60).map { low + (high - low) * Float($0) / 60 }
      for j in 0..<layer.outFeatures {
        let ys = try layer.edge(from: i, to: j, at: xs)
        edges.append(((ys.max() ?? 0) - (ys.min() ?? 0), i, j, xs, ys))
      }
    }
    let top = edges.sorted { $0.spread > $1.spread }.prefix(6)
    let panels = top.map { edge in
      Chart(
        title: "feature \(edge.i) -> digit \(edge.j)", xLabel: "pooled feature", yLabel: "phi",
        series: [Series("phi", x: edge.xs.map(Double.init), y: edge.ys.map(Double.init))])
    }
    let svg = try PanelGrid(title: "KAN head: the edges that vary most", panels: panels, columns: 3)
      .svg()
    return (svg, panels.count)
  }
}
