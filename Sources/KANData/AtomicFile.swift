// AtomicFile: write a whole file so that readers see the old file or the new one, never a part,
// and never through a link planted at the destination or at the temporary name.

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
/// Every output of swift-kan (models, CSV, SVG, HTML) goes through it:
///
///     0. check the destination (`checkDestination`): its directory exists and is writable;
///        it is absent, or a regular file and overwriting was asked for
///     1. create ".<name>.tmp-<64 random bits>" beside it with O_CREAT | O_EXCL | O_NOFOLLOW
///        (a name no one can guess, and a link planted there is never followed), write, fsync
///     2. overwrite:      lstat(destination) absent or a regular file, then
///                        rename(temporary, destination)   atomic on POSIX file systems;
///                        rename replaces a directory entry, it never writes through a link
///        no overwrite:   link(temporary, destination)     fails with EEXIST if the destination
///                        exists, with no gap between the check and the write;
///                        then unlink(temporary)
///     3. on any failure (a full disk included): unlink(temporary); the destination is as it was
///
/// A symbolic link, a device, a FIFO or a directory at the destination is never replaced, even
/// with overwriting asked for. On a file system without hard links the no-overwrite case checks
/// for the destination, then renames (a small race with another writer, the best such a file
/// system allows).
public enum AtomicFile {
  /// Writes `data` to `url` atomically; see `write(_:to:overwrite:)` for `[UInt8]`.
  ///
  /// - Parameters:
  ///   - data: The file's new contents.
  ///   - url: The destination file.
  ///   - overwrite: Replace an existing regular file; when false an existing file is an error.
  /// - Throws: `KANDataError.fileExists`, `.cannotReplace` or `.cannotWrite`.
  public static func write(_ data: Data, to url: URL, overwrite: Bool) throws {
    try write([UInt8](data), to: url, overwrite: overwrite)
  }

  /// Writes `bytes` to `url` atomically.
  ///
  /// - Parameters:
  ///   - bytes: The file's new contents.
  ///   - url: The destination file.
  ///   - overwrite: Replace an existing regular file; when false an existing file is an error.
  /// - Throws: `KANDataError.fileExists` if the destination exists and `overwrite` is false;
  ///   `.cannotReplace` if it is not a regular file; `.cannotWrite` if the system refuses. The
  ///   destination is untouched then, and no temporary file is left.
  public static func write(_ bytes: [UInt8], to url: URL, overwrite: Bool) throws {
    try checkDestination(url, overwrite: overwrite)
    let destination = url.path
    let (fd, temporary) = try createTemporary(beside: url)
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
    syncDirectory(of: url)
  }

  /// Checks, before any long work, that `write(_:to:overwrite:)` can write `url`.
  ///
  ///     the directory of url   exists, is a directory, is writable and searchable
  ///     url                    absent; or, with `overwrite`, a regular file
  ///
  /// Commands call it before they train or compute, so a bad destination fails in a second,
  /// not after the work is done; `write` checks again, since the disk may change meanwhile.
  ///
  /// - Parameters:
  ///   - url: The destination file.
  ///   - overwrite: Whether an existing regular file may be replaced.
  /// - Throws: `KANDataError.cannotWrite` naming what is wrong with the directory,
  ///   `.fileExists` or `.cannotReplace`.
  public static func checkDestination(_ url: URL, overwrite: Bool) throws {
    let destination = url.path
    let directory = url.deletingLastPathComponent().path
    var info = stat()
    guard stat(directory, &info) == 0 else {
      throw KANDataError.cannotWrite(
        path: destination, reason: "its directory \(directory): \(systemError()); create it first")
    }
    guard info.st_mode & S_IFMT == S_IFDIR else {
      throw KANDataError.cannotWrite(
        path: destination, reason: "\(directory) is \(fileTypeName(info.st_mode)), not a directory")
    }
    guard access(directory, W_OK | X_OK) == 0 else {
      throw KANDataError.cannotWrite(
        path: destination, reason: "its directory \(directory) is not writable: \(systemError())")
    }
    try checkReplaceable(destination, overwrite: overwrite)
  }

  /// Throws unless `path` is absent, or a regular file and `overwrite` is true (by `lstat`, so a
  /// symbolic link is seen as a link, not as what it points to).
  private static func checkReplaceable(_ path: String, overwrite: Bool) throws {
    var info = stat()
    guard lstat(path, &info) == 0 else {
      guard errno == ENOENT else {
        throw KANDataError.cannotWrite(path: path, reason: systemError())
      }
      return
    }
    guard info.st_mode & S_IFMT == S_IFREG else {
      throw KANDataError.cannotReplace(path: path, kind: fileTypeName(info.st_mode))
    }
    guard overwrite else { throw KANDataError.fileExists(path: path) }
  }

  /// Creates the temporary file (step 1) and returns its descriptor and path.
  private static func createTemporary(beside url: URL) throws -> (Int32, String) {
    let directory = url.deletingLastPathComponent()
    for _ in 0..<8 {
      var generator = SystemRandomNumberGenerator()
      let suffix = String(generator.next(), radix: 36)
      let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(suffix)")
        .path
      let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
      if fd >= 0 { return (fd, temporary) }
      guard errno == EEXIST else { break }
    }
    throw KANDataError.cannotWrite(path: url.path, reason: systemError())
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
    do {
      try checkReplaceable(destination, overwrite: overwrite)
    } catch {
      unlink(temporary)
      throw error
    }
    guard rename(temporary, destination) == 0 else {
      let reason = systemError()
      unlink(temporary)
      throw KANDataError.cannotWrite(path: destination, reason: reason)
    }
  }

  /// Flushes the directory entry of a renamed file to disk (best effort: some file systems
  /// cannot open a directory for fsync, and the file itself is already safe).
  private static func syncDirectory(of url: URL) {
    let fd = open(url.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return }
    fsync(fd)
    close(fd)
  }
}

/// POSIX `write(2)`, named apart from `AtomicFile.write`, which hides it inside the type.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
  write(fd, buffer, count)
}
