// SafeTensorsInterop: the Swift half of the safetensors check against Python (see run.sh here).

import Foundation

/// `count` floats `i * 0.25 - 1`, exact in Float.
func ramp(_ count: Int) -> [Float] {
  (0..<count).map { Float($0) * 0.25 - 1 }
}

/// The F32 tensors both sides write and expect to read back bit for bit.
let expectedTensors: [SafeTensorsWriter.Tensor] = [
  ("layers.0.base_weight", [3, 4], ramp(12)),
  ("layers.0.spline_weight", [3, 4, 8], ramp(96)),
  ("scalar", [], [42.5]),
  ("empty", [0], []),
  ("specials", [5], [0.1, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -2.5]),
]

/// Writes `expectedTensors` for Python to check, or checks a file Python wrote.
@main
struct SafeTensorsInterop {
  static func main() throws {
    let arguments = CommandLine.arguments
    guard arguments.count == 3 else {
      print("usage: interop write|read FILE")
      exit(2)
    }
    let url = URL(fileURLWithPath: arguments[2])
    if arguments[1] == "write" {
      try SafeTensorsWriter.write(
        tensors: expectedTensors, metadata: ["format": "pt", "writer": "swift-kan"], to: url,
        overwrite: true)
      print("swift wrote \(expectedTensors.count) tensors to \(url.path)")
      return
    }
    let file = try SafeTensorsFile(contentsOf: url)
    for (name, shape, values) in expectedTensors {
      let read = try file.floats(named: name)
      guard try file.shape(named: name) == shape, read.map(\.bitPattern) == values.map(\.bitPattern)
      else {
        print("MISMATCH in \(name): shape \(try file.shape(named: name)), values \(read)")
        exit(1)
      }
    }
    let steps = try file.tensor(named: "steps")
    let stepBytes = Array(try file.rawBytes(named: "steps"))
    let expectedSteps = [Int64(1), -2].flatMap { value in
      withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
    guard steps.dtype == .int64, steps.shape == [2], stepBytes == expectedSteps,
      file.metadata == ["format": "pt", "writer": "python"]
    else {
      print("MISMATCH in steps or metadata: \(steps), \(file.metadata)")
      exit(1)
    }
    print("swift read \(file.tensors.count) tensors from Python, all bit-exact: \(file.names)")
  }
}
