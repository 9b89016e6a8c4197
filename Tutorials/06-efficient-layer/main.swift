// Tutorial 06: the efficient layer (efficient-kan's reformulation). The blog's loops and pykan's
// (batch, in, out) tensor become one matrix product y = A . W_c^T, checked on numbers against
// the blog's layer, and then timed against it.

import Dispatch
import KAN
import KANFromScratch
import KANKernels
import KANPlot
import TutorialSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - The reformulation, spelled out from the blog's basis

/// The feature matrix built from the blog's basis, one row per sample.
///
///     A[b, i*C] = b(x[b][i]),   A[b, i*C + 1 + k] = B_k(x[b][i])      A is (batch, in*C)
///
/// - Parameters:
///   - x: The batch; x is (batch, in).
///   - spline: The basis of every edge, `C = 1 + spline.n` columns per input.
///   - base: The base activation `b` as (value, derivative), or nil for a column of zeros.
///   - derivative: Whether to fill the columns with `b'` and `B'_k` instead.
/// - Returns: `A` (or `features'`), flat and row-major.
func blogFeatures(
  _ x: [[Double]], spline: BSpline, base: ((Double) -> (Double, Double))?,
  derivative: Bool = false
) -> [Double] {
  let columns = 1 + spline.n
  let inputs = x[0].count
  var a = [Double](repeating: 0, count: x.count * inputs * columns)
  for b in x.indices {
    for i in 0..<inputs {
      let row = (b * inputs + i) * columns
      if let (value, slope) = base?(x[b][i]) { a[row] = derivative ? slope : value }
      for k in 0..<spline.n {
        a[row + 1 + k] =
          derivative
          ? spline.derivative(x[b][i], index: k)
          : spline.basis(x[b][i], degree: spline.p, index: k)
      }
    }
  }
  return a
}

/// `silu(x) = x / (1 + e^-x)` and `silu'(x) = s (1 + x (1 - s))` with `s = 1 / (1 + e^-x)`.
///
/// - Parameter x: The point.
/// - Returns: The value and the derivative.
func silu(_ x: Double) -> (Double, Double) {
  let s = 1 / (1 + exp(-x))
  return (x * s, s * (1 + x * (1 - s)))
}

/// The combined weight of a layer from its public parameters.
///
///     W_c[j, i*C] = w_b[j, i],   W_c[j, i*C + 1 + m] = w_s[j, i, m] s[j, i]     (out, in*C)
///
/// - Parameter layer: The layer.
/// - Returns: `W_c`, flat and row-major.
func combinedWeight(_ layer: KANLinear<Double>) -> [Double] {
  let (n, columns) = (layer.basisCount, layer.columnsPerInput)
  let width = layer.inFeatures * columns
  var w = [Double](repeating: 0, count: layer.outFeatures * width)
  for j in 0..<layer.outFeatures {
    for i in 0..<layer.inFeatures {
      w[j * width + i * columns] = layer.baseWeight[j, i]
      for m in 0..<n {
        w[j * width + i * columns + 1 + m] = layer.splineWeight[j, i, m] * layer.splineScaler[j, i]
      }
    }
  }
  return w
}

/// A row of numbers, each with `digits` decimals.
///
/// - Parameters:
///   - values: The numbers.
///   - digits: The decimals.
/// - Returns: The text, separated by spaces.
func row(_ values: some Collection<Double>, _ digits: Int = 4) -> String {
  values.map { fixed($0, digits) }.joined(separator: " ")
}

/// The largest `|a - b|` over two equally long lists.
///
/// - Parameters:
///   - a: The first list.
///   - b: The second list.
/// - Returns: The maximum absolute difference.
func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
  zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

// MARK: - Timing

#if DEBUG
/// Whether this is a debug build (its timings are 10-100x slower than release).
let isDebugBuild = true
/// The shapes of the speed table, `(in, out, batch)`: one small shape in a debug build.
let tableShapes = [(10, 100, 256)]
/// The batch sizes of the timing figure besides 256 (the table's first row).
let sweepBatches = [1, 4, 16, 64]
/// The timed runs per measurement.
let timedRuns = 3
#else
/// Whether this is a debug build (its timings are 10-100x slower than release).
let isDebugBuild = false
/// The shapes of the speed table, `(in, out, batch)`.
let tableShapes = [(10, 100, 256), (100, 100, 1000), (100, 1000, 1000)]
/// The batch sizes of the timing figure besides 256 (the table's first row).
let sweepBatches = [1, 4, 16, 64, 1024]
/// The timed runs per measurement.
let timedRuns = 5
#endif

/// The median wall time of `runs` calls of `body` in milliseconds, after a warm-up call.
///
/// A call that takes over half a second needs no warm-up (first-touch costs are lost in it),
/// so then the warm-up counts as a run and only 3 runs are made, to keep the tutorial short.
///
/// - Parameters:
///   - runs: The timed calls, at least 1.
///   - body: The work.
/// - Returns: The median in milliseconds.
/// - Throws: What `body` throws.
func medianMilliseconds(runs: Int, _ body: () throws -> Void) throws -> Double {
  var times: [Double] = []
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  let first = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
  if first > 500 { times.append(first) }
  while times.count < (first > 500 ? min(runs, 3) : runs) {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
  }
  return times.sorted()[times.count / 2]
}

/// One measured shape: the blog's per-sample loops against `KANLinear` on the same batch.
struct Timing {
  /// The layer's inputs.
  var inputs: Int
  /// The layer's outputs.
  var outputs: Int
  /// The samples per pass.
  var batch: Int
  /// `KANFromScratch.Layer.forward` once per sample (Double, nested arrays, one thread).
  var blog: Double
  /// `KANLinear<Double>.forward` on the batch with one thread.
  var double1: Double
  /// `KANLinear<Float>.forward` on the batch with every core.
  var floatAll: Double
}

/// Times one shape, with weights drawn from `seed` and inputs uniform in `[-1, 1)`.
///
/// - Parameters:
///   - inputs: The layer's inputs.
///   - outputs: The layer's outputs.
///   - batch: The samples per pass.
///   - runs: The timed passes per implementation (the median is kept).
///   - seed: The seed of the weights and the inputs.
/// - Returns: The three median times in milliseconds.
/// - Throws: Nothing for valid sizes; a library error otherwise.
func measure(inputs: Int, outputs: Int, batch: Int, runs: Int, seed: UInt64) throws -> Timing {
  var generator = SplitMix64(seed: seed)
  var blog = try Layer(inputs, outputs, generator: &generator)  // w is (in, out, 7)
  let samples = (0..<batch).map { _ in (0..<inputs).map { _ in 2 * generator.uniform() - 1 } }
  let x = try Tensor<Double>(shape: [batch, inputs], scalars: samples.flatMap { $0 })
  // gridSize 4 and order 3 give the blog's n = 7 bases per edge; the base branch stays on.
  let blogSized = KANConfiguration(gridSize: 4, splineOrder: 3)
  var double1 = try KANLinear<Double>(
    inFeatures: inputs, outFeatures: outputs, configuration: blogSized, seed: seed)
  double1.threads = 1
  var floatAll = try KANLinear<Float>(
    inFeatures: inputs, outFeatures: outputs, configuration: blogSized, seed: seed)
  let xFloat = x.converted(to: Float.self)
  return Timing(
    inputs: inputs, outputs: outputs, batch: batch,
    blog: try medianMilliseconds(runs: runs) {
      for sample in samples { _ = try blog.forward(sample) }
    },
    double1: try medianMilliseconds(runs: runs) { _ = try double1.forward(x) },
    floatAll: try medianMilliseconds(runs: runs) { _ = try floatAll.forward(xFloat) })
}

// MARK: - The tutorial

Tutorial.run(
  name: "06-efficient-layer",
  title: "the efficient layer: bases once per input, then one matrix product", steps: 6
) { tutorial in
  // The tiny layer of steps 2 and 4: 2 inputs, 3 outputs, the blog's n = 7 cubic bases.
  var generator = SplitMix64(seed: tutorial.seed)
  var blog = try Layer(2, 3, generator: &generator)  // w is (in 2, out 3, n 7)
  var efficient = try KANLinear<Double>(
    inFeatures: 2, outFeatures: 3,
    configuration: KANConfiguration(
      gridSize: 4, splineOrder: 3, baseActivation: .zero, standaloneSplineScaler: false))
  var splineWeight = efficient.splineWeight  // (out, in, n)
  var knots = efficient.grid  // (in, n + p + 1)
  for i in 0..<2 {
    for j in 0..<3 {
      for k in 0..<7 { splineWeight[j, i, k] = blog.w[i][j][k] }
    }
    for m in blog.spline.t.indices { knots[i, m] = blog.spline.t[m] }
  }
  try efficient.setSplineWeight(splineWeight)
  try efficient.setGrid(knots)
  let x = [[-0.4, 0.55], [0.3, -0.85]]  // x is (batch 2, in 2)
  let xTensor = try Tensor<Double>(shape: [2, 2], scalars: x.flatMap { $0 })
  let columns = efficient.columnsPerInput  // C = 1 + n = 8
  let width = 2 * columns  // in * C = 16
  let a = blogFeatures(x, spline: blog.spline, base: nil)  // A is (batch 2, in*C 16)
  let wc = combinedWeight(efficient)  // W_c is (out 3, in*C 16)

  tutorial.step("three ways to lay out one layer", section: "§Forward Pass") {
    let (inputs, outputs, batch, n) = (100, 1000, 1000, 7)
    let c = 1 + n
    /// A count of floats in millions, and its size at 4 bytes per float.
    func size(_ count: Int) -> String {
      let digits = count >= 10_000_000 ? 0 : 1
      return
        "\(plain(Double(count) / 1e6, digits)) M = \(plain(Double(4 * count) / 1e6, digits)) MB"
    }
    let blogWork = batch * inputs * outputs * n / 1_000_000
    let gemmWork = batch * inputs * outputs * c / 1_000_000
    func line(_ name: String, _ array: String, _ work: String) -> String {
      let text =
        name.padding(toLength: 13, withPad: " ", startingAt: 0)
        + array.padding(toLength: max(43, array.count + 2), withPad: " ", startingAt: 0) + work
      return String(text.reversed().drop { $0 == " " }.reversed())
    }
    let table = [
      line("", "largest array", "multiply-adds"),
      line(
        "blog loops", "basis (n, in) per sample: \(n * inputs) numbers",
        "\(blogWork) M, one sample at a time"),
      line(
        "pykan", "edges (batch, in, out): \(size(batch * inputs * outputs))",
        "\(blogWork) M, then a sum over in"),
      line(
        "A . W_c^T", "A (batch, in*C): \(size(batch * inputs * c))", "\(gemmWork) M in one GEMM"),
      line("", "W_c (out, in*C): \(size(outputs * inputs * c))", ""),
    ]
    let pykanMegabytes = plain(Double(4 * batch * inputs * outputs) / 1e6, 0)
    tutorial.say(
      """
      The blog computes y_j = sum_i sum_k w_ijk B_k(x_i) one sample at a time, with three loops
      (KANFromScratch.Layer). pykan's KANLayer evaluates every edge phi_ij(x_i) of a batch into
      a (batch, in, out) tensor, sums it over in, and keeps two more copies of it (postspline,
      postacts) for its plots. efficient-kan evaluates the bases once per input into a feature
      matrix A (batch, in*C) and multiplies it by a combined weight W_c (out, in*C):
      y = A . W_c^T, one matrix product (GEMM). For a [\(inputs) -> \(outputs)] layer at
      batch \(batch), with n = \(n) bases per edge and C = 1 + n = \(c) columns per input:

      \(table.joined(separator: "\n"))

      The product does \(c)/\(n) of the blog's arithmetic (the extra column is the base branch,
      silu), but it never forms the \(pykanMegabytes) MB tensor, and a GEMM reuses every weight
      across the batch, from cache and SIMD registers, near the CPU's peak rate.
      """)
  }

  try tutorial.step("y = A . W_c^T on a 2 x 3 layer, batch 2", section: "§Forward Pass") {
    tutorial.say(
      """
      Layer(2, 3) as in tutorial 03 (seed \(tutorial.seed)), and a KANLinear<Double> with the
      same knots and weights and its base branch off (baseActivation: .zero,
      standaloneSplineScaler: false). Each input fills a block of C = 8 columns of A,
      [b(x) | B_0(x) ... B_6(x)], with b = 0 here. The batch is x = \(x):
      """)
    for b in 0..<2 {
      for i in 0..<2 {
        let label = "A[\(b), \(i * columns)..<\((i + 1) * columns)]"
        let block = a[(b * width + i * columns)..<(b * width + (i + 1) * columns)]
        tutorial.say(
          label.padding(toLength: 13, withPad: " ", startingAt: 0)
            + "x = \(fixed(x[b][i], 2)):  " + row(block))
      }
    }
    tutorial.say("\nW_c[j, i*C + 1 + k] = w_ijk of the blog, and W_c[j, i*C] = w_b[j, i] = 0:")
    for j in 0..<3 {
      for i in 0..<2 {
        let label = "W_c[\(j), \(i * columns)..<\((i + 1) * columns)]"
        let block = wc[(j * width + i * columns)..<(j * width + (i + 1) * columns)]
        tutorial.say(
          label.padding(toLength: 15, withPad: " ", startingAt: 0) + "edge \(i)->\(j):  "
            + row(block))
      }
    }
    var product = [Double](repeating: 0, count: 2 * 3)  // y is (batch 2, out 3)
    matmulTransposedB(&product, a, wc, m: 2, n: 3, k: width, threads: 1)
    let library = try efficient(xTensor).scalars
    let loops = try x.flatMap { try blog.forward($0) }
    tutorial.say("\n         A . W_c^T    KANLinear    blog's loops")
    for q in 0..<6 {
      tutorial.say(
        "y[\(q / 3), \(q % 3)]  \(fixed(product[q], 8))  \(fixed(library[q], 8))  "
          + fixed(loops[q], 8))
    }
    tutorial.say(
      """
      max |A . W_c^T - loops| = \(scientific(maxDifference(product, loops))), \
      max |KANLinear - loops| = \(scientific(maxDifference(library, loops)))
      The same sum in another order: per sample, the blog's loops do in*out*n = 42 products
      and A . W_c^T does in*C*out = 48 (the 6 extra are the zero base column).
      """)
  }

  try tutorial.step("from the blog's layer to KANLinear, term by term", section: "§Forward Pass") {
    tutorial.say(
      """
      The layer above agreed with the blog's because two of KANLinear's terms were switched
      off. Everything that differs, from the blog's Layer (tutorials 01-05) to KANLinear:

      term               blog's Layer                         KANLinear (efficient-kan)
      edge function      sum_k w_ijk B_k(x)                   w_b b(x) + s sum_m w_s B_m(x)
      weight layout      w[i][j][k], (in, out, n)             w_s[j, i, m], (out, in, n); in the
                                                              product W_c[j, i*C + 1 + m] = s w_s
      base branch        none                                 w_b[j, i] silu(x), in column i*C
      spline scale       none (s = 1)                         s[j, i], learnable per edge
      grid               one [-1, 1] grid, n + p + 1 knots    a knot row per input, G + 2k + 1
                                                              knots (G = n - p: the same 11 here),
                                                              moved to the data by updateGrid
      between layers     tanh keeps values on the grid        nothing: silu and grid updates
      outside the grid   bases fade to 0                      OutOfGridPolicy: .zero (the same),
                                                              .clamp or .linearExtrapolation
      numbers            Double, one sample at a time         Float or Double, a batch at a time

      Switching the two extra terms on one at a time, and adding the same term to the blog's
      edges by hand, phi_ji(x) = w_b[j, i] silu(x) + s[j, i] edge_blog(x):
      """)
    // s[j, i] and w_b[j, i]: seeded, away from 0 and 1 so each term shows.
    let scales = try Tensor<Double>(shape: [3, 2], scalars: [0.5, 1.5, 0.8, 1.25, 2, 0.7])
    let bases = try Tensor<Double>(shape: [3, 2], scalars: [0.3, -0.6, 0.45, 0.1, -0.25, 0.9])
    for (name, base) in [("+ spline scale s", false), ("+ base branch w_b silu", true)] {
      var layer = try KANLinear<Double>(
        inFeatures: 2, outFeatures: 3,
        configuration: KANConfiguration(
          gridSize: 4, splineOrder: 3, baseActivation: base ? .silu : .zero))
      try layer.setSplineWeight(efficient.splineWeight)
      try layer.setGrid(efficient.grid)
      try layer.setSplineScaler(scales)
      try layer.setBaseWeight(bases)
      let library = try layer(xTensor).scalars  // (batch 2, out 3)
      var byHand = [Double](repeating: 0, count: 6)
      for b in 0..<2 {
        for j in 0..<3 {
          for i in 0..<2 {
            let spline = try blog.edge(x[b][i], from: i, to: j)
            byHand[b * 3 + j] += scales[j, i] * spline + (base ? bases[j, i] * silu(x[b][i]).0 : 0)
          }
        }
      }
      tutorial.say(
        "\(name.padding(toLength: 24, withPad: " ", startingAt: 0))y[0, :] = \(row(library[0..<3], 6))"
          + "   max |KANLinear - by hand| = \(scientific(maxDifference(library, byHand)))")
    }
    tutorial.say(
      """
      Both agree to rounding: KANLinear is the blog's layer plus two terms per edge, laid out so
      that one matrix product computes them all (the next step, and the layer's README).
      """)
  }

  try tutorial.step("local support: k + 1 bases per input are non-zero", section: "§B-Splines") {
    let layer = try KANLinear<Double>(inFeatures: 1, outFeatures: 1, seed: tutorial.seed)
    let knots = (0..<layer.grid.shape[1]).map { layer.grid[0, $0] }
    let spline = try BSpline(knots: knots, p: 3)
    let point = 0.3
    let features = blogFeatures([[point]], spline: spline, base: silu)
    tutorial.say(
      """
      efficient-kan's default edge: G = 5 intervals on [-1, 1], cubic (k = 3), so n = G + k = 8
      bases and C = 9 columns, [silu(x) | B_0 ... B_7]. The row of A at x = \(point):
      """)
    tutorial.say(row(features))
    let nonZero = features.dropFirst().filter { $0 != 0 }.count
    tutorial.say(
      """
      \(nonZero) of 8 bases are non-zero: those B_m whose support [t_m, t_{m+4}) holds x. The
      library's basis (Sources/KAN/Basis/BSplineBasis.swift) computes that (k + 1)-element
      triangle alone, finding the span in O(1) on a uniform grid, instead of the recursion for
      all n bases. The row times the edge's weights is the edge function:
      """)
    let phi = zip(features, combinedWeight(layer)).reduce(0) { $0 + $1.0 * $1.1 }
    let edge = try layer.edge(from: 0, to: 0, at: [point])[0]
    tutorial.say(
      "A row . W_c[0, :] = \(fixed(phi, 8))   KANLinear.edge(from: 0, to: 0, at: [\(point)]) = "
        + fixed(edge, 8))
    var draw = SplitMix64(seed: tutorial.seed)
    let batch = (0..<256).map { _ in (0..<10).map { _ in 2 * draw.uniform() - 1 } }
    let matrix = blogFeatures(batch, spline: spline, base: silu)
    let share = Double(matrix.filter { $0 != 0 }.count) / Double(matrix.count)
    tutorial.say(
      """
      For a batch of 256 x 10 inputs uniform in [-1, 1), \(plain(100 * share, 1))% of A is
      non-zero (at most 5 of every 9 columns). The non-zeros move with x, so A is kept dense:
      a dense GEMM on a small A is faster than gathering a sparse one.
      """)
    let xs = (0...120).map { -1.2 + 2.4 * Double($0) / 120 }
    var series = [Series("silu(x)", x: xs, y: xs.map { silu($0).0 })]
    for m in 0..<spline.n {
      series.append(Series("B_\(m)", x: xs, y: xs.map { spline.basis($0, degree: 3, index: m) }))
    }
    series.append(Series("x = \(point)", x: [point, point], y: [-0.3, 1], color: "#000000"))
    let chart = Chart(
      title: "the 9 columns of one input's block of A (G = 5, k = 3)", xLabel: "x",
      yLabel: "column value", series: series)
    try tutorial.write(try chart.svg(), to: "features.svg")
  }

  try tutorial.step("backward: dW_c = dY^T . A,  dA = dY . W_c", section: "§Backward Pass") {
    let dY = [0.8, -0.6, 0.3, -0.2, 0.5, 0.9]  // dY is (batch 2, out 3)
    tutorial.say(
      """
      Take the loss L = sum_{b,j} dY[b, j] y[b, j] with dY = [[0.8, -0.6, 0.3], [-0.2, 0.5, 0.9]].
      The backward is two more products and a sum over each input's block:
        dW_c     = dY^T . A    (out, in*C)     every weight's gradient, summed over the batch
        dA       = dY . W_c    (batch, in*C)
        dx[b, i] = sum_c dA[b, i*C + c] features'(x[b, i])[c],  features' = [b', B'_0 ... B'_6]
      """)
    var dWc = [Double](repeating: 0, count: 3 * width)  // (out 3, in*C 16)
    matmulTransposedA(&dWc, dY, a, m: 3, n: width, k: 2, threads: 1)
    var dA = [Double](repeating: 0, count: 2 * width)  // (batch 2, in*C 16)
    matmul(&dA, dY, wc, m: 2, n: width, k: 3, threads: 1)
    let slopes = blogFeatures(x, spline: blog.spline, base: nil, derivative: true)
    let dX = (0..<4).map { q in  // q = b * in + i
      (0..<columns).reduce(0.0) { $0 + dA[q * columns + $1] * slopes[q * columns + $1] }
    }
    // The library's backward, and the blog's per-sample backward summed over the batch.
    var layer = efficient
    _ = try layer.forward(xTensor)
    let libraryDX = try layer.backward(Tensor(shape: [2, 3], scalars: dY))?.scalars ?? []
    let libraryDW = (0..<(3 * width)).map { q in
      let (j, i, c) = (q / width, (q % width) / columns, q % columns)
      return c == 0 ? layer.baseWeightGradient[j, i] : layer.splineWeightGradient[j, i, c - 1]
    }
    var blogDX: [Double] = []
    var blogDW = [Double](repeating: 0, count: 3 * width)
    for b in 0..<2 {
      _ = try blog.forward(x[b])
      blogDX += try blog.backward(Array(dY[(b * 3)..<(b * 3 + 3)]))
      for j in 0..<3 {
        for i in 0..<2 {
          for k in 0..<7 { blogDW[j * width + i * columns + 1 + k] += blog.dEdW[i][j][k] }
        }
      }
    }
    tutorial.say("dW_c[0, 0..<8]        " + row(dWc[0..<columns]))
    tutorial.say("KANLinear [w_b, w_s]  " + row(libraryDW[0..<columns]))
    tutorial.say(
      """
      max |dW_c - KANLinear| = \(scientific(maxDifference(dWc, libraryDW))), \
      max |dW_c - blog's dEdW summed over b| = \(scientific(maxDifference(dWc, blogDW)))
      dx[b, i]        \(row(dX, 6))
      KANLinear       \(row(libraryDX, 6))
      blog's dEdX     \(row(blogDX, 6))
      Live, against central differences of L through KANLinear's forward:
      """)
    func loss(_ layer: KANLinear<Double>, _ input: Tensor<Double>) throws -> Double {
      zip(try layer(input).scalars, dY).reduce(0) { $0 + $1.0 * $1.1 }
    }
    let inputCheck = try gradientCheck(analytic: dX) { q, delta in
      var moved = xTensor
      moved.scalars[q] += delta
      return try loss(efficient, moved)
    }
    let weightCheck = try gradientCheck(analytic: layer.splineWeightGradient.scalars) { q, delta in
      var (moved, weight) = (efficient, efficient.splineWeight)
      weight.scalars[q] += delta
      try moved.setSplineWeight(weight)
      return try loss(moved, xTensor)
    }
    tutorial.say("dx:   \(inputCheck)")
    tutorial.say("dw_s: \(weightCheck)")
  }

  try tutorial.step("speed: the blog's loops vs KANLinear", section: "§Forward Pass") {
    if isDebugBuild {
      tutorial.say(
        """
        This is a debug build: numbers from a debug build are 10-100x slower, and the ratios
        mean nothing. Run `swift run -c release 06-efficient-layer` for real timings.
        """)
    }
    let threads = Parallelism.defaultThreads
    tutorial.say(
      """
      Forward passes in a \(isDebugBuild ? "debug" : "release") build, median of \(timedRuns) \
      after a warm-up (3 for a pass over 0.5 s).
      The blog's Layer runs once per sample (Double, nested arrays, one thread). KANLinear
      (n = 7, base branch on) runs the whole batch as features + one GEMM, in Double on one
      thread (the reformulation alone) and in Float on \(threads) threads. In brackets, how many
      times faster than the blog's loops.
      """)
    var rows: [Timing] = []
    for (inputs, outputs, batch) in tableShapes {
      rows.append(
        try measure(
          inputs: inputs, outputs: outputs, batch: batch, runs: timedRuns, seed: tutorial.seed))
    }
    func cell(_ text: String, _ count: Int) -> String {
      String(repeating: " ", count: max(0, count - text.count)) + text
    }
    tutorial.say(
      "\n| layer         | batch | blog loops ms | KANLinear<Double> 1 thread | "
        + "KANLinear<Float> \(threads) threads |")
    tutorial.say("|---|--:|--:|--:|--:|")
    for t in rows {
      let shape = "[\(t.inputs) -> \(t.outputs)]".padding(toLength: 13, withPad: " ", startingAt: 0)
      let double = "\(plain(t.double1, 3)) ms (\(plain(t.blog / t.double1, 1))x)"
      let float = "\(plain(t.floatAll, 3)) ms (\(plain(t.blog / t.floatAll, 1))x)"
      tutorial.say(
        "| \(shape) | \(cell(String(t.batch), 5)) | \(cell(plain(t.blog, 2), 13)) | "
          + "\(cell(double, 26)) | \(cell(float, 27)) |")
    }
    // Time per sample against batch size, [10 -> 100], for the figure.
    var sweep = [rows[0]]
    for batch in sweepBatches {
      sweep.append(
        try measure(inputs: 10, outputs: 100, batch: batch, runs: timedRuns, seed: tutorial.seed))
    }
    sweep.sort { $0.batch < $1.batch }
    func perSample(_ value: (Timing) -> Double) -> [Double] {
      sweep.map { 1000 * value($0) / Double($0.batch) }
    }
    tutorial.say("\n[10 -> 100], microseconds per sample:")
    tutorial.say(
      "batch   blog loops   KANLinear<Double> 1 thread   KANLinear<Float> \(threads) threads")
    let (blogs, doubles, floats) = (perSample(\.blog), perSample(\.double1), perSample(\.floatAll))
    for q in sweep.indices {
      tutorial.say(
        cell(String(sweep[q].batch), 5) + cell(plain(blogs[q], 2), 13)
          + cell(plain(doubles[q], 2), 29) + cell(plain(floats[q], 2), 29))
    }
    tutorial.say(
      """
      Per sample, the blog's loops cost about the same at every batch size. KANLinear gets
      cheaper as the batch grows: one GEMM reads each weight once for the whole batch.
      """)
    let logBatch = sweep.map { log2(Double($0.batch)) }
    let chart = Chart(
      title: "[10 -> 100] forward, time per sample (\(isDebugBuild ? "debug" : "release") build)",
      xLabel: "log2(batch size)", yLabel: "microseconds per sample",
      series: [
        Series("blog's loops (Double, 1 thread)", x: logBatch, y: blogs),
        Series("KANLinear<Double>, 1 thread", x: logBatch, y: doubles),
        Series("KANLinear<Float>, \(threads) threads", x: logBatch, y: floats),
      ],
      yScale: .log)
    try tutorial.write(try chart.svg(), to: "timing.svg")
  }
}
