/// An error the demo reports instead of crashing.
///
/// It covers data that cannot be found or read and options out of range; errors from training
/// and plotting pass through with their own messages.
public enum DemoError: Error, Equatable, CustomStringConvertible {
  /// `train.csv` was in none of the places searched.
  case dataNotFound(searched: [String])
  /// A line of the CSV file could not be read.
  case malformedCSV(path: String, line: Int, reason: String)
  /// An option is out of its allowed range.
  case invalidOption(name: String, value: String, reason: String)

  /// A message that says what was wrong and what to do.
  public var description: String {
    switch self {
    case .dataNotFound(let searched):
      return "could not find the sin-exp training data; looked at:\n"
        + searched.map { "  \($0)" }.joined(separator: "\n")
        + "\nrun from the package folder, or pass --data PATH to a CSV with header x,y."
    case .malformedCSV(let path, let line, let reason):
      return "\(path):\(line): \(reason); the file must be a header line x,y followed by "
        + "rows of two finite numbers."
    case .invalidOption(let name, let value, let reason):
      return "invalid value \(value) for \(name): \(reason)."
    }
  }
}
