import Foundation
import KAN
import KANDemo
import KANPlot

/// `kan fit`: the sin·exp demo on the efficient track, `KANNetwork([1, 2, 1])` fitted by
/// full-batch L-BFGS as pykan fits it.
enum FitCommand: Subcommand {
  static let name = "fit"
  static let summary = "fit sin·exp with the efficient KAN([1,2,1]) by L-BFGS, as pykan does"
  static let usage =
    "kan fit [--steps N] [--seed S] [--grid-updates N] [--out DIR] [--data PATH] [--no-plot]"
  static let discussion = """
    Fits KANNetwork<Double>([1, 2, 1]) (grid 5, cubic B-splines, SiLU base branch, efficient-kan's
    initialisation) to the 20 points of Data/sin-exp/train.csv with L-BFGS: --steps calls of 20
    quasi-Newton iterations each, strong-Wolfe line search, history 10 (pykan's
    fit(opt="LBFGS")), updating the grids to the data every 5 steps until step 50 as pykan does.
    Prints the loss every 10 steps, the train MSE, the MSE on 200 test points and the time, a
    terminal plot, and writes fit.svg, loss.svg and edges.svg (every edge's learned function)
    to the output folder. Files with those names in the output folder are overwritten.
    """
  static let defaultSeed: UInt64 = 4
  static let defaultOutput = "kan-output/sin-exp-efficient"
  static let options = [
    OptionSpec(name: "--steps", valueName: "N", help: "L-BFGS steps (default 100)"),
    OptionSpec(
      name: "--seed", valueName: "S", help: "seed of the initial weights (default \(defaultSeed))"),
    OptionSpec(
      name: "--grid-updates", valueName: "N",
      help: "steps between grid updates until step 50; 0 = never (default 5)"),
    OptionSpec(
      name: "--out", valueName: "DIR",
      help: "folder for the SVG figures (default \(defaultOutput))"),
    OptionSpec(
      name: "--data", valueName: "PATH",
      help: "CSV with header x,y (default Data/sin-exp/train.csv)"),
    OptionSpec(name: "--no-plot", valueName: nil, help: "skip the terminal plot"),
  ]

  static func run(_ arguments: ParsedArguments) throws {
    let steps = try arguments.int("--steps", default: 100, in: 1...100_000)
    let seed = try arguments.seed("--seed", default: defaultSeed)
    let every = try arguments.int("--grid-updates", default: 5, in: 0...100_000)
    let folder = arguments.string("--out", default: defaultOutput)
    let samples = try Samples.read(csv: checkedTrainingCSV(arguments.values["--data"]))
    try createFolder(folder)
    let data = try Dataset(
      inputs: Tensor(shape: [samples.x.count, 1], scalars: samples.x),
      targets: .values(Tensor(shape: [samples.y.count, 1], scalars: samples.y)))
    var network = try KANNetwork<Double>(widths: [1, 2, 1], seed: seed)
    network.threads = 1
    print("KANNetwork<Double>([1, 2, 1]): \(network.parameterCount) parameters, seed \(seed)")
    print("L-BFGS, \(steps) steps of up to 20 iterations, grid updates every \(every) steps")
    let start = DispatchTime.now().uptimeNanoseconds
    let losses = try network.fitLBFGS(data, steps: steps, gridUpdateEvery: every) { step, loss, _ in
      if step % 10 == 0 || step == steps {
        print("step \(step)/\(steps)  loss \(String(format: "%.3e", loss))")
      }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let test = SinExp.grid(count: 200)
    let prediction = try network(Tensor(shape: [test.count, 1], scalars: test)).scalars
    let testMSE = zip(prediction, test).map { pow($0 - SinExp.f($1), 2) }.reduce(0, +) / 200
    print("train MSE (20 points): \(String(format: "%.3e", losses.last ?? .nan))")
    print("test MSE (200 points): \(String(format: "%.3e", testMSE))")
    print("fit time: \(String(format: "%.1f", seconds * 1000)) ms")
    if !arguments.flags.contains("--no-plot") {
      print(
        try TerminalPlot(
          title: "target (o, training points) vs efficient KAN (braille line)",
          series: [
            Series("prediction", x: test, y: prediction),
            Series("target", x: samples.x, y: samples.y, style: .scatter),
          ], width: 64, height: 14
        ).render())
    }
    let files = try writeFigures(
      network, samples: samples, test: test, prediction: prediction, losses: losses, to: folder)
    print("figures written to \(folder)/: " + files.joined(separator: ", "))
  }

  /// Writes the fit, the loss curve and one panel per edge; returns the file names.
  private static func writeFigures(
    _ network: KANNetwork<Double>, samples: Samples, test: [Double], prediction: [Double],
    losses: [Double], to folder: String
  ) throws -> [String] {
    let fit = Chart(
      title: "0.5 sin(4x) exp(-x-1): target vs efficient KAN (L-BFGS)", xLabel: "x", yLabel: "y",
      series: [
        Series("target f(x)", x: test, y: test.map(SinExp.f), color: "#999999"),
        Series("training points", x: samples.x, y: samples.y, style: .scatter, color: "#1f77b4"),
        Series("prediction", x: test, y: prediction, color: "#d62728"),
      ])
    let loss = Chart(
      title: "training loss after each L-BFGS step", xLabel: "step", yLabel: "MSE (log scale)",
      series: [Series("loss", x: losses.indices.map { Double($0 + 1) }, y: losses)],
      yScale: .log, showsLegend: false)
    var panels: [Chart] = []
    var activation = try Tensor<Double>(shape: [test.count, 1], scalars: test)
    for (l, layer) in network.layers.enumerated() {
      let outputs = try layer(activation)
      for i in 0..<layer.inFeatures {
        let column = (0..<test.count).map { activation.scalars[$0 * layer.inFeatures + i] }
        let low = column.min() ?? -1
        let high = column.max() ?? 1
        let xs = (0..<101).map { low + (high - low) * Double($0) / 100 }
        for j in 0..<layer.outFeatures {
          panels.append(
            Chart(
              title: "layer \(l), edge \(i)->\(j)", xLabel: "x", yLabel: "phi",
              series: [Series("phi", x: xs, y: try layer.edge(from: i, to: j, at: xs))],
              showsLegend: false))
        }
      }
      activation = outputs
    }
    let edges = PanelGrid(title: "every edge's learned function phi_ji", panels: panels, columns: 3)
    let files = [
      ("fit.svg", try fit.svg()), ("loss.svg", try loss.svg()), ("edges.svg", try edges.svg()),
    ]
    for (name, svg) in files { try writeAtomically(svg, to: folder + "/" + name) }
    return files.map(\.0)
  }
}
