// IDXTests: the IDX header against the data size, and MNIST's checks on top of it.

import Foundation
import Testing

@testable import KANData

/// An IDX file of unsigned bytes: the 4-byte magic, big-endian dimensions, then `data`.
func idxFile(dimensions: [UInt32], data: [UInt8], typeCode: UInt8 = 0x08) -> [UInt8] {
  var file: [UInt8] = [0, 0, typeCode, UInt8(dimensions.count)]
  for d in dimensions { file += littleEndian(d).reversed() }
  return file + data
}

@Suite("IDX files and the MNIST checks")
struct IDXTests {
  @Test("a header with dimensions (2, 3) and 6 bytes parses")
  func parsesDimensionsAndData() throws {
    let array = try IDXArray(parsing: idxFile(dimensions: [2, 3], data: [1, 2, 3, 4, 5, 6]))
    #expect(array.dimensions == [2, 3])
    #expect(array.bytes == [1, 2, 3, 4, 5, 6])
  }

  @Test("the product of the dimensions must equal the data size exactly")
  func sizeMustMatch() {
    expectError(.idxSizeMismatch(dimensions: [2, 3], expected: 6, actual: 5)) {
      _ = try IDXArray(parsing: idxFile(dimensions: [2, 3], data: [1, 2, 3, 4, 5]))
    }
    expectError(.idxSizeMismatch(dimensions: [2, 3], expected: 6, actual: 7)) {
      _ = try IDXArray(parsing: idxFile(dimensions: [2, 3], data: [UInt8](repeating: 0, count: 7)))
    }
  }

  @Test("dimensions whose product overflows are refused, not trapped on")
  func overflowingDimensions() {
    let huge = [UInt32](repeating: .max, count: 3)
    expectError(.idxSizeMismatch(dimensions: huge.map(Int.init), expected: nil, actual: 0)) {
      _ = try IDXArray(parsing: idxFile(dimensions: huge, data: []))
    }
  }

  @Test("bad headers: short, non-zero first bytes, other data types, too few dimension bytes")
  func badHeaders() {
    #expect(throws: KANDataError.self) { _ = try IDXArray(parsing: [0, 0, 8]) }
    #expect(throws: KANDataError.self) { _ = try IDXArray(parsing: [1, 0, 8, 0, 0]) }
    expectError(.idxUnsupportedDataType(code: 0x0D)) {
      _ = try IDXArray(parsing: idxFile(dimensions: [1], data: [0, 0, 0, 0], typeCode: 0x0D))
    }
    #expect(throws: KANDataError.self) { _ = try IDXArray(parsing: [0, 0, 8, 2, 0, 0, 0, 1]) }
  }

  @Test("MNIST checks magic numbers, image size, counts and label range")
  func mnistChecks() throws {
    let pixels = [UInt8](repeating: 255, count: 2 * 28 * 28)
    let images = idxFile(dimensions: [2, 28, 28], data: pixels)
    let labels = idxFile(dimensions: [2], data: [3, 9])
    let split = try MNIST.Split(imageFile: images, labelFile: labels)
    #expect(split.count == 2 && split.rows == 28 && split.columns == 28)
    #expect(split.labels == [3, 9])
    #expect(split.normalizedPixels(of: 1..<2) == [Float](repeating: 1, count: 784))
    expectError(.mnistBadMagic(expected: 0x0803, found: 0x0801)) {
      _ = try MNIST.Split(imageFile: labels, labelFile: images)
    }
    expectError(.mnistCountMismatch(images: 2, labels: 1)) {
      _ = try MNIST.Split(imageFile: images, labelFile: idxFile(dimensions: [1], data: [3]))
    }
    expectError(.mnistLabelOutOfRange(index: 1, value: 10)) {
      _ = try MNIST.Split(imageFile: images, labelFile: idxFile(dimensions: [2], data: [3, 10]))
    }
    expectError(.mnistBadImageSize(rows: 28, columns: 56)) {
      _ = try MNIST.Split(
        imageFile: idxFile(dimensions: [1, 28, 56], data: pixels), labelFile: labels)
    }
  }

  @Test("normalize maps 0 to -1, 255 to 1, as x / 127.5 - 1")
  func normalizeFormula() {
    #expect(MNIST.normalize(0) == -1)
    #expect(MNIST.normalize(255) == 1)
    #expect(MNIST.normalize(51) == Float(51) / 127.5 - 1)
  }

  @Test("locateDataDirectory finds Data/mnist from a subdirectory, a root or an explicit path")
  func locatesDataDirectory() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let mnist = root.appendingPathComponent("Data/mnist")
    let nested = root.appendingPathComponent("Sources/Deep")
    try FileManager.default.createDirectory(at: mnist, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
    try Data().write(to: mnist.appendingPathComponent("train-images.idx3-ubyte.gz"))
    let expected = mnist.standardizedFileURL.path
    #expect(try MNIST.locateDataDirectory(from: nested).path == expected)
    #expect(try MNIST.locateDataDirectory(root.path).path == expected)
    #expect(try MNIST.locateDataDirectory("Data/mnist", from: root).path == expected)
    #expect(try MNIST.locateDataDirectory("../../Data/mnist", from: nested).path == expected)
  }

  @Test("locateDataDirectory says where it looked and what to pass")
  func missingDataDirectory() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let error = caughtError { _ = try MNIST.locateDataDirectory("nowhere", from: root) }
    guard case .dataDirectoryNotFound(let searched) = error else {
      Issue.record("got \(String(describing: error))")
      return
    }
    let nowhere = root.appendingPathComponent("nowhere").standardizedFileURL.path
    #expect(searched == [nowhere, nowhere + "/Data/mnist"])
    #expect(error?.description.contains("--data") == true)
  }
}
