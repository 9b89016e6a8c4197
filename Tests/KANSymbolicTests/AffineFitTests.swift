import Foundation
import KANFromScratch
import Testing

@testable import KANSymbolic

@Suite("Fit of y ~ c f(a x + b) + d: grid search over (a, b), closed-form (c, d), then LM")
struct AffineFitTests {
  @Test(
    "the fit recovers a known edge (a, b, c, d up to f's symmetries) with R^2 = 1",
    arguments: SymbolicFunction.allCases)
  func recoversKnownEdge(_ f: SymbolicFunction) throws {
    let truth = knownEdge(f)
    let fit = try SymbolicRegression.fit(f, to: samples(of: truth), options: testOptions)
    let expected = invariants(truth)
    let found = invariants(fit.edge)
    #expect(
      maxRelativeDifference(expected, found) < 1e-6,
      "\(f.id): expected invariants \(expected), found \(found) from \(fit.edge)")
    #expect(f == .zero ? fit.rSquared == 0 : fit.rSquared > 1 - 1e-10, "\(f.id): \(fit)")
  }
}

@Suite("Noisy edges: the fit is as good as the noise allows")
struct NoisyEdgeTests {
  @Test(
    "1.5 sin(3x + 1) + 0.3 + N(0, 0.01^2), 1000 samples: sin ranks first, a, b, c, d within 1e-2")
  func noisySineIsRecovered() throws {
    var generator = SplitMix64(seed: 7)
    let x = (0..<1000).map { _ in 2 * generator.uniform() - 1 }
    let truth = knownEdge(.sin)
    let y = x.map { truth($0) + generator.normal(mean: 0, std: 0.01) }
    let library: [SymbolicFunction] = [.x, .x2, .x3, .sin, .tanh, .arctan, .gaussian, .zero]
    let ranking = try SymbolicRegression.suggest(
      EdgeSamples(x: x, y: y), library: library, options: testOptions)
    #expect(ranking[0].edge.function == .sin)
    let difference = maxRelativeDifference(invariants(truth), invariants(ranking[0].edge))
    #expect(difference < 1e-2, "\(ranking[0])")
    #expect(ranking[0].rSquared > 0.9999, "\(ranking[0])")
  }
}

@Suite("Grid search: the vectorised row (addition theorems) equals the point-by-point fit")
struct GridRowTests {
  @Test(
    "(c, d, R^2) of every b_j of a row equal linearFit at (a, b_j), every function",
    arguments: SymbolicFunction.allCases)
  func rowMatchesPointwiseFit(_ f: SymbolicFunction) throws {
    let data = try samples(of: knownEdge(f), count: 37)
    let (a, b0, step, n) = (0.45, 0.6, 0.05, 9)
    let row = GridRow(
      f, a: a, b0: b0, step: step, n: n, samples: data, tables: RowTables(step: step, n: n))
    for j in 0..<n {
      let fast = row.sums(j).solve(yMean: data.yMean, yScatter: data.yScatter)
      let plain = linearFit(of: SymbolicEdge(f, a: a, b: b0 + Double(j) * step), on: data)
      let difference = maxRelativeDifference(
        [fast.c, fast.d, fast.rSquared], [plain.c, plain.d, plain.rSquared])
      #expect(difference < 1e-9, "\(f.id) at b_\(j): row \(fast), pointwise \(plain)")
    }
  }
}

@Suite("Fit on large edges: thinned grid, all samples refined, same result on any thread count")
struct LargeEdgeFitTests {
  /// A fit that thins 40000 samples to 64 for the grid, and sums them in two blocks.
  private func options(threads: Int) -> SymbolicFitOptions {
    var options = testOptions
    options.gridSampleLimit = 64
    options.fullDataSteps = 3
    options.threads = threads
    return options
  }

  @Test(
    "the thinned grid still recovers a known edge",
    arguments: [
      SymbolicFunction.sin, .exp, .inverse, .arctanh,
    ])
  func thinnedGridRecoversEdge(_ f: SymbolicFunction) throws {
    let truth = knownEdge(f)
    let fit = try SymbolicRegression.fit(
      f, to: samples(of: truth, count: 2001), options: options(threads: 2))
    #expect(maxRelativeDifference(invariants(truth), invariants(fit.edge)) < 1e-6, "\(fit)")
  }

  @Test("1 and 2 threads give bit-identical fits (blocks summed in a fixed order)")
  func threadCountDoesNotChangeResult() throws {
    let data = try samples(of: knownEdge(.tanh), count: 40_000)
    let one = try SymbolicRegression.fit(.tanh, to: data, options: options(threads: 1))
    let two = try SymbolicRegression.fit(.tanh, to: data, options: options(threads: 2))
    #expect(one == two)
  }
}

@Suite("Ranking (pykan's suggest_symbolic): loss = w complexity + (1 - w) log2(1 + 1e-5 - R^2)")
struct RankingTests {
  @Test(
    "on clean data the true function ranks first (w = 0.8)",
    arguments: [
      SymbolicFunction.x2, .inverse, .exp, .log, .sin, .tanh, .gaussian,
    ])
  func trueFunctionRanksFirst(_ f: SymbolicFunction) throws {
    let ranking = try SymbolicRegression.suggest(samples(of: knownEdge(f)), options: testOptions)
    #expect(ranking.count == SymbolicFunction.allCases.count)
    #expect(ranking[0].edge.function == f, "\(f.id): \(ranking.prefix(3).map(\.name))")
  }

  @Test("a constant edge ranks 0 first: every R^2 is 0 and 0 is the simplest")
  func constantEdgeRanksZeroFirst() throws {
    let data = try EdgeSamples(x: [0, 0.5, 1], y: [2, 2, 2])
    let ranking = try SymbolicRegression.suggest(data, library: [.sin, .x, .zero])
    #expect(ranking.map(\.name) == ["0", "x", "sin"])
    #expect(ranking[0].d == 2)
  }

  @Test("the loss is pykan's formula")
  func lossIsPykansFormula() {
    let candidate = SymbolicCandidate(edge: SymbolicEdge(.sin), rSquared: 0.99)
    let expected = 0.8 * 2 + 0.2 * log2(1 + 1e-5 - 0.99)
    #expect(abs(candidate.rankingLoss(weightSimple: 0.8) - expected) < 1e-12)
  }
}

@Suite("Bad input: typed errors that say what to do")
struct SymbolicInputErrorTests {
  @Test("samples of different lengths, too few, or not finite")
  func badSamples() {
    #expect(throws: SymbolicError.sampleCountMismatch(x: 2, y: 3)) {
      try EdgeSamples(x: [0, 1], y: [0, 1, 2])
    }
    #expect(throws: SymbolicError.tooFewSamples(count: 1, minimum: 2)) {
      try EdgeSamples(x: [0], y: [0])
    }
    #expect(throws: SymbolicError.nonFiniteSample(what: "y", index: 1, value: .infinity)) {
      try EdgeSamples(x: [0, 1], y: [0, .infinity])
    }
  }

  @Test("options out of range, an empty library, a weight outside [0, 1]")
  func badOptions() throws {
    let data = try samples(of: knownEdge(.sin), count: 5)
    var options = SymbolicFitOptions()
    options.gridPoints = 1
    #expect(throws: SymbolicError.self) {
      try SymbolicRegression.fit(.sin, to: data, options: options)
    }
    options = SymbolicFitOptions()
    options.aRange = -Double.infinity...1
    #expect(throws: SymbolicError.self) {
      try SymbolicRegression.fit(.sin, to: data, options: options)
    }
    #expect(throws: SymbolicError.self) { try SymbolicRegression.suggest(data, library: []) }
    #expect(throws: SymbolicError.self) { try SymbolicRegression.suggest(data, weightSimple: 1.5) }
  }
}

@Suite("Degenerate edges: every candidate stays finite, never NaN")
struct DegenerateEdgeTests {
  @Test(
    "constant inputs, huge inputs, a constant output: finite a, b, c, d and R^2 in [0, 1]",
    arguments: [
      ([0.5, 0.5, 0.5, 0.5], [1, 2, 3, 4]),
      ([-1e60, -1e30, 0, 1e30, 1e60], [1, -2, 3, 0, 5]),
      ([-1, 0, 1, 2], [7, 7, 7, 7]),
    ] as [([Double], [Double])])
  func candidatesStayFinite(x: [Double], y: [Double]) throws {
    let ranking = try SymbolicRegression.suggest(EdgeSamples(x: x, y: y), options: testOptions)
    for candidate in ranking {
      let values = [candidate.a, candidate.b, candidate.c, candidate.d, candidate.rSquared]
      #expect(values.allSatisfy { $0.isFinite }, "\(candidate)")
      #expect((0...1).contains(candidate.rSquared), "\(candidate)")
    }
  }
}
