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
  ///     names    exactly layers.{l}.{base_weight, spline_weight, grid} for l < L, plus
  ///              layers.{l}.spline_scaler where the scale is standalone; nothing else
  ///     shapes   as `ModelArchitecture.shapes(layer:)`;  dtype F32;  every value finite
  ///     grid     each row strictly increasing (the bases divide by knot differences)
  ///
  /// - Parameters:
  ///   - file: The validated safetensors file.
  ///   - architecture: What the metadata says, or what the shapes imply.
  /// - Returns: The network.
  /// - Throws: `KANError.invalidModel` naming the tensor and what is wrong with it.
  static func network(
    from file: SafeTensorsFile, architecture: ModelArchitecture
  ) throws -> KANNetwork<Float> {
    try checkNames(file, layers: architecture.widths.count - 1)
    var layers: [KANLinear<Float>] = []
    for l in 0..<(architecture.widths.count - 1) {
      let shapes = architecture.shapes(layer: l)
      func read(_ parameter: String) throws -> Tensor<Float> {
        try file.modelTensor(
          named: "layers.\(l).\(parameter)", shape: shapes[parameter] ?? [],
          model: "the model (\(architecture.summary))")
      }
      let standalone = file.names.contains("layers.\(l).spline_scaler")
      var configuration = architecture.configuration
      configuration.standaloneSplineScaler = standalone
      let base = try read("base_weight")
      let spline = try read("spline_weight")
      let scaler = standalone ? try read("spline_scaler") : nil
      let grid = try read("grid")
      try checkIncreasing(grid, name: "layers.\(l).grid")
      layers.append(
        try KANLinear<Float>(
          configuration: configuration, grid: grid, baseWeight: base, splineWeight: spline,
          splineScaler: scaler))
    }
    return try KANNetwork(layers: layers)
  }

  /// Throws unless the file holds each layer's required tensors and nothing else.
  private static func checkNames(_ file: SafeTensorsFile, layers: Int) throws(KANError) {
    var allowed: Set<String> = []
    for l in 0..<layers {
      for parameter in parameterNames {
        let name = "layers.\(l).\(parameter)"
        allowed.insert(name)
        guard parameter == "spline_scaler" || file.names.contains(name) else {
          throw .invalidModel(
            "the model has \(layers) layers but no tensor \"\(name)\"; each layer needs "
              + "base_weight, spline_weight and grid (and may have spline_scaler)")
        }
      }
    }
    if let extra = file.names.first(where: { !allowed.contains($0) }) {
      throw .invalidModel(
        "unexpected tensor \"\(extra)\": a model of \(layers) layers holds only "
          + "layers.{0..<\(layers)}.{\(parameterNames.joined(separator: ","))}")
    }
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
