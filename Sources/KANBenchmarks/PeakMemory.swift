import Foundation

/// The process's peak resident memory, from the kernel's high-water mark.
enum PeakMemory {
  /// Resets the high-water mark to the current resident size (Linux: `clear_refs` 5).
  ///
  /// The next reading then covers only what runs in between. Does nothing where unsupported.
  static func reset() {
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
  }

  /// The high-water mark in MiB: `VmHWM` of `/proc/self/status` (NaN where there is none).
  static func megabytes() -> Double {
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
      let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
    {
      return kilobytes / 1024
    }
    return .nan
  }
}
