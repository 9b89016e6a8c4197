import KANData

extension ModelFile {
  /// Checks every tensor entry of the header against the architecture, before any tensor is
  /// read or any layer allocated.
  ///
  ///     limits   `ModelArchitecture.checkLimits` (layers, grid size, parameters)
  ///     names    exactly layers.{l}.{base_weight, spline_weight, grid} for l < L, plus
  ///              layers.{l}.spline_scaler where the scale is standalone; nothing else
  ///     dtypes   F32
  ///     shapes   as `ModelArchitecture.shapes(layer:)`
  ///
  /// The header's shapes are backed by the file's bytes (the safetensors reader checked that
  /// the tensors tile the data buffer), so once they match, every size the layers need is
  /// bounded by the file size.
  ///
  /// - Parameters:
  ///   - file: The validated safetensors file.
  ///   - architecture: What the metadata says, or what the shapes imply.
  /// - Throws: `KANError.invalidModel` naming the cap, the tensor or the shape that is wrong.
  static func checkHeader(
    _ file: SafeTensorsFile, architecture: ModelArchitecture
  ) throws(KANError) {
    try architecture.checkLimits()
    let layers = architecture.widths.count - 1
    try checkNames(file, layers: layers)
    let entries = Dictionary(uniqueKeysWithValues: file.tensors.map { ($0.name, $0) })
    for l in 0..<layers {
      let shapes = architecture.shapes(layer: l)
      for parameter in parameterNames {
        let name = "layers.\(l).\(parameter)"
        guard let entry = entries[name], let expected = shapes[parameter] else { continue }
        guard entry.dtype == .float32 else {
          throw .invalidModel(
            "tensor \"\(name)\" is \(entry.dtype.rawValue), but a model holds F32 tensors: in "
              + "PyTorch, save model.float().state_dict()")
        }
        guard entry.shape == expected else {
          throw .invalidModel(
            "tensor \"\(name)\" has shape \(entry.shape) but the model (\(architecture.summary)) "
              + "needs \(expected)")
        }
      }
    }
  }

  /// Throws unless the file holds each layer's required tensors and nothing else.
  private static func checkNames(_ file: SafeTensorsFile, layers: Int) throws(KANError) {
    let names = Set(file.names)
    var allowed: Set<String> = []
    for l in 0..<layers {
      for parameter in parameterNames {
        let name = "layers.\(l).\(parameter)"
        allowed.insert(name)
        guard parameter == "spline_scaler" || names.contains(name) else {
          throw .invalidModel(
            "the model has \(layers) layers but no tensor \"\(name)\"; each layer needs "
              + "base_weight, spline_weight and grid (and may have spline_scaler)")
        }
      }
    }
    if let extra = file.names.first(where: { !allowed.contains($0) }) {
      throw .invalidModel(
        "unexpected tensor \"\(escapingControlCharacters(extra))\": a model of \(layers) layers "
          + "holds only layers.{0..<\(layers)}.{\(parameterNames.joined(separator: ","))}")
    }
  }
}
