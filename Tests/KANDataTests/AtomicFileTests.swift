// AtomicFileTests: whole-file writes that refuse to overwrite unless told, and never damage.

import Foundation
import Testing

@testable import KANData

@Suite("Atomic file writes")
struct AtomicFileTests {
  @Test("writes a new file and leaves no temporary file behind")
  func writesNewFile() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("out.bin")
    try AtomicFile.write([1, 2, 3], to: url, overwrite: false)
    #expect(try [UInt8](Data(contentsOf: url)) == [1, 2, 3])
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.bin"])
  }

  @Test("refuses to overwrite without overwrite: true and leaves the old file intact")
  func refusesToOverwrite() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("model.safetensors")
    try AtomicFile.write(Data("old".utf8), to: url, overwrite: false)
    expectError(.fileExists(path: url.path)) {
      try AtomicFile.write(Data("new".utf8), to: url, overwrite: false)
    }
    #expect(try String(contentsOf: url, encoding: .utf8) == "old")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 1)
    #expect(KANDataError.fileExists(path: url.path).description.contains("--force"))
    try AtomicFile.write(Data("new".utf8), to: url, overwrite: true)
    #expect(try String(contentsOf: url, encoding: .utf8) == "new")
  }

  @Test("a missing directory is reported as cannotWrite")
  func missingDirectory() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("missing/out.bin")
    let error = caughtError { try AtomicFile.write([1], to: url, overwrite: true) }
    guard case .cannotWrite(let path, _) = error else {
      Issue.record("got \(String(describing: error))")
      return
    }
    #expect(path == url.path)
  }

  @Test("replacing a directory fails and leaves the directory as it was")
  func directoryDestination() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let target = directory.appendingPathComponent("dir")
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
    #expect(throws: KANDataError.self) { try AtomicFile.write([1], to: target, overwrite: true) }
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["dir"])
  }
}
