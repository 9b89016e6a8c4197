import Foundation

/// A map from data values to pixel positions along one axis, with the ticks that label it.
///
///     linear:  position(v) = start + (v - lower) / (upper - lower) * (end - start)
///     log:     the same with log10(v), log10(lower), log10(upper)
///
/// `start` is the pixel of `lower` and `end` the pixel of `upper`; for a y axis `start` is the
/// bottom of the plot, which has the larger SVG coordinate because SVG's y grows downward.
public struct Axis: Sendable, Equatable {
  /// How values are spaced along the axis.
  public enum Scale: Sendable {
    /// Equal differences, equal distances.
    case linear
    /// Equal ratios, equal distances (for losses spanning several decades).
    case log
  }

  /// The data value at `start`.
  public let lower: Double
  /// The data value at `end`.
  public let upper: Double
  /// The pixel position of `lower`.
  public let start: Double
  /// The pixel position of `upper`.
  public let end: Double
  /// Linear or logarithmic.
  public let scale: Scale

  /// Creates an axis mapping `lower...upper` onto the pixels `start` to `end`.
  ///
  /// - Parameters:
  ///   - lower: The smallest value shown; finite, below `upper`, positive on a log axis.
  ///   - upper: The largest value shown; finite.
  ///   - start: The pixel of `lower`.
  ///   - end: The pixel of `upper`.
  ///   - scale: `.linear` or `.log`.
  /// - Throws: `PlotError.invalidArgument` for an empty or non-finite range.
  public init(
    lower: Double, upper: Double, start: Double, end: Double, scale: Scale = .linear
  ) throws(PlotError) {
    guard lower.isFinite, upper.isFinite, lower < upper, scale == .linear || lower > 0 else {
      throw .invalidArgument(
        what: "axis range \(lower)...\(upper)",
        reason: "need finite lower < upper, and lower > 0 on a log axis")
    }
    self.lower = lower
    self.upper = upper
    self.start = start
    self.end = end
    self.scale = scale
  }

  /// Creates an axis that shows every value with a 5% margin on each side.
  ///
  /// - Parameters:
  ///   - values: The values to show; finite, positive on a log axis, at least one.
  ///   - start: The pixel of the lower end.
  ///   - end: The pixel of the upper end.
  ///   - scale: `.linear` or `.log`.
  /// - Returns: The axis.
  /// - Throws: `PlotError.invalidArgument` if `values` is empty or holds a bad value.
  public static func fitting(
    _ values: [Double], start: Double, end: Double, scale: Scale = .linear
  ) throws(PlotError) -> Axis {
    let mapped = scale == .log ? values.map { log10($0) } : values
    guard let low = mapped.min(), let high = mapped.max(), low.isFinite, high.isFinite else {
      throw .invalidArgument(what: "axis values", reason: "need at least one finite value")
    }
    let pad = high - low > 1e-12 * max(1, abs(low)) ? 0.05 * (high - low) : max(abs(low) / 10, 0.5)
    let (lower, upper) = (low - pad, high + pad)
    if scale == .log {
      return try Axis(
        lower: pow(10, lower), upper: pow(10, upper), start: start, end: end, scale: .log)
    }
    return try Axis(lower: lower, upper: upper, start: start, end: end)
  }

  /// The same axis with `upper` raised so that `value` lands on `pixel`, to leave room above
  /// the data (the lower end stays where it is).
  ///
  ///     (T(value) - T(lower)) / (T(upper') - T(lower)) = (pixel - start) / (end - start)
  ///     T = identity on a linear axis, log10 on a log axis
  ///
  /// - Parameters:
  ///   - value: A value above `lower`, normally the largest one shown.
  ///   - pixel: Where it should land, strictly between `start` and `end`.
  /// - Returns: The stretched axis.
  /// - Throws: `PlotError.invalidArgument` if the result is not a valid range.
  func raisingUpper(so value: Double, mapsTo pixel: Double) throws(PlotError) -> Axis {
    let transform: (Double) -> Double = scale == .log ? { log10($0) } : { $0 }
    let fraction = (pixel - start) / (end - start)
    let raised = transform(lower) + (transform(value) - transform(lower)) / fraction
    return try Axis(
      lower: lower, upper: scale == .log ? pow(10, raised) : raised, start: start, end: end,
      scale: scale)
  }

  /// Maps a data value to its pixel position.
  ///
  /// - Parameter value: A data value (positive on a log axis).
  /// - Returns: The pixel position; values outside the range map outside `start...end`.
  public func position(of value: Double) -> Double {
    let transform: (Double) -> Double = scale == .log ? { log10($0) } : { $0 }
    let fraction = (transform(value) - transform(lower)) / (transform(upper) - transform(lower))
    return start + fraction * (end - start)
  }

  /// Chooses about `count` round tick values inside the range: multiples of 1, 2 or 5 times a
  /// power of ten on a linear axis, powers of ten (or 1, 2, 5 times them) on a log axis.
  ///
  /// - Parameter count: The rough number of ticks wanted; at least 2.
  /// - Returns: The tick values, ascending.
  public func ticks(count: Int = 5) -> [Double] {
    if scale == .log {
      let decades =
        Int(
          log10(lower).rounded(.up))...max(
          Int(log10(lower).rounded(.up)), Int(log10(upper).rounded(.down)))
      let powers = decades.map { pow(10, Double($0)) }.filter { $0 >= lower && $0 <= upper }
      if powers.count >= 2 {
        let stride = max(1, (powers.count + count - 1) / count)
        return powers.enumerated().filter { $0.offset % stride == 0 }.map(\.element)
      }
      let candidates = (decades.lowerBound - 1...decades.upperBound).flatMap { e in
        [1.0, 2, 5].map { $0 * pow(10, Double(e)) }
      }
      return candidates.filter { $0 >= lower && $0 <= upper }
    }
    let step = tickStep(count: count)
    let first = (lower / step).rounded(.up)
    let last = (upper / step).rounded(.down)
    guard first <= last else { return [] }
    return (Int(first)...Int(last)).map { Double($0) * step }
  }

  /// Formats a tick value with as many decimals as the tick spacing needs.
  ///
  /// - Parameters:
  ///   - value: A tick value from `ticks(count:)`.
  ///   - count: The `count` the ticks were chosen with; it sets the spacing and so the decimals.
  /// - Returns: A short label such as `"0.25"`, `"100"` or `"1e-4"`.
  public func label(_ value: Double, count: Int = 5) -> String {
    if scale == .log {
      let exponent = Int(log10(value).rounded(.down))
      if (-3...3).contains(exponent) {
        return String(format: "%.\(max(0, -exponent))f", value)
      }
      let mantissa = (value / pow(10, Double(exponent))).rounded()
      return "\(Int(mantissa))e\(exponent)"
    }
    let decimals = max(0, -Int(log10(tickStep(count: count)).rounded(.down)))
    let text = String(format: "%.\(decimals)f", value)
    return Double(text) == 0 ? String(format: "%.\(decimals)f", 0.0) : text
  }

  /// The linear tick spacing: the range over `count`, rounded to 1, 2 or 5 times a power of ten.
  private func tickStep(count: Int) -> Double {
    let raw = (upper - lower) / Double(max(count, 1))
    let magnitude = pow(10, log10(raw).rounded(.down))
    let fraction = raw / magnitude
    let nice: Double = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
    return nice * magnitude
  }
}
