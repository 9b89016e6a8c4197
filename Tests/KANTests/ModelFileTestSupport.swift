import Foundation
import KANData

@testable import KAN

/// A tiny trained-looking network: widths [3, 4, 2], G = 3, cubic, weights from `seed`, grids
/// moved off the uniform [-1, 1] so the file carries non-default knots.
func tinyNetwork(seed: UInt64 = 1) throws -> KANNetwork<Float> {
  var network = try KANNetwork<Float>(
    widths: [3, 4, 2], configuration: KANConfiguration(gridSize: 3), seed: seed)
  var generator = SeededGenerator(seed: seed &+ 100)
  var samples = Tensor<Float>(shape: [40, 3])
  samples.scalars = (0..<120).map { _ in Float(generator.uniform(-1.3, 0.9)) }
  try network.updateGrid(from: samples)
  return network
}

/// Seeded inputs for `tinyNetwork`, `(rows, 3)`.
func tinyInputs(rows: Int, seed: UInt64 = 7) -> Tensor<Float> {
  var generator = SeededGenerator(seed: seed)
  var x = Tensor<Float>(shape: [rows, 3])
  x.scalars = (0..<(rows * 3)).map { _ in Float(generator.uniform(-1, 1)) }
  return x
}

/// The bytes of a safetensors file made of a header string (padded to 8 bytes) and `data`.
func safeTensorsBytes(header: String, data: [UInt8]) -> [UInt8] {
  var json = Array(header.utf8)
  json += [UInt8](repeating: UInt8(ascii: " "), count: (8 - json.count % 8) % 8)
  return (0..<8).map { UInt8(truncatingIfNeeded: json.count >> (8 * $0)) } + json + data
}

/// The header and data buffer of a valid model file, split so tests can edit the header.
func splitModelFile(_ bytes: [UInt8]) -> (header: String, data: [UInt8]) {
  let length = (0..<8).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) }
  let header = String(decoding: bytes[8..<(8 + length)], as: UTF8.self)
  return (header.trimmingCharacters(in: .whitespaces), Array(bytes[(8 + length)...]))
}

/// A fresh empty directory under the system's temporary directory.
func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("kan-model-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// The message of the error `body` throws, or nil if it throws none.
func errorMessage(_ body: () throws -> Void) -> String? {
  do {
    try body()
    return nil
  } catch {
    return "\(error)"
  }
}
