// FileInputTests: only regular files are read, each up to the cap for its kind.

import Foundation
import Testing

@testable import KANData

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cap of `bytes` for tests.
private func testLimit(_ bytes: Int) -> FileSizeLimit {
  FileSizeLimit(bytes: bytes, kind: "test file")
}

@Suite("Reading files: regular files only, within a size cap, checked before reading")
struct FileInputTests {
  @Test("a link to /dev/zero, a FIFO and a directory are refused at once, naming what they are")
  func specialFilesAreRefused() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let zero = directory.appendingPathComponent("zero.safetensors")
    try FileManager.default.createSymbolicLink(atPath: zero.path, withDestinationPath: "/dev/zero")
    let fifo = directory.appendingPathComponent("fifo.csv")
    #expect(mkfifo(fifo.path, 0o600) == 0)
    for (url, kind) in [(zero, "a character device"), (fifo, "a FIFO"), (directory, "a directory")]
    {
      let error = caughtError { _ = try readBytes(at: url, limit: .model) }
      guard case .cannotRead(let path, let reason) = error else {
        Issue.record("\(url.lastPathComponent): got \(String(describing: error))")
        continue
      }
      #expect(path == url.path && reason.hasPrefix("it is \(kind)"), "\(reason)")
      #expect(throws: KANDataError.self) { try checkRegularFile(at: url.path, limit: .csv) }
    }
  }

  @Test("a file over the cap is refused before it is read; one at the cap is read")
  func sizeCap() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("eleven.csv")
    try Data(repeating: 7, count: 11).write(to: url)
    expectError(.fileTooLarge(path: url.path, size: 11, limit: testLimit(10))) {
      _ = try readBytes(at: url, limit: testLimit(10))
    }
    #expect(try readBytes(at: url, limit: testLimit(11)) == [UInt8](repeating: 7, count: 11))
    let message = KANDataError.fileTooLarge(path: "m", size: 11, limit: .model).description
    #expect(
      message == "m is 11 bytes, over swift-kan's 1 GiB cap on a model file; check that it "
        + "is the file you meant")
  }

  @Test("the public readers apply their caps: model, CSV and gzip")
  func readersUseTheirCaps() {
    #expect(FileSizeLimit.model.text == "1 GiB" && FileSizeLimit.csv.text == "256 MiB")
    #expect(FileSizeLimit.gzip.text == "64 MiB" && FileSizeLimit.inflated.text == "256 MiB")
    #expect(testLimit(1000).text == "1000 bytes")
    let devices = [
      { _ = try SafeTensorsFile(contentsOf: URL(fileURLWithPath: "/dev/zero")) },
      { _ = try CSVTable(contentsOf: URL(fileURLWithPath: "/dev/urandom")) },
      { _ = try Gzip.decompress(contentsOf: URL(fileURLWithPath: "/dev/zero")) },
      { _ = try Gzip.decompressIDX(contentsOf: URL(fileURLWithPath: "/dev/zero")) },
    ]
    for read in devices {
      let error = caughtError { try read() }
      #expect(
        error?.description.contains("character device") == true, "\(String(describing: error))")
    }
  }
}
