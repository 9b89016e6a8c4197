// GEMMBenchmark: timing of the Float kernels, for the CLI and for tuning. Never run from tests.

/// Times the Float GEMM kernels on given shapes.
public enum GEMMBenchmark {
  /// Which product to time.
  public enum Variant: String, CaseIterable, Sendable {
    /// C (m×n) = A (m×k) · B (k×n), `matmul`.
    case matmul
    /// C (m×n) = Aᵀ · B with A stored (k×m), `matmulTransposedA`.
    case transposedA
    /// C (m×n) = A · Bᵀ with B stored (n×k), `matmulTransposedB`.
    case transposedB
  }

  /// Times one Float product: one warm-up run, then `repetitions` timed runs.
  ///
  ///     gflops = 2 · m · n · k / medianSeconds / 1e9
  ///
  /// The inputs hold a fixed pattern in [-0.5, 0.5); C is overwritten (`accumulate == false`).
  ///
  /// - Parameters:
  ///   - m: Rows of C, `>= 0`.
  ///   - n: Columns of C, `>= 0`.
  ///   - k: The shared dimension, `>= 0`.
  ///   - variant: The product to time.
  ///   - threads: The largest number of threads, `>= 1`.
  ///   - repetitions: Timed runs, `>= 1`.
  /// - Returns: The median and best wall-clock seconds of one product, and the median's rate.
  public static func measure(
    m: Int, n: Int, k: Int, variant: Variant, threads: Int, repetitions: Int
  ) -> (medianSeconds: Double, bestSeconds: Double, gflops: Double) {
    precondition(m >= 0 && n >= 0 && k >= 0, "measure: sizes must be >= 0, got \(m) \(n) \(k)")
    precondition(repetitions >= 1, "measure: repetitions must be >= 1, got \(repetitions)")
    let a = (0..<(m * k)).map { Float(($0 &* 7919) % 1000) / 1000 - 0.5 }
    let b = (0..<(k * n)).map { Float(($0 &* 104_729) % 1000) / 1000 - 0.5 }
    var c = [Float](repeating: 0, count: m * n)
    func run() {
      switch variant {
      case .matmul: matmul(&c, a, b, m: m, n: n, k: k, threads: threads)
      case .transposedA: matmulTransposedA(&c, a, b, m: m, n: n, k: k, threads: threads)
      case .transposedB: matmulTransposedB(&c, a, b, m: m, n: n, k: k, threads: threads)
      }
    }
    run()
    let clock = ContinuousClock()
    var seconds: [Double] = []
    for _ in 0..<repetitions {
      let elapsed = clock.measure(run).components
      seconds.append(Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
    }
    seconds.sort()
    let median = seconds[seconds.count / 2]
    let flops = 2 * Double(m) * Double(n) * Double(k)
    return (median, seconds[0], median > 0 ? flops / median / 1e9 : 0)
  }
}
