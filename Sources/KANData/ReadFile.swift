// ReadFile: reading a whole file into memory, and tagging parse errors with the file's path.

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

/// Reads the whole file at `url` with POSIX `open` and `read`.
///
/// - Parameter url: A file URL.
/// - Returns: The file's bytes.
/// - Throws: `KANDataError.cannotRead` with the system's reason.
func readBytes(at url: URL) throws -> [UInt8] {
  let path = url.path
  let fd = open(path, O_RDONLY | O_CLOEXEC)
  guard fd >= 0 else { throw KANDataError.cannotRead(path: path, reason: systemError()) }
  defer { close(fd) }
  var info = stat()
  guard fstat(fd, &info) == 0 else {
    throw KANDataError.cannotRead(path: path, reason: systemError())
  }
  guard info.st_mode & S_IFMT != S_IFDIR else {
    throw KANDataError.cannotRead(path: path, reason: "it is a directory, not a file")
  }
  var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0) + 1)
  var filled = 0
  while true {
    if filled == bytes.count { bytes += [UInt8](repeating: 0, count: bytes.count) }
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

/// Runs `body`, wrapping any `KANDataError` it throws in `.inFile` with the path of `url`.
func inFile<T>(_ url: URL, _ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as KANDataError {
    throw KANDataError.inFile(path: url.path, error: error)
  }
}

/// The text of the current `errno`, such as "No such file or directory".
func systemError() -> String {
  String(cString: strerror(errno))
}
