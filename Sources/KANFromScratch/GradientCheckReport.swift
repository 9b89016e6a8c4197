#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(ucrt)
import ucrt
#endif

/// The result of `gradientCheck`: the worst errors by name, the settings used and the verdict.
///
///     OK: 280 entries, worst B'_4 at x = 0.31: analytic ..., central difference ..., rel. ...
///     FAILED: 40 of 280 entries above tolerance 1.0e-6 (max abs error 2.0e-2); worst:
///       B'_4 at x = 0.3147: analytic 2.02, central difference 2.0, rel. error 9.901e-3
///       ... (at most `shownEntries` lines)
public struct GradientCheckReport: Sendable, CustomStringConvertible {
  /// One compared entry: its name and both values.
  public struct Entry: Sendable {
    /// The entry's index in the `analytic` vector.
    public let index: Int
    /// What the entry is, such as `"w[0][1][3]"` or `"B'_4 at x = 0.31"`; `entry q` by default.
    public internal(set) var name: String
    /// The hand-derived value.
    public let analytic: Double
    /// The central difference.
    public let numeric: Double
    /// `relativeError(analytic:numeric:floor:)` of the two.
    public let relativeError: Double
  }

  /// The most entries a report keeps and prints: a failure shows the few worst, not all.
  public static let shownEntries = 3

  /// The number of entries compared.
  public internal(set) var count = 0
  /// The number of entries whose relative error is above `tolerance` (or NaN).
  public internal(set) var failedCount = 0
  /// The largest `|analytic - numeric|`.
  public internal(set) var maxAbsoluteError = 0.0
  /// The largest relative error (see `relativeError(analytic:numeric:floor:)`).
  public internal(set) var maxRelativeError = 0.0
  /// The entries with the largest relative errors, largest first; at most `shownEntries`.
  public internal(set) var worstEntries: [Entry] = []
  /// The step `h` used.
  public let step: Double
  /// The tolerance the relative error is held to.
  public let tolerance: Double
  /// The absolute floor of the relative error.
  public let floor: Double

  /// The same report with its entries named, so that a failure says which derivative is wrong.
  ///
  ///     gradientCheck(analytic: dEdX) { ... }.naming { "x[\($0)]" }
  ///
  /// - Parameter name: The name of entry `q`, such as `"B'_4 at x = 0.31"`; called only for the
  ///   entries the report keeps.
  /// - Returns: The renamed report.
  public func naming(_ name: (_ entry: Int) -> String) -> GradientCheckReport {
    var named = self
    for e in named.worstEntries.indices {
      named.worstEntries[e].name = name(named.worstEntries[e].index)
    }
    return named
  }

  /// Whether at least one entry was compared and every relative error is within `tolerance`.
  public var passed: Bool { count > 0 && maxRelativeError <= tolerance }

  /// The verdict and the worst entry on one line if it passed; if not, the count of failures
  /// and one line per worst entry.
  public var description: String {
    let settings = "h \(short(step)), tolerance \(short(tolerance)), floor \(short(floor))"
    guard !passed else {
      let worst = worstEntries.first.map { ", worst \(describe($0))" } ?? ""
      return "OK: \(count) entries\(worst); \(settings)"
    }
    guard count > 0 else { return "FAILED: no entries were compared; \(settings)" }
    let lines = worstEntries.prefix(failedCount).map { "\n  " + describe($0) }
    return "FAILED: \(failedCount) of \(count) entries above tolerance "
      + "(max abs error \(short(maxAbsoluteError))); \(settings); worst:" + lines.joined()
  }

  /// `name: analytic a, central difference c, rel. error e`.
  private func describe(_ entry: Entry) -> String {
    "\(entry.name): analytic \(short(entry.analytic)), central difference \(short(entry.numeric)), "
      + "rel. error \(short(entry.relativeError))"
  }
}

/// Formats a number with four significant digits for reports.
private func short(_ value: Double) -> String {
  guard value.isFinite, value != 0 else { return "\(value)" }
  var exponent = Int((log10(abs(value))).rounded(.down))
  var digits = (value / pow(10, Double(exponent)) * 1000).rounded() / 1000
  if abs(digits) >= 10 {
    digits /= 10
    exponent += 1
  }
  return exponent == 0 ? "\(digits)" : "\(digits)e\(exponent)"
}
