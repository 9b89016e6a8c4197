import KANData

extension ModelFile {
  /// Builds a layer of a model from its tensors, already checked against the header.
  ///
  /// The one place a loaded layer is constructed. It validates the tensors against each other
  /// and runs no initialisation, so loading costs what the file holds.
  ///
  /// - Parameters:
  ///   - architecture: The model's checked architecture.
  ///   - grid: `(in, G + 2k + 1)`, each row strictly increasing.
  ///   - baseWeight: `w_b`, `(out, in)`.
  ///   - splineWeight: `w_s`, `(out, in, G + k)`.
  ///   - splineScaler: `s`, `(out, in)`, or nil when the file has none (then `s = 1`).
  /// - Returns: The layer.
  /// - Throws: `KANError` if the tensors do not make a layer.
  static func makeLayer(
    _ architecture: ModelArchitecture, grid: Tensor<Float>, baseWeight: Tensor<Float>,
    splineWeight: Tensor<Float>, splineScaler: Tensor<Float>?
  ) throws(KANError) -> KANLinear<Float> {
    var configuration = architecture.configuration
    configuration.standaloneSplineScaler = splineScaler != nil
    return try KANLinear<Float>(
      configuration: configuration, grid: grid, baseWeight: baseWeight,
      splineWeight: splineWeight, splineScaler: splineScaler)
  }
}
