import Foundation
import KANFromScratch
import KANPlot

/// The blog's demo: fit `0.5 sin(4x) exp(-x - 1)` on 20 points with the network
/// `Layer(1, 2), Tanh, Layer(2, 2), Tanh, Layer(2, 1)` for 100 epochs, then report and plot.
///
/// `run` does all of it; the steps are public too, so tutorial 05 can pause between them.
public enum SinExpDemo {
  /// The seed used when none is given; it trains well (train MSE ~3.6e-4 after 100 epochs).
  public static let defaultSeed: UInt64 = 0
  /// The folder figures go to when none is given.
  public static let defaultOutput = "kan-output/sin-exp"
  /// The number of evenly spaced test points on `[-1, 1]`.
  public static let testCount = 200

  /// What to run and where to write.
  public struct Options: Sendable {
    /// Passes over the 20 training points; at least 1.
    public var epochs = 100
    /// The seed of the weights' initialisation.
    public var seed = SinExpDemo.defaultSeed
    /// The folder the SVG figures are written to; files of the same names are overwritten.
    public var output = SinExpDemo.defaultOutput
    /// A CSV with header `x,y` to train on, or `nil` for `Data/sin-exp/train.csv`.
    public var dataPath: String?
    /// Whether to print the fit as a terminal plot.
    public var terminalPlot = true
    /// Print the loss every this many epochs (and at the first and last).
    public var printEvery = 10

    /// Creates the default options: 100 epochs, seed 0, `kan-output/sin-exp`, terminal plot on.
    public init() {}
  }

  /// What a run produced.
  public struct Result: Sendable {
    /// The trained network.
    public var network: Network
    /// The mean training loss of every epoch; the result is (epochs).
    public var lossPerEpoch: [Double]
    /// The MSE on the training points after training.
    public var trainMSE: Double
    /// The MSE on `testCount` evenly spaced points after training.
    public var testMSE: Double
    /// The time spent in `fit`, in seconds.
    public var trainingSeconds: Double
    /// The SVG files written, in order: fit, loss, edges.
    public var files: [String]
  }

  /// Runs the whole demo: load, train with progress, evaluate, plot, write figures.
  ///
  /// - Parameters:
  ///   - options: What to run and where to write.
  ///   - log: Receives every line of output (`print` by default).
  /// - Returns: The trained network, losses, errors and file paths.
  /// - Throws: `DemoError`, `FromScratchError` or `PlotError`, each with a message saying what
  ///   to do.
  @discardableResult
  public static func run(_ options: Options, log: (String) -> Void = { print($0) }) throws
    -> Result
  {
    guard options.epochs >= 1, options.printEvery >= 1 else {
      throw DemoError.invalidOption(
        name: "--epochs", value: "\(options.epochs)", reason: "train for at least 1 epoch")
    }
    let path = try Samples.locateTrainingCSV(explicit: options.dataPath)
    let data = try Samples.read(csv: path)
    try createFolder(options.output)  // fail before training, not after, on a bad --out
    log(
      "kan demo: fit 0.5 sin(4x) exp(-x-1) on \(data.x.count) points from "
        + Samples.displayPath(path))
    log("network: Layer(1, 2), Tanh, Layer(2, 2), Tanh, Layer(2, 1); 7 cubic B-spline weights")
    log("per edge; SGD, learning rate 0.05, \(options.epochs) epochs, seed \(options.seed)")
    var network = try Network(seed: options.seed)
    let start = ContinuousClock.now
    let losses = try network.fit(data.inputs, data.targets, epochs: options.epochs) {
      epoch, loss in
      let shown = epoch + 1
      if shown == 1 || shown % options.printEvery == 0 || shown == options.epochs {
        log("epoch \(pad(shown, to: options.epochs))/\(options.epochs)  loss \(scientific(loss))")
      }
    }
    let elapsed = ContinuousClock.now - start
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let (trainMSE, testMSE) = try evaluate(network, on: data)
    if options.terminalPlot { log(try terminalPlot(network, data: data)) }
    log("train MSE (\(data.x.count) points):  \(scientific(trainMSE))")
    log("test MSE (\(testCount) points):  \(scientific(testMSE))")
    log("training time: \(String(format: "%.1f", seconds * 1000)) ms")
    let files = try writeFigures(network, data: data, losses: losses, to: options.output)
    log("figures written to \(options.output)/ (files of these names are overwritten):")
    for file in files { log("  \(file)") }
    return Result(
      network: network, lossPerEpoch: losses, trainMSE: trainMSE, testMSE: testMSE,
      trainingSeconds: seconds, files: files)
  }

  /// Computes the MSE on the training samples and on `testCount` evenly spaced points.
  ///
  ///     MSE = (1/S) sum_s (f(x_s) - network(x_s))^2
  ///
  /// - Parameters:
  ///   - network: The network to evaluate.
  ///   - data: The training samples.
  /// - Returns: The train and test MSE.
  /// - Throws: `FromScratchError` if a prediction fails.
  public static func evaluate(_ network: Network, on data: Samples) throws -> (
    train: Double, test: Double
  ) {
    let test = SinExp.grid(count: testCount)
    return (
      try network.meanLoss(data.inputs, data.targets),
      try network.meanLoss(test.map { [$0] }, test.map { [SinExp.f($0)] })
    )
  }
}

/// Formats a loss like `3.598e-04`.
func scientific(_ value: Double) -> String {
  String(format: "%.3e", value)
}

/// Right-aligns `value` to the width of `last`, so epoch numbers line up.
private func pad(_ value: Int, to last: Int) -> String {
  let text = "\(value)"
  return String(repeating: " ", count: max(0, "\(last)".count - text.count)) + text
}
