// GzipLimitTests: inflation stops at a limit, and at the size an IDX header declares.

import Foundation
import Testing

@testable import KANData

/// A gzip member of `count` zero bytes after `prefix`, as the system gzip writes it.
private func gzippedZeros(after prefix: [UInt8], count: Int) throws -> [UInt8] {
  try runGzip(["-c", "-n", "-9"], input: prefix + [UInt8](repeating: 0, count: count))
}

@Suite("gzip inflation limits: a small file that inflates to far more stops early")
struct GzipLimitTests {
  @Test("inflation stops past the limit with inflatedTooLarge, and passes at the limit")
  func stopsAtTheLimit() throws {
    let bomb = try gzippedZeros(after: [], count: 1 << 20)  // 1 MiB of zeros in ~1 KB
    #expect(bomb.count < 2000)
    let limit = FileSizeLimit(bytes: 4096, kind: "test file")
    expectError(.inflatedTooLarge(limit: 4096, reason: "swift-kan's 4 KiB cap on a test file")) {
      _ = try Gzip.decompress(bomb, limit: limit)
    }
    let exact = FileSizeLimit(bytes: 1 << 20, kind: "test file")
    #expect(try Gzip.decompress(bomb, limit: exact).count == 1 << 20)
  }

  @Test("decompressIDX stops at the size the IDX header declares")
  func stopsAtTheDeclaredSize() throws {
    let header = idxFile(dimensions: [2, 3], data: [])
    let bomb = try gzippedZeros(after: header, count: 1 << 20)
    let error = caughtError { _ = try Gzip.decompressIDX(bomb) }
    #expect(
      error
        == .inflatedTooLarge(
          limit: 18, reason: "the size its IDX header declares, dimensions 2 x 3"))
    let valid = try runGzip(
      ["-c", "-n"], input: idxFile(dimensions: [2, 3], data: [1, 2, 3, 4, 5, 6]))
    #expect(try Gzip.decompressIDX(valid) == Gzip.decompress(valid))
  }

  @Test("a header that declares more than the cap fails before inflating the data")
  func headerOverTheCap() throws {
    let file = try gzippedZeros(
      after: idxFile(dimensions: [1000, 1000, 1000], data: []), count: 10)
    let error = caughtError { _ = try Gzip.decompressIDX(file) }
    guard case .inflatedTooLarge(let limit, let reason) = error else {
      Issue.record("got \(String(describing: error))")
      return
    }
    #expect(limit == FileSizeLimit.inflated.bytes)
    #expect(reason.contains("declares dimensions 1000 x 1000 x 1000, 1000000016 bytes"))
    let overflow = try gzippedZeros(
      after: idxFile(dimensions: [.max, .max, .max, .max, .max], data: []), count: 1)
    #expect(throws: KANDataError.self) { _ = try Gzip.decompressIDX(overflow) }
  }

  @Test("an MNIST split of zero images is an error, not an empty data set")
  func emptyMNIST() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    for prefix in ["train", "t10k"] {
      let images = try runGzip(["-c", "-n"], input: idxFile(dimensions: [0, 28, 28], data: []))
      let labels = try runGzip(["-c", "-n"], input: idxFile(dimensions: [0], data: []))
      try Data(images).write(to: directory.appendingPathComponent("\(prefix)-images.idx3-ubyte.gz"))
      try Data(labels).write(to: directory.appendingPathComponent("\(prefix)-labels.idx1-ubyte.gz"))
    }
    let error = caughtError { _ = try MNIST.load(directory: directory) }
    guard case .inFile(_, let inner) = error else {
      Issue.record("got \(String(describing: error))")
      return
    }
    #expect(inner == .mnistEmpty)
  }
}
