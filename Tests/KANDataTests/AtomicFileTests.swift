// AtomicFileTests: whole-file writes that refuse to overwrite unless told, and never damage.

import Foundation
import Testing

@testable import KANData

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

  @Test("a symbolic link at the destination is never followed or replaced, even with overwrite")
  func linkAtDestination() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let victim = directory.appendingPathComponent("victim")
    try Data("precious".utf8).write(to: victim)
    let link = directory.appendingPathComponent("out.svg")
    try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: victim.path)
    for overwrite in [false, true] {
      expectError(.cannotReplace(path: link.path, kind: "a symbolic link")) {
        try AtomicFile.write([1, 2], to: link, overwrite: overwrite)
      }
    }
    #expect(try String(contentsOf: victim, encoding: .utf8) == "precious")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == victim.path)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 2)
  }

  @Test("a link planted at the old predictable temporary name is neither followed nor removed")
  func plantedTemporaryLink() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let victim = directory.appendingPathComponent("victim")
    try Data("precious".utf8).write(to: victim)
    let planted = directory.appendingPathComponent(".fit.svg.\(getpid()).tmp")
    try FileManager.default.createSymbolicLink(
      atPath: planted.path, withDestinationPath: victim.path)
    let url = directory.appendingPathComponent("fit.svg")
    try AtomicFile.write(Array("<svg/>".utf8), to: url, overwrite: true)
    #expect(try String(contentsOf: url, encoding: .utf8) == "<svg/>")
    #expect(try String(contentsOf: victim, encoding: .utf8) == "precious")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: planted.path) == victim.path)
  }

  @Test("a FIFO at the destination is refused at once (no blocking open)")
  func fifoAtDestination() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let fifo = directory.appendingPathComponent("y.csv")
    #expect(mkfifo(fifo.path, 0o600) == 0)
    expectError(.cannotReplace(path: fifo.path, kind: "a FIFO (named pipe)")) {
      try AtomicFile.write([1], to: fifo, overwrite: true)
    }
  }

  @Test("checkDestination: a missing folder, an existing file without overwrite, a link")
  func checkDestination() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let missing = directory.appendingPathComponent("no-such-folder/model.safetensors")
    let error = caughtError { try AtomicFile.checkDestination(missing, overwrite: true) }
    #expect(error?.description.contains("create it first") == true, "\(String(describing: error))")
    let file = directory.appendingPathComponent("model.safetensors")
    try AtomicFile.checkDestination(file, overwrite: false)
    try Data([1]).write(to: file)
    expectError(.fileExists(path: file.path)) {
      try AtomicFile.checkDestination(file, overwrite: false)
    }
    try AtomicFile.checkDestination(file, overwrite: true)
    expectError(.cannotReplace(path: directory.path, kind: "a directory")) {
      try AtomicFile.checkDestination(directory, overwrite: true)
    }
  }
}
