import KANData

extension ModelFile {
  /// Every layer's tensors under efficient-kan's names, layer by layer, in
  /// `parameterNames` order (`spline_scaler` only for a standalone scale).
  var tensors: [SafeTensorsWriter.Tensor] {
    network.layers.enumerated().flatMap { l, layer -> [SafeTensorsWriter.Tensor] in
      let parameters = [
        ("base_weight", layer.baseWeight), ("spline_weight", layer.splineWeight),
        ("spline_scaler", layer.splineScaler), ("grid", layer.grid),
      ]
      return parameters.filter { $0.0 != "spline_scaler" || layer.standaloneSplineScaler }.map {
        (name: "layers.\(l).\($0.0)", shape: $0.1.shape, values: $0.1.scalars)
      }
    }
  }

  /// Rebuilds the network from a file's tensors after checking them against `architecture`.
  ///
  ///     1. the whole header (`checkHeader`): limits, names, dtypes, shapes; nothing allocated
  ///     2. each tensor's values: every value finite
  ///     3. grid     each row strictly increasing (the bases divide by knot differences)
  ///     4. the layers (`makeLayer`) and the network
  ///
  /// - Parameters:
  ///   - file: The validated safetensors file.
  ///   - architecture: What the metadata says, or what the shapes imply.
  /// - Returns: The network.
  /// - Throws: `KANError.invalidModel` naming the cap or the tensor and what is wrong with it.
  static func network(
    from file: SafeTensorsFile, architecture: ModelArchitecture
  ) throws -> KANNetwork<Float> {
    try checkHeader(file, architecture: architecture)
    var layers: [KANLinear<Float>] = []
    for l in 0..<(architecture.widths.count - 1) {
      let shapes = architecture.shapes(layer: l)
      func read(_ parameter: String) throws -> Tensor<Float> {
        try file.modelTensor(
          named: "layers.\(l).\(parameter)", shape: shapes[parameter] ?? [],
          model: "the model (\(architecture.summary))")
      }
      let grid = try read("grid")
      try checkIncreasing(grid, name: "layers.\(l).grid")
      let standalone = file.names.contains("layers.\(l).spline_scaler")
      layers.append(
        try makeLayer(
          architecture, grid: grid, baseWeight: read("base_weight"),
          splineWeight: read("spline_weight"),
          splineScaler: standalone ? read("spline_scaler") : nil))
    }
    return try KANNetwork(layers: layers)
  }

  /// Throws unless every row of `grid` (in, K) increases strictly.
  private static func checkIncreasing(_ grid: Tensor<Float>, name: String) throws(KANError) {
    let (rows, knots) = (grid.shape[0], grid.shape[1])
    for i in 0..<rows {
      for m in 1..<knots where !(grid.scalars[i * knots + m] > grid.scalars[i * knots + m - 1]) {
        throw .invalidModel(
          "tensor \"\(name)\" row \(i) does not increase at knot \(m) "
            + "(\(grid.scalars[i * knots + m - 1]) then \(grid.scalars[i * knots + m])); "
            + "the knots of every input must increase strictly")
      }
    }
  }
}
