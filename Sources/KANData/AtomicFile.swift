// AtomicFile: write a whole file so that readers see the old file or the new one, never a part.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files atomically, through a temporary file in the destination's directory.
///
///     1. write the bytes to ".<name>.tmp-<random>" beside the destination, fsync, close
///     2. overwrite:      rename(temporary, destination)   atomic on POSIX file systems
///        no overwrite:   link(temporary, destination)     fails with EEXIST if the destination
///                        exists, with no gap between the check and the write;
///                        then unlink(temporary)
///     3. on any failure: unlink(temporary); the destination is as it was
///
/// On a file system without hard links the no-overwrite case checks for the destination, then
/// renames (a small race with another writer, the best such a file system allows).
public enum AtomicFile {
  /// Writes `data` to `url` atomically; see `write(_:to:overwrite:)` for `[UInt8]`.
  ///
  /// - Parameters:
  ///   - data: The file's new contents.
  ///   - url: The destination file.
  ///   - overwrite: Replace an existing file; when false an existing file is an error.
  /// - Throws: `KANDataError.fileExists` or `KANDataError.cannotWrite`.
  public static func write(_ data: Data, to url: URL, overwrite: Bool) throws {
    try write([UInt8](data), to: url, overwrite: overwrite)
  }

  /// Writes `bytes` to `url` atomically.
  ///
  /// - Parameters:
  ///   - bytes: The file's new contents.
  ///   - url: The destination file.
  ///   - overwrite: Replace an existing file; when false an existing file is an error.
  /// - Throws: `KANDataError.fileExists` if the destination exists and `overwrite` is false;
  ///   `KANDataError.cannotWrite` if the system refuses. The destination is untouched then.
  public static func write(_ bytes: [UInt8], to url: URL, overwrite: Bool) throws {
    let destination = url.path
    let directory = url.deletingLastPathComponent()
    var temporary = ""
    var fd: Int32 = -1
    for _ in 0..<8 where fd < 0 {
      let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
      temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(suffix)").path
      fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
      if fd < 0 && errno != EEXIST { break }
    }
    guard fd >= 0 else {
      throw KANDataError.cannotWrite(path: destination, reason: systemError())
    }
    do {
      try writeAll(bytes, to: fd, path: destination)
      guard fsync(fd) == 0 else {
        throw KANDataError.cannotWrite(path: destination, reason: systemError())
      }
    } catch {
      close(fd)
      unlink(temporary)
      throw error
    }
    guard close(fd) == 0 else {
      let reason = systemError()
      unlink(temporary)
      throw KANDataError.cannotWrite(path: destination, reason: reason)
    }
    try move(temporary, to: destination, overwrite: overwrite)
  }

  /// Writes every byte to `fd`, retrying short writes and interrupted calls.
  private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws {
    try bytes.withUnsafeBytes { buffer in
      guard let base = buffer.baseAddress else { return }
      var written = 0
      while written < buffer.count {
        let result = posixWrite(fd, base + written, buffer.count - written)
        if result < 0 {
          if errno == EINTR { continue }
          throw KANDataError.cannotWrite(path: path, reason: systemError())
        }
        written += result
      }
    }
  }

  /// Moves the finished temporary file into place (step 2), removing it on failure.
  private static func move(_ temporary: String, to destination: String, overwrite: Bool) throws {
    if !overwrite {
      if link(temporary, destination) == 0 {
        unlink(temporary)
        return
      }
      let linkError = errno
      let noHardLinks = [EPERM, EOPNOTSUPP, EMLINK, ENOSYS, EXDEV].contains(linkError)
      if !noHardLinks || access(destination, F_OK) == 0 {
        unlink(temporary)
        if linkError == EEXIST || noHardLinks { throw KANDataError.fileExists(path: destination) }
        throw KANDataError.cannotWrite(
          path: destination, reason: String(cString: strerror(linkError)))
      }
    }
    guard rename(temporary, destination) == 0 else {
      let reason = systemError()
      unlink(temporary)
      throw KANDataError.cannotWrite(path: destination, reason: reason)
    }
  }
}

/// POSIX `write(2)`, named apart from `AtomicFile.write`, which hides it inside the type.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
  write(fd, buffer, count)
}
