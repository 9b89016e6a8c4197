import Foundation
import KANDemo
import Testing

/// A fresh temporary folder, removed by the caller.
func temporaryFolder() -> String {
  let path = FileManager.default.temporaryDirectory
    .appendingPathComponent("kandemo-\(UUID().uuidString)").path
  try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

@Suite(
  "sin·exp data (tutorial 05, Data/README.md): Data/sin-exp/train.csv holds f(x) = 0.5 sin(4x) exp(-x-1)"
)
struct SinExpDataTests {
  @Test("the committed file is 20 points of np.linspace(-1, 1, 20) and y = f(x)")
  func trainCSVEqualsFormula() throws {
    let data = try Samples.read(csv: try Samples.locateTrainingCSV())
    #expect(data.x == SinExp.grid(count: 20), "x differs from linspace(-1, 1, 20)")
    for (x, y) in zip(data.x, data.y) {
      // The file holds the shortest round-trip digits of f(x) computed with glibc's sin and exp;
      // another libm may differ in the last bit or two.
      #expect(abs(y - SinExp.f(x)) <= 4 * Double.ulpOfOne * max(abs(y), 1e-3), "f(\(x)) = \(y)?")
    }
  }

  @Test("f at known points: f(0) = 0, f(-1) = 0.5 sin(-4), f(pi/8) = 0.5 exp(-pi/8 - 1)")
  func formulaAtKnownPoints() {
    #expect(SinExp.f(0) == 0)
    #expect(abs(SinExp.f(-1) - 0.5 * sin(-4.0)) < 1e-16)
    #expect(abs(SinExp.f(Double.pi / 8) - 0.5 * exp(-Double.pi / 8 - 1)) < 1e-16)
  }

  @Test("grid(count:) is evenly spaced with both ends exact")
  func gridIsEvenlySpaced() {
    let xs = SinExp.grid(count: 200)
    #expect(xs.count == 200 && xs.first == -1 && xs.last == 1)
    let gaps = zip(xs.dropFirst(), xs).map { $0 - $1 }
    #expect(gaps.allSatisfy { abs($0 - 2.0 / 199) < 1e-15 })
  }

  @Test("a bad header, a non-number, NaN or no rows throw malformedCSV with the line")
  func malformedFilesThrow() throws {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let cases = [
      ("a,b\n1,2\n", 1), ("x,y\n0.5,0.1\nabc,1\n", 3), ("x,y\n0.5,nan\n", 2), ("x,y\n", 2),
    ]
    for (index, (text, line)) in cases.enumerated() {
      let path = folder + "/bad\(index).csv"
      try text.write(toFile: path, atomically: true, encoding: .utf8)
      do {
        _ = try Samples.read(csv: path)
        Issue.record("\(text.debugDescription) did not throw")
      } catch let error as DemoError {
        guard case .malformedCSV(_, let got, _) = error else {
          Issue.record("unexpected \(error)")
          continue
        }
        #expect(got == line, "\(error)")
      }
    }
  }

  @Test("a missing --data path throws dataNotFound naming it and suggesting --data")
  func missingDataThrows() {
    do {
      _ = try Samples.locateTrainingCSV(explicit: "/nonexistent/train.csv")
      Issue.record("no error")
    } catch {
      #expect(error as? DemoError == .dataNotFound(searched: ["/nonexistent/train.csv"]))
      #expect("\(error)".contains("--data PATH"))
    }
  }
}
