/// The options every tutorial accepts: `--no-pause`, `--seed S`, `--out DIR`, `--help`.
struct TutorialOptions {
  /// Whether pausing is allowed (it still needs a terminal).
  var pause = true
  /// The seed for random choices.
  var seed: UInt64 = 0
  /// The output folder.
  var output: String
  /// Whether `--help` was given.
  var help = false

  /// Parses the words after the program name.
  ///
  /// - Parameters:
  ///   - arguments: The words, such as `["--no-pause", "--seed", "3"]`.
  ///   - name: The tutorial's folder name, for the default output folder.
  /// - Throws: `TutorialOptionError` for an unknown option or a missing or bad value.
  init(_ arguments: [String], name: String) throws(TutorialOptionError) {
    output = "kan-output/tutorials/" + name
    var words = arguments[...]
    while let word = words.popFirst() {
      switch word {
      case "--no-pause": pause = false
      case "--help", "-h": help = true
      case "--seed":
        guard let text = words.popFirst(), let value = UInt64(text) else {
          throw .badValue("--seed needs a whole number from 0 to 2^64 - 1, e.g. --seed 3")
        }
        seed = value
      case "--out":
        guard let text = words.popFirst(), !text.hasPrefix("--") else {
          throw .badValue("--out needs a folder, e.g. --out /tmp/figures")
        }
        output = text
      default:
        throw .unknown(word)
      }
    }
  }

  /// The help text.
  static func usage(name: String) -> String {
    """
    usage: swift run \(name) [--no-pause] [--seed S] [--out DIR]

      --no-pause  run straight through (it only pauses when stdin and stdout are a terminal)
      --seed S    seed for every random choice (default 0)
      --out DIR   folder for the SVG figures (default kan-output/tutorials/\(name))
      --help      show this help
    """
  }
}

/// A mistake in a tutorial's options; the tutorial prints it and exits with status 2.
enum TutorialOptionError: Error, CustomStringConvertible {
  /// An option no tutorial knows.
  case unknown(String)
  /// A value that is missing or cannot be used.
  case badValue(String)

  /// The message, with what to do.
  var description: String {
    switch self {
    case .unknown(let word):
      return "unknown option '\(word)'; the options are --no-pause, --seed S, --out DIR, --help"
    case .badValue(let message):
      return message
    }
  }
}
