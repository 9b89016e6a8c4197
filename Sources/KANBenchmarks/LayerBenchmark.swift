import KAN
import KANKernels

/// One row of the benchmark table, in the units of the KAN-benchmarking protocol.
public struct BenchmarkRow: Sendable {
  /// The model's name, such as `kan-b-spline` or `dense-silu`.
  public var model: String
  /// `[in, hidden..., out]`.
  public var widths: [Int]
  /// Samples per pass.
  public var batch: Int
  /// Threads used by the kernels.
  public var threads: Int
  /// Median forward time in milliseconds.
  public var forwardMs: Double
  /// Median backward time in milliseconds (loss gradient through the network, no update).
  public var backwardMs: Double
  /// Learnable scalars.
  public var parameters: Int
  /// Peak resident memory of the process while the row was measured, in MiB.
  public var peakRSSMB: Double
  /// For a KAN row: the median time of the dense products its layers would run on the product
  /// path, `A (batch, in*C) . W_c^T` per layer, measured in the same run: the floor of the
  /// product formulation, against which the forward and backward overhead is read.
  public var productMs: Double?

  /// The row as one JSON object with the protocol's keys (and `product_ms` for a KAN row).
  public var json: String {
    "{\"model\": \"\(model)\", \"widths\": \(widths), \"batch\": \(batch), "
      + "\"threads\": \(threads), \"forward_ms\": \(fixed(forwardMs, 3)), "
      + "\"backward_ms\": \(fixed(backwardMs, 3)), \"params\": \(parameters), "
      + "\"peak_rss_mb\": \(fixed(peakRSSMB, 1))"
      + (productMs.map { ", \"product_ms\": \(fixed($0, 3))" } ?? "") + "}"
  }
}

/// Times forward and backward passes the way KAN-benchmarking does: a warm-up pass, then
/// `repetitions` timed passes, reporting the medians.
public enum LayerBenchmark {
  /// Measures a `KANNetwork<Float>` of the given widths and basis on a seeded batch in `[-1, 1]`.
  ///
  /// - Throws: `KANError` if the network cannot be built.
  public static func kan(
    widths: [Int], batch: Int, threads: Int, repetitions: Int, basis: BasisKind = .bSpline
  ) throws -> BenchmarkRow {
    PeakMemory.reset()
    let configuration = KANConfiguration(basis: basis)
    var network = try KANNetwork<Float>(widths: widths, configuration: configuration, seed: 1)
    network.threads = threads
    let x = try seededBatch(batch, widths[0])
    let target = try Tensor<Float>(shape: [batch, widths[widths.count - 1]], filledWith: 0)
    var forward: [Double] = []
    var backward: [Double] = []
    for repetition in 0...repetitions {
      var output = x
      let forwardTime = try seconds { output = try network.forward(x) }
      let backwardTime = try seconds {
        let (_, gradient) = try meanSquaredError(output, target)
        try network.backward(gradient)
      }
      network.zeroGradients()
      if repetition > 0 {
        forward.append(forwardTime)
        backward.append(backwardTime)
      }
    }
    let memory = PeakMemory.megabytes()
    return BenchmarkRow(
      model: "kan-\(basis.rawValue)", widths: widths, batch: batch, threads: threads,
      forwardMs: median(forward) * 1e3, backwardMs: median(backward) * 1e3,
      parameters: network.parameterCount, peakRSSMB: memory,
      productMs: try productTime(
        widths: widths, columns: configuration.columnsPerInput, batch: batch, threads: threads,
        repetitions: repetitions) * 1e3)
  }

  /// The median seconds of the product-path GEMMs of a network, `C (batch, out_l) =
  /// A (batch, in_l*C) . W^T` for every layer `l`, on seeded operands.
  static func productTime(
    widths: [Int], columns: Int, batch: Int, threads: Int, repetitions: Int
  ) throws -> Double {
    var total = 0.0
    for l in 0..<(widths.count - 1) {
      let (width, outputs) = (widths[l] * columns, widths[l + 1])
      let a = try seededBatch(batch, width).scalars
      let w = try seededBatch(outputs, width).scalars
      var c = [Float](repeating: 0, count: batch * outputs)
      var times: [Double] = []
      for repetition in 0...repetitions {
        let time = seconds {
          matmulTransposedB(&c, a, w, m: batch, n: outputs, k: width, threads: threads)
        }
        if repetition > 0 { times.append(time) }
      }
      total += median(times)
    }
    return total
  }

  /// Measures the dense reference: the same widths, SiLU between layers, same kernels.
  public static func dense(
    widths: [Int], batch: Int, threads: Int, repetitions: Int
  ) throws -> BenchmarkRow {
    PeakMemory.reset()
    var network = DenseReference(widths: widths, threads: threads, seed: 1)
    let x = try seededBatch(batch, widths[0]).scalars
    var forward: [Double] = []
    var backward: [Double] = []
    for repetition in 0...repetitions {
      var output: [Float] = []
      let forwardTime = seconds { output = network.forward(x, batch: batch) }
      let backwardTime = seconds {
        let scale = 2 / Float(output.count)
        _ = network.backward(output.map { $0 * scale }, batch: batch)
      }
      if repetition > 0 {
        forward.append(forwardTime)
        backward.append(backwardTime)
      }
    }
    return BenchmarkRow(
      model: "dense-silu", widths: widths, batch: batch, threads: threads,
      forwardMs: median(forward) * 1e3, backwardMs: median(backward) * 1e3,
      parameters: network.parameterCount, peakRSSMB: PeakMemory.megabytes())
  }

  /// A `(rows, columns)` batch of seeded values in `[-1, 1]`.
  static func seededBatch(_ rows: Int, _ columns: Int) throws -> Tensor<Float> {
    var generator = SeededGenerator(seed: 7)
    let values = (0..<(rows * columns)).map { _ in Float(generator.uniform(-1, 1)) }
    return try Tensor(shape: [rows, columns], scalars: values)
  }
}
