// DataDirectory: finding Data/mnist from where the program runs, or from a path the user gave.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension MNIST {
  /// The file whose presence marks an MNIST directory.
  static let markerFile = "train-images.idx3-ubyte.gz"

  /// Finds the directory that holds the MNIST files.
  ///
  /// With an explicit path, that directory is used if it holds `train-images.idx3-ubyte.gz`,
  /// else its `Data/mnist` (so the checkout's root works too). Without one, `Data/mnist` is
  /// looked for in `start` and then in each parent directory up to the root, so any folder of
  /// the swift-kan checkout works.
  ///
  /// - Parameters:
  ///   - explicitPath: A directory the user named (e.g. with `--data`), relative to `start`
  ///     or absolute; nil to search.
  ///   - start: The directory where relative paths and the search start; the current
  ///     directory if nil.
  /// - Returns: The directory, as a file URL.
  /// - Throws: `KANDataError.dataDirectoryNotFound`, listing every directory looked in.
  public static func locateDataDirectory(_ explicitPath: String? = nil, from start: URL? = nil)
    throws -> URL
  {
    let startPath = start?.path ?? FileManager.default.currentDirectoryPath
    let base = URL(fileURLWithPath: startPath, isDirectory: true)
    var candidates: [URL] = []
    if let explicitPath {
      let directory = URL(fileURLWithPath: explicitPath, isDirectory: true, relativeTo: base)
        .standardizedFileURL
      candidates = [directory, directory.appendingPathComponent("Data/mnist")]
    } else {
      var directory = base.standardizedFileURL
      while true {
        candidates.append(directory.appendingPathComponent("Data/mnist"))
        let parent = directory.deletingLastPathComponent().standardizedFileURL
        if parent.path == directory.path { break }
        directory = parent
      }
    }
    for candidate in candidates {
      let marker = candidate.appendingPathComponent(markerFile).path
      if FileManager.default.isReadableFile(atPath: marker) { return candidate }
    }
    throw KANDataError.dataDirectoryNotFound(searched: candidates.map(\.path))
  }
}
