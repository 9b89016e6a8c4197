import Foundation

/// Writes text to a file atomically: to a temporary file in the same folder, then renamed.
///
/// A reader never sees a half-written file, and a failed write leaves the old file in place.
/// An existing file at `path` is replaced, so callers should only point this at their own
/// output.
///
/// - Parameters:
///   - contents: The text, written as UTF-8.
///   - path: The destination; its folder must exist.
/// - Throws: `PlotError.writeFailed` with the reason (missing folder, a folder at `path`, ...).
public func writeAtomically(_ contents: String, to path: String) throws(PlotError) {
  let url = URL(fileURLWithPath: path)
  let folder = url.deletingLastPathComponent()
  var isFolder: ObjCBool = false
  guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder),
    isFolder.boolValue
  else {
    throw .writeFailed(
      path: path, reason: "its folder \(folder.path) does not exist; create it first")
  }
  if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
    throw .writeFailed(path: path, reason: "it is a folder; pass a file name")
  }
  let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
  do {
    try Data(contents.utf8).write(to: temporary)
  } catch {
    throw .writeFailed(path: path, reason: "\(error.localizedDescription)")
  }
  guard rename(temporary.path, path) == 0 else {
    let reason = String(cString: strerror(errno))
    try? FileManager.default.removeItem(at: temporary)
    throw .writeFailed(path: path, reason: reason)
  }
}

/// Creates a folder and its parents if they do not exist yet.
///
/// - Parameter path: The folder to create.
/// - Throws: `PlotError.writeFailed` if `path` is an existing file or cannot be created.
public func createFolder(_ path: String) throws(PlotError) {
  var isFolder: ObjCBool = false
  if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
    guard isFolder.boolValue else {
      throw .writeFailed(path: path, reason: "it is a file, not a folder; choose another --out")
    }
    return
  }
  do {
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  } catch {
    throw .writeFailed(path: path, reason: "\(error.localizedDescription)")
  }
}
