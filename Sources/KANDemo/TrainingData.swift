import Foundation

/// One-dimensional samples `(x, y)`, as read from a CSV file with the header `x,y`.
public struct Samples: Equatable, Sendable {
  /// The inputs; x is (samples).
  public var x: [Double]
  /// The targets; y is (samples).
  public var y: [Double]

  /// Creates samples from matching inputs and targets.
  ///
  /// - Parameters:
  ///   - x: The inputs.
  ///   - y: The targets, one per input.
  public init(x: [Double], y: [Double]) {
    self.x = x
    self.y = y
  }

  /// The inputs as the network takes them; the result is (samples, 1).
  public var inputs: [[Double]] { x.map { [$0] } }
  /// The targets as the network takes them; the result is (samples, 1).
  public var targets: [[Double]] { y.map { [$0] } }

  /// Reads a CSV file: the header `x,y`, then one row of two finite numbers per sample.
  ///
  /// - Parameter path: The file to read.
  /// - Returns: The samples, in file order.
  /// - Throws: `DemoError.malformedCSV` naming the line, or `.dataNotFound` if unreadable.
  public static func read(csv path: String) throws -> Samples {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw DemoError.dataNotFound(searched: [path])
    }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    guard lines.first == "x,y" else {
      throw DemoError.malformedCSV(path: path, line: 1, reason: "the header is not x,y")
    }
    var samples = Samples(x: [], y: [])
    for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      guard fields.count == 2, let x = Double(fields[0]), let y = Double(fields[1]),
        x.isFinite, y.isFinite
      else {
        throw DemoError.malformedCSV(
          path: path, line: index + 1, reason: "\"\(line)\" is not two finite numbers")
      }
      samples.x.append(x)
      samples.y.append(y)
    }
    guard !samples.x.isEmpty else {
      throw DemoError.malformedCSV(path: path, line: lines.count, reason: "there are no rows")
    }
    return samples
  }

  /// Finds `Data/sin-exp/train.csv`: at `explicit` if given, else under the current folder, else
  /// next to this package's sources (found from `#filePath`, so `swift run` works from anywhere
  /// inside a checkout).
  ///
  /// - Parameter explicit: A path the user passed (`--data`), or `nil` to search.
  /// - Returns: The path of a readable file.
  /// - Throws: `DemoError.dataNotFound` listing every place tried.
  public static func locateTrainingCSV(explicit: String? = nil) throws -> String {
    let relative = "Data/sin-exp/train.csv"
    let packageRoot = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let candidates =
      explicit.map { [$0] }
      ?? [
        FileManager.default.currentDirectoryPath + "/" + relative,
        packageRoot.appendingPathComponent(relative).path,
      ]
    for path in candidates where FileManager.default.isReadableFile(atPath: path) {
      return path
    }
    throw DemoError.dataNotFound(searched: candidates)
  }

  /// A path as messages should show it: relative to the current folder when the file lies
  /// inside it (`Data/sin-exp/train.csv`), unchanged otherwise, so output pasted into a README
  /// carries no machine's absolute path.
  ///
  /// - Parameters:
  ///   - path: The path, absolute or relative.
  ///   - folder: The folder to be relative to; the current folder by default.
  /// - Returns: The path below `folder`, or `path` itself.
  public static func displayPath(
    _ path: String, from folder: String = FileManager.default.currentDirectoryPath
  ) -> String {
    let file = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    let base = URL(fileURLWithPath: folder).standardizedFileURL.resolvingSymlinksInPath().path
    let prefix = base.hasSuffix("/") ? base : base + "/"
    return file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : path
  }
}
