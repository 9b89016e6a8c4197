// MNISTDataTests: the committed Data/mnist files, decoded by us and by the system gzip.

import Foundation
import Testing

@testable import KANData

/// The checkout's Data/mnist, found from this source file's location.
private let dataDirectory = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Data/mnist")

@Suite("MNIST data in Data/mnist", .serialized)
struct MNISTDataTests {
  @Test(
    "Gzip.decompress matches gzip -dc byte for byte",
    arguments: [
      "train-images.idx3-ubyte.gz", "train-labels.idx1-ubyte.gz", "t10k-images.idx3-ubyte.gz",
      "t10k-labels.idx1-ubyte.gz",
    ])
  func matchesSystemGzip(file: String) throws {
    let url = dataDirectory.appendingPathComponent(file)
    let ours = try Gzip.decompress(contentsOf: url)
    let theirs = try runGzip(["-dc", url.path])
    #expect(ours.count == theirs.count)
    #expect(ours == theirs)
  }

  @Test("MNIST.load reads 60,000 + 10,000 images of 28 x 28 with the documented first labels")
  func loadsAllSplits() throws {
    let mnist = try MNIST.load(directory: try MNIST.locateDataDirectory(dataDirectory.path))
    #expect(mnist.train.count == 60_000 && mnist.test.count == 10_000)
    #expect(mnist.train.images.count == 60_000 * 784 && mnist.test.images.count == 10_000 * 784)
    #expect(mnist.train.labels.prefix(10) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])
    #expect(mnist.test.labels.prefix(10) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
    let pixels = mnist.test.normalizedPixels(of: 0..<2)
    #expect(pixels.count == 2 * 784 && pixels.allSatisfy { (-1...1).contains($0) })
  }

  @Test("a damaged file is reported with its path")
  func damagedFileNamesItsPath() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var bytes = try Data(
      contentsOf: dataDirectory.appendingPathComponent("t10k-labels.idx1-ubyte.gz"))
    bytes[bytes.count - 8] ^= 1
    let url = directory.appendingPathComponent("t10k-labels.idx1-ubyte.gz")
    try bytes.write(to: url)
    let error = caughtError { _ = try Gzip.decompress(contentsOf: url) }
    guard case .inFile(let path, .gzipCRCMismatch) = error else {
      Issue.record("got \(String(describing: error))")
      return
    }
    #expect(path == url.path)
  }
}
