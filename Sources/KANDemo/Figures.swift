import KANFromScratch
import KANPlot

/// The demo's figures: target vs prediction, the loss curve, and every edge's learned function.
extension SinExpDemo {
  /// Draws the target (as `o` at the training points) and the prediction (braille) for a terminal.
  ///
  /// - Parameters:
  ///   - network: The trained network.
  ///   - data: The training samples.
  /// - Returns: The plot's text.
  /// - Throws: `FromScratchError` or `PlotError`.
  public static func terminalPlot(_ network: Network, data: Samples) throws -> String {
    let xs = SinExp.grid(count: 120)
    let prediction = try xs.map { try network.predict([$0])[0] }
    return try TerminalPlot(
      title: "target (o, training points) vs KAN prediction (braille line)",
      series: [
        Series("prediction", x: xs, y: prediction),
        Series("target", x: data.x, y: data.y, style: .scatter),
      ], width: 64, height: 14
    ).render()
  }

  /// Writes `fit.svg`, `loss.svg` and `edges.svg` into `folder`, creating it if needed.
  ///
  /// - Parameters:
  ///   - network: The trained network.
  ///   - data: The training samples.
  ///   - losses: The mean loss of every epoch.
  ///   - folder: The output folder; files of these names in it are replaced.
  /// - Returns: The paths written, in that order.
  /// - Throws: `PlotError` if the folder cannot be written, `FromScratchError` on prediction.
  public static func writeFigures(
    _ network: Network, data: Samples, losses: [Double], to folder: String
  ) throws -> [String] {
    try createFolder(folder)
    let test = SinExp.grid(count: testCount)
    let fit = Chart(
      title: "0.5 sin(4x) exp(-x-1): target vs KAN prediction", xLabel: "x", yLabel: "y",
      series: [
        Series("target f(x)", x: test, y: test.map(SinExp.f), color: "#999999"),
        Series("training points", x: data.x, y: data.y, style: .scatter, color: "#1f77b4"),
        Series(
          "prediction", x: test, y: try test.map { try network.predict([$0])[0] },
          color: "#d62728"),
      ])
    let loss = Chart(
      title: "training loss (mean MSE per epoch)", xLabel: "epoch", yLabel: "loss (log scale)",
      series: [Series("loss", x: losses.indices.map { Double($0 + 1) }, y: losses)],
      yScale: .log, showsLegend: false)
    let files = [
      (folder + "/fit.svg", try fit.svg()),
      (folder + "/loss.svg", try loss.svg()),
      (folder + "/edges.svg", try edgeGrid(network, data: data).svg()),
    ]
    for (path, svg) in files { try writeAtomically(svg, to: path) }
    return files.map(\.0)
  }

  /// One panel per edge, `layer l, edge i->j`, showing `phi_ij(x) = sum_k w_ijk B_k(x)` on
  /// `[-1, 1]` and, as dots, the values the training inputs actually reach that edge with.
  ///
  /// - Parameters:
  ///   - network: The trained network.
  ///   - data: The training samples, pushed through the layers to find each edge's inputs.
  /// - Returns: The grid, four panels per row, indices counted from 0 as in `layers[l]`.
  /// - Throws: `FromScratchError` on evaluation.
  public static func edgeGrid(_ network: Network, data: Samples) throws -> PanelGrid {
    let xs = SinExp.grid(count: 101)
    let inputs = try data.inputs.map { try network.stages($0).inputs }  // inputs[s][l] is (in_l)
    var panels: [Chart] = []
    for (l, layer) in network.layers.enumerated() {
      for i in 0..<layer.inFeatures {
        for j in 0..<layer.outFeatures {
          let seen = inputs.map { $0[l][i] }
          panels.append(
            Chart(
              title: "layer \(l), edge \(i)->\(j)", xLabel: "x_\(i)", yLabel: "phi(x)",
              series: [
                Series("phi", x: xs, y: try xs.map { try layer.edge($0, from: i, to: j) }),
                Series(
                  "training inputs", x: seen,
                  y: try seen.map { try layer.edge($0, from: i, to: j) }, style: .scatter),
              ], showsLegend: false))
        }
      }
    }
    return PanelGrid(
      title: "every edge's learned function phi_ij(x) = sum_k w_ijk B_k(x) (dots: training inputs)",
      panels: panels, columns: 4)
  }
}
