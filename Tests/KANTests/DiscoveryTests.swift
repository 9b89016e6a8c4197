import Foundation
import KANData
import Testing

@testable import KAN

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `rows` samples of `f(x1, x2) = exp(sin(pi x1) + x2^2)`, x uniform in [-1, 1]^2 from `seed`.
private func helloTable(rows: Int, seed: UInt64) -> CSVTable {
  var generator = SeededGenerator(seed: seed)
  return CSVTable(
    header: ["x1", "x2", "y"],
    rows: (0..<rows).map { _ in
      let (x1, x2) = (generator.uniform(-1, 1), generator.uniform(-1, 1))
      return [x1, x2, exp(sin(.pi * x1) + x2 * x2)]
    })
}

/// Whether the slow end-to-end tests run: always in an optimised build, in a debug build
/// (`swift test`, where the SIMD feature code is ~90x slower) only with `KAN_SLOW_TESTS=1`.
private let slowTestsEnabled: Bool = {
  #if DEBUG
  return ProcessInfo.processInfo.environment["KAN_SLOW_TESTS"] == "1"
  #else
  return true
  #endif
}()

@Suite("Formula discovery (pykan's hello-KAN pipeline): sparse fit, prune, refine, fix, fine-tune")
struct DiscoveryTests {
  @Test(
    "exp(sin(pi x1) + x2^2) from 120 rows: [2, 5, 1] prunes to [2, 1, 1], the formula is exact",
    .enabled(
      if: slowTestsEnabled,
      "16 s in a debug build: run with KAN_SLOW_TESTS=1 swift test --filter DiscoveryTests"))
  func showcaseRecoversTheFormula() throws {
    let table = try TabularData(
      table: helloTable(rows: 150, seed: 7), target: "y", task: .regression)
    let (train, test) = try table.split(testFraction: 0.2, seed: 0)
    let scaling = try InputScaling.standardising(train.data.inputs, names: table.inputNames)
    let data = try Dataset(inputs: scaling.apply(train.data.inputs), targets: train.data.targets)
    var settings = FormulaDiscovery.Settings(widths: [2, 5, 1])
    settings.steps = 20
    let result = try FormulaDiscovery.run(
      data, names: table.inputNames, scaling: scaling, settings: settings)
    #expect(result.network.widths == [2, 1, 1])
    #expect(result.formulas[0].description == "exp(sin(3.142*x1) + x2**2)")
    guard case .values(let y) = test.data.targets else { return }
    let prediction = try result.network(scaling.apply(test.data.inputs))
    let heldOut = rSquared(prediction.scalars, y.scalars)
    #expect(heldOut > 0.999, "held-out R^2 \(heldOut)")
  }
}

@Suite("CSV tables as learning problems: typed errors for what cannot be learned")
struct TabularDataTests {
  let table = CSVTable(
    header: ["a", "b", "y"], rows: [[1, 5, 0], [2, 5, 1], [3, 6, 1], [4, 7, 0], [5, 8, 2]])

  @Test("a missing, constant or repeated target column, a constant input: each its own error")
  func badTables() {
    let cases: [(CSVTable, String, TabularDataError)] = [
      (table, "z", .missingTarget("z", columns: ["a", "b", "y"])),
      (
        CSVTable(header: ["a", "y"], rows: [[1, 3], [2, 3]]), "y", .constantTarget("y", value: 3)
      ),
      (
        CSVTable(header: ["a", "y"], rows: [[1, 3], [1, 4]]), "y", .constantInput("a", value: 1)
      ),
      (
        CSVTable(header: ["a", "a", "y"], rows: [[1, 2, 3], [2, 1, 4]]), "y", .repeatedColumn("a")
      ),
      (CSVTable(header: ["y"], rows: [[1], [2]]), "y", .noInputColumns("y")),
      (CSVTable(header: ["a", "y"], rows: [[1, 3]]), "y", .tooFewRows(1)),
    ]
    for (table, target, expected) in cases {
      #expect(throws: expected) { try TabularData(table: table, target: target, task: .regression) }
    }
    #expect("\(TabularDataError.missingTarget("z", columns: ["a"]))".contains("--target"))
  }

  @Test("classification needs class numbers 0, 1, 2, ... in the target; the error names the line")
  func classLabels() throws {
    let data = try TabularData(table: table, target: "y", task: .classification)
    guard case .labels(let labels) = data.data.targets else { throw TabularDataError.tooFewRows(0) }
    #expect(labels == [0, 1, 1, 0, 2])
    var fractional = table
    fractional.rows[3][2] = 0.5
    #expect(throws: TabularDataError.notAClassLabel(line: 5, value: 0.5, column: "y")) {
      try TabularData(table: fractional, target: "y", task: .classification)
    }
  }

  @Test("the split is a seeded permutation: round(f n) rows held out, the same for the same seed")
  func split() throws {
    let data = try TabularData(table: table, target: "y", task: .regression)
    let (train, test) = try data.split(testFraction: 0.4, seed: 3)
    #expect((train.count, test.count) == (3, 2))
    #expect(try data.split(testFraction: 0.4, seed: 3).test.data.inputs == test.data.inputs)
    #expect(throws: TabularDataError.self) { try data.split(testFraction: 0.8, seed: 3) }
  }

  @Test("standardising: every column gets mean 0 and Bessel standard deviation 1")
  func standardising() throws {
    let x = seededTensor(30, 2, in: -3...5, seed: 61)
    let scaling = try InputScaling.standardising(x, names: ["p", "q"])
    let z = try scaling.apply(x)
    for i in 0..<2 {
      let column = (0..<30).map { z[$0, i] }
      let mean = column.reduce(0, +) / 30
      let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 29
      #expect(abs(mean) < 1e-12 && abs(variance - 1) < 1e-12)
    }
  }
}
