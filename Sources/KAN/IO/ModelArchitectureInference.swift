import KANData

extension ModelArchitecture {
  /// Infers the architecture of a file without swift-kan metadata from its tensor shapes, as
  /// saved by `safetensors.torch.save_file(efficient_kan.KAN(widths).state_dict(), path)`.
  ///
  ///     layers      L = the number of l with a tensor layers.{l}.base_weight (l = 0, 1, ...)
  ///     widths      [in_0, out_0, ..., out_{L-1}]   from base_weight (out_l, in_l)
  ///     n, K        from layers.0.spline_weight (out, in, n) and layers.0.grid (in, K)
  ///     k = K - n - 1,   G = n - k                  (n = G + k, K = G + 2k + 1)
  ///
  /// Nothing in a state dict names the basis, the activation or the out-of-grid behaviour, so
  /// efficient-kan's are assumed: B-splines, SiLU, bases zero outside the extended grid.
  /// Whether the shapes of every tensor agree is checked afterwards, with the other tensors.
  ///
  /// - Parameter file: A validated safetensors file.
  /// - Throws: `KANError.invalidModel` when the tensors do not describe a KAN.
  init(inferringFrom file: SafeTensorsFile) throws(KANError) {
    let shapes = Dictionary(uniqueKeysWithValues: file.tensors.map { ($0.name, $0.shape) })
    var widths: [Int] = []
    var l = 0
    while let shape = shapes["layers.\(l).base_weight"] {
      guard l < ModelLimits.maxLayers else {
        throw .invalidModel(
          "the file has more than \(ModelLimits.maxLayers) layers, swift-kan's cap "
            + "(ModelLimits.maxLayers); the file is damaged or crafted, or the model is larger "
            + "than swift-kan loads")
      }
      guard shape.count == 2 else {
        throw .invalidModel(
          "tensor \"layers.\(l).base_weight\" has shape \(shape); a KAN layer's base_weight is "
            + "(out, in)")
      }
      if l == 0 { widths.append(shape[1]) }
      widths.append(shape[0])
      l += 1
    }
    guard l > 0 else {
      throw .invalidModel(
        "no tensor \"layers.0.base_weight\": this is not an efficient-kan or swift-kan model "
          + "(its tensors are "
          + escapingControlCharacters(file.names.prefix(8).joined(separator: ", ")) + ")")
    }
    guard let spline = shapes["layers.0.spline_weight"], spline.count == 3,
      let grid = shapes["layers.0.grid"], grid.count == 2
    else {
      throw .invalidModel(
        "layer 0 needs tensors \"layers.0.spline_weight\" (out, in, G + k) and "
          + "\"layers.0.grid\" (in, G + 2k + 1) to infer the grid size and spline order")
    }
    let n = spline[2]
    let k = grid[1] - n - 1  // no overflow: both are non-negative
    // k first: n - k overflows for k << 0.
    guard (0...KANLimits.splineOrder).contains(k), n - k >= 1 else {
      throw .invalidModel(
        "the shapes of layers.0.spline_weight \(spline) and layers.0.grid \(grid) give no valid "
          + "grid size G >= 1 and order k in 0...10 (n = G + k = \(n), knots G + 2k + 1 = "
          + "\(grid[1]))")
    }
    self.init(widths: widths, configuration: KANConfiguration(gridSize: n - k, splineOrder: k))
    try checkLimits()
  }
}
