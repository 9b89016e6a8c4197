import KANData

extension ModelFile {
  /// Builds layer `l` of a model from its tensors, already checked against the header.
  ///
  /// The one place a loaded layer is constructed. Today it calls the training initialiser, which
  /// also runs efficient-kan's least-squares initialisation, then assigns the file's tensors
  /// over it; `checkInitialisationBudget` first refuses a layer whose initialisation would cost
  /// far more than its file. `KANLinear.init(inFeatures:outFeatures:configuration:grid:
  /// baseWeight:splineWeight:splineScaler:)`, which validates the tensors and initialises
  /// nothing, replaces all three here.
  ///
  /// - Parameters:
  ///   - architecture: The model's checked architecture.
  ///   - l: The layer's index.
  ///   - grid: `(in, G + 2k + 1)`, each row strictly increasing.
  ///   - baseWeight: `w_b`, `(out, in)`.
  ///   - splineWeight: `w_s`, `(out, in, G + k)`.
  ///   - splineScaler: `s`, `(out, in)`, or nil when the file has none (then `s = 1`).
  /// - Returns: The layer.
  /// - Throws: `KANError` if the layer cannot be built.
  static func makeLayer(
    _ architecture: ModelArchitecture, layer l: Int, grid: Tensor<Float>,
    baseWeight: Tensor<Float>, splineWeight: Tensor<Float>, splineScaler: Tensor<Float>?
  ) throws(KANError) -> KANLinear<Float> {
    try checkInitialisationBudget(architecture, layer: l)
    var layer = try KANLinear<Float>(
      inFeatures: architecture.widths[l], outFeatures: architecture.widths[l + 1],
      gridSize: architecture.gridSize, splineOrder: architecture.splineOrder,
      standaloneSplineScaler: splineScaler != nil, baseActivation: architecture.baseActivation,
      basis: architecture.basis, outOfGridPolicy: architecture.outOfGridPolicy)
    layer.baseWeight = baseWeight
    layer.splineWeight = splineWeight
    if let splineScaler { layer.splineScaler = splineScaler }
    layer.grid = grid
    return layer
  }
}

/// The most work and memory `makeLayer` spends on the initialisation it then overwrites.
private let initialisationFlopBudget = 2e9
private let initialisationByteBudget = 256.0 * 1024 * 1024

/// Throws if the training initialiser's least-squares fit (`KANLinear.fitCoefficients`) for
/// layer `l` would pass the budget; with the caps of `ModelLimits` alone it can take minutes and
/// gigabytes for a file of a few megabytes, since it grows as `in G^2` and `in G^3`.
///
///     P = G + 1 points, n = G + k bases, C = n + 1 columns per input
///     bytes  ~ 4 P in C  (features)  +  8 P in out  (targets)  +  8 out in n  (coefficients)
///     flops  ~ in (n^3 / 6  +  n^2 out  +  P (k + 1)(n + out))   (Cholesky, solves, Gram)
///
/// A 784-64-10 MNIST model at G = 5 needs 6 MFLOP; `[2, 5, 1]` at G = 1000, the KAN paper's
/// largest grid, 1.2 GFLOP. Goes away with the initialiser call in `makeLayer`.
private func checkInitialisationBudget(
  _ architecture: ModelArchitecture, layer l: Int
) throws(KANError) {
  let (inputs, outputs) = (Double(architecture.widths[l]), Double(architecture.widths[l + 1]))
  let k = Double(architecture.splineOrder)
  let points = Double(architecture.gridSize + 1)
  let n = Double(architecture.basisCount)
  let bytes =
    4 * points * inputs * (n + 1) + 8 * points * inputs * outputs + 8 * outputs * inputs * n
  let flops = inputs * (n * n * n / 6 + n * n * outputs + points * (k + 1) * (n + outputs))
  guard bytes <= initialisationByteBudget, flops <= initialisationFlopBudget else {
    throw .invalidModel(
      "layer \(l) (\(architecture.widths[l]) -> \(architecture.widths[l + 1]), grid size "
        + "\(architecture.gridSize)) is too costly for this swift-kan to load: until layers are "
        + "built straight from their tensors, loading runs the training initialiser, here about "
        + "\(Int(flops / 1e9)) GFLOP and \(Int(bytes / 1_048_576)) MB (budget 2 GFLOP, 256 MB)")
  }
}
