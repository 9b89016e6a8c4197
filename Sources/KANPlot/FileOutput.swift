import Foundation
import KANData

/// Writes text to a file atomically, with KANData's `AtomicFile`: a temporary file with an
/// unpredictable name in the same folder, created with O_EXCL and O_NOFOLLOW, then renamed.
///
/// A reader never sees a half-written file, a failed write (a full disk included) leaves the
/// old file in place and no temporary file, and a link planted at the temporary name or at
/// `path` is never followed. An existing regular file at `path` is replaced, so callers should
/// only point this at their own output; a symbolic link, device, FIFO or folder there is not.
///
/// - Parameters:
///   - contents: The text, written as UTF-8.
///   - path: The destination; its folder must exist.
/// - Throws: `PlotError.writeFailed` with the reason (missing folder, a folder or a link at
///   `path`, a full disk, ...).
public func writeAtomically(_ contents: String, to path: String) throws(PlotError) {
  do {
    try AtomicFile.write(Array(contents.utf8), to: URL(fileURLWithPath: path), overwrite: true)
  } catch let error as KANDataError {
    switch error {
    case .cannotWrite(_, let reason): throw .writeFailed(path: path, reason: reason)
    case .cannotReplace(_, let kind):
      throw .writeFailed(
        path: path,
        reason: "it is \(kind), which is never replaced; remove it or choose another --out")
    default: throw .writeFailed(path: path, reason: error.description)
    }
  } catch {
    throw .writeFailed(path: path, reason: "\(error)")
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
