import Foundation

/// Writes training progress: one line per epoch, and on a terminal a live line that is
/// redrawn in place during the epoch.
public struct ProgressPrinter: Sendable {
  /// Whether live lines are drawn (only when standard output is a terminal).
  public var live: Bool
  /// Whether anything is printed.
  public var enabled: Bool

  /// A printer that draws live lines only on a terminal.
  public init(enabled: Bool = true) {
    self.enabled = enabled
    self.live = enabled && isatty(STDOUT_FILENO) == 1
  }

  /// Redraws the live line (terminal only).
  public func update(_ text: String) {
    guard live else { return }
    print("\r\u{1B}[2K" + text, terminator: "")
    fflush(stdout)
  }

  /// Prints a permanent line, replacing any live line.
  public func line(_ text: String) {
    guard enabled else { return }
    if live { print("\r\u{1B}[2K", terminator: "") }
    print(text)
    fflush(stdout)
  }
}

/// A loss or rate with four significant digits, for progress lines.
func format(_ value: Double) -> String {
  String(format: "%.4g", value)
}
