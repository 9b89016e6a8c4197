// ReadFile: reading a whole regular file (or standard input) into memory, up to a size cap, and
// tagging parse errors with the file's path.

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

/// Reads the whole file at `url`, which must be a regular file of at most `limit` bytes.
///
///     1. stat(path): a regular file no larger than the limit, else an error; nothing else is
///        opened, so a FIFO cannot block and a device such as /dev/zero is never read
///     2. open(O_RDONLY | O_NONBLOCK | O_NOCTTY), fstat: still that same regular file
///     3. read at most limit + 1 bytes: a file that grew past the limit meanwhile is an error
///
/// - Parameters:
///   - url: A file URL; a symbolic link is followed to what it names.
///   - limit: The largest size accepted.
/// - Returns: The file's bytes.
/// - Throws: `KANDataError.cannotRead` with the system's reason or the kind of file it is,
///   `KANDataError.fileTooLarge`.
func readBytes(at url: URL, limit: FileSizeLimit) throws -> [UInt8] {
  let path = url.path
  let named = try regularFileStatus(at: path, limit: limit)
  let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
  guard fd >= 0 else { throw KANDataError.cannotRead(path: path, reason: systemError()) }
  defer { close(fd) }
  var opened = stat()
  guard fstat(fd, &opened) == 0 else {
    throw KANDataError.cannotRead(path: path, reason: systemError())
  }
  guard opened.st_dev == named.st_dev, opened.st_ino == named.st_ino else {
    throw KANDataError.cannotRead(path: path, reason: "it was replaced while being opened")
  }
  return try readAll(fd, path: path, expected: Int(opened.st_size), limit: limit)
}

/// Reads standard input to its end, up to `limit` bytes (for commands that document `-`).
///
/// - Parameter limit: The largest size accepted.
/// - Returns: The bytes read.
/// - Throws: `KANDataError.cannotRead`, or `KANDataError.fileTooLarge` as soon as more than
///   `limit` bytes arrive (so `< /dev/zero` stops there).
public func readStandardInput(limit: FileSizeLimit) throws -> [UInt8] {
  try readAll(STDIN_FILENO, path: standardInputName, expected: 0, limit: limit)
}

/// How messages name standard input.
public let standardInputName = "standard input"

/// Checks that `path` names a regular file of at most `limit` bytes, without opening it.
///
/// - Parameters:
///   - path: The file; a symbolic link is followed.
///   - limit: The largest size accepted.
/// - Throws: `KANDataError.cannotRead` (missing, a directory, a device, a FIFO, a socket) or
///   `KANDataError.fileTooLarge`.
public func checkRegularFile(at path: String, limit: FileSizeLimit) throws {
  _ = try regularFileStatus(at: path, limit: limit)
}

/// The `stat` of `path` after `checkRegularFile(at:limit:)`'s checks.
private func regularFileStatus(at path: String, limit: FileSizeLimit) throws -> stat {
  var info = stat()
  guard stat(path, &info) == 0 else {
    throw KANDataError.cannotRead(path: path, reason: systemError())
  }
  guard info.st_mode & S_IFMT == S_IFREG else {
    throw KANDataError.cannotRead(
      path: path,
      reason: "it is \(fileTypeName(info.st_mode)), not a regular file; swift-kan reads only "
        + "regular files")
  }
  guard Int(info.st_size) <= limit.bytes else {
    throw KANDataError.fileTooLarge(path: path, size: Int(info.st_size), limit: limit)
  }
  return info
}

/// Reads `fd` to its end into an array, starting with room for `expected` bytes.
private func readAll(_ fd: Int32, path: String, expected: Int, limit: FileSizeLimit) throws
  -> [UInt8]
{
  var bytes = [UInt8](repeating: 0, count: min(max(expected, 4096), limit.bytes) + 1)
  var filled = 0
  while true {
    if filled == bytes.count {
      guard filled <= limit.bytes else {
        throw KANDataError.fileTooLarge(path: path, size: nil, limit: limit)
      }
      bytes += [UInt8](repeating: 0, count: min(bytes.count, limit.bytes + 1 - bytes.count))
    }
    let result = bytes.withUnsafeMutableBytes { buffer -> Int in
      guard let base = buffer.baseAddress else { return 0 }
      return read(fd, base + filled, buffer.count - filled)
    }
    if result == 0 { break }
    if result < 0 {
      if errno == EINTR { continue }
      throw KANDataError.cannotRead(path: path, reason: systemError())
    }
    filled += result
  }
  bytes.removeSubrange(filled...)
  return bytes
}

/// What kind of file a `st_mode` describes, as a message names it: "a directory".
///
/// - Parameter mode: The `st_mode` of `stat` or `lstat`.
/// - Returns: "a regular file", "a directory", "a symbolic link", "a character device (such as
///   /dev/zero)", "a block device", "a FIFO (named pipe)", "a socket" or "a special file".
func fileTypeName(_ mode: mode_t) -> String {
  switch mode & S_IFMT {
  case S_IFREG: return "a regular file"
  case S_IFDIR: return "a directory"
  case S_IFLNK: return "a symbolic link"
  case S_IFCHR: return "a character device (such as /dev/zero)"
  case S_IFBLK: return "a block device"
  case S_IFIFO: return "a FIFO (named pipe)"
  case S_IFSOCK: return "a socket"
  default: return "a special file"
  }
}

/// Runs `body`, wrapping any `KANDataError` it throws in `.inFile` with the path of `url`.
func inFile<T>(_ url: URL, _ body: () throws -> T) throws -> T {
  try inFile(path: url.path, body)
}

/// Runs `body`, wrapping any `KANDataError` it throws in `.inFile` with `path`.
func inFile<T>(path: String, _ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as KANDataError {
    throw KANDataError.inFile(path: path, error: error)
  }
}

/// The text of the current `errno`, such as "No such file or directory".
func systemError() -> String {
  String(cString: strerror(errno))
}
