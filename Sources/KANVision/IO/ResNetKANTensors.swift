import KAN

/// Visits one tensor: its PyTorch state-dict name, its value, and a setter that validates and
/// replaces it (shape, finite values, and what the layer itself checks, such as knots that
/// increase).
typealias TensorVisitor<Scalar: KANScalar> = (
  _ name: String, _ value: Tensor<Scalar>, _ replace: (Tensor<Scalar>) throws -> Void
) throws -> Void

extension ResNetKAN {
  /// Calls `body` with every tensor of the model under its PyTorch `state_dict()` name.
  ///
  /// In module order:
  ///
  ///     stem.conv.weight                                   (O, C, 3, 3)
  ///     stem.bn.{weight, bias, running_mean, running_var}  (O)
  ///     stages.{s}.blocks.{b}.conv1.weight                 ordinary convolution, or
  ///     stages.{s}.blocks.{b}.conv1.kan.{base_weight, spline_weight, spline_scaler, grid}
  ///     stages.{s}.blocks.{b}.{bn1, conv2, bn2}.…          as above
  ///     stages.{s}.blocks.{b}.shortcut.{conv.weight, bn.…}  projection blocks only
  ///     head.layers.{l}.{base_weight, spline_weight, spline_scaler, grid}   efficient-kan's KAN
  ///
  /// (`spline_scaler` only where the scale is standalone; PyTorch's `num_batches_tracked` is not
  /// visited: `load_state_dict` fills it in when it is missing.)
  ///
  /// - Parameter body: called once per tensor; its third argument replaces the tensor.
  /// - Throws: What `body` or a setter throws.
  mutating func visitTensors(_ body: TensorVisitor<Scalar>) throws {
    try stem.visitTensors(prefix: "stem.", body)
    for s in stages.indices {
      for b in stages[s].indices {
        let prefix = "stages.\(s).blocks.\(b)."
        try stages[s][b].conv1.visitTensors(prefix: prefix + "conv1.", body)
        try stages[s][b].bn1.visitTensors(prefix: prefix + "bn1.", body)
        try stages[s][b].conv2.visitTensors(prefix: prefix + "conv2.", body)
        try stages[s][b].bn2.visitTensors(prefix: prefix + "bn2.", body)
        try stages[s][b].shortcut?.visitTensors(prefix: prefix + "shortcut.", body)
      }
    }
    for l in head.layers.indices {
      var layer = head.layers[l]
      try layer.visitTensors(prefix: "head.layers.\(l).", body)
      try head.setLayer(l, to: layer)
    }
  }

  /// Every tensor under its state-dict name, in `visitTensors` order.
  var namedTensors: [(name: String, tensor: Tensor<Scalar>)] {
    var copy = self
    var list: [(name: String, tensor: Tensor<Scalar>)] = []
    try? copy.visitTensors { name, value, _ in list.append((name, value)) }
    return list
  }
}

extension ConvBatchNorm {
  /// `conv.weight`, then the batch norm's tensors (see `ResNetKAN.visitTensors`).
  mutating func visitTensors(prefix: String, _ body: TensorVisitor<Scalar>) throws {
    try body(prefix + "conv.weight", conv.weight) { try conv.setWeight($0) }
    try bn.visitTensors(prefix: prefix + "bn.", body)
  }
}

extension BatchNorm2D {
  /// `weight`, `bias`, `running_mean`, `running_var` (see `ResNetKAN.visitTensors`).
  mutating func visitTensors(prefix: String, _ body: TensorVisitor<Scalar>) throws {
    try body(prefix + "weight", weight) {
      try setState(
        weight: $0, bias: bias, runningMean: runningMean, runningVariance: runningVariance,
        batchesTracked: batchesTracked)
    }
    try body(prefix + "bias", bias) {
      try setState(
        weight: weight, bias: $0, runningMean: runningMean, runningVariance: runningVariance,
        batchesTracked: batchesTracked)
    }
    try body(prefix + "running_mean", runningMean) {
      try setState(
        weight: weight, bias: bias, runningMean: $0, runningVariance: runningVariance,
        batchesTracked: batchesTracked)
    }
    try body(prefix + "running_var", runningVariance) {
      try setState(
        weight: weight, bias: bias, runningMean: runningMean, runningVariance: $0,
        batchesTracked: batchesTracked)
    }
  }
}

extension BlockConvolution {
  /// `weight` of an ordinary convolution, or `kan.…` of a KAN convolution.
  mutating func visitTensors(prefix: String, _ body: TensorVisitor<Scalar>) throws {
    switch self {
    case .linear(var conv):
      try body(prefix + "weight", conv.weight) { try conv.setWeight($0) }
      self = .linear(conv)
    case .kan(var conv):
      try conv.kan.visitTensors(prefix: prefix + "kan.", body)
      self = .kan(conv)
    }
  }
}

extension KANLinear {
  /// efficient-kan's `base_weight`, `spline_weight`, `spline_scaler` (when standalone) and
  /// `grid`.
  mutating func visitTensors(prefix: String, _ body: TensorVisitor<Scalar>) throws {
    try body(prefix + "base_weight", baseWeight) { try setBaseWeight($0) }
    try body(prefix + "spline_weight", splineWeight) { try setSplineWeight($0) }
    if standaloneSplineScaler {
      try body(prefix + "spline_scaler", splineScaler) { try setSplineScaler($0) }
    }
    try body(prefix + "grid", grid) { try setGrid($0) }
  }
}
