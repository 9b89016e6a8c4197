/// A number with a given count of significant digits, as Python reads it: `%g`-style, without
/// trailing zeros.
///
///     1.5 -> "1.5"   3.0 -> "3"   3.14159 -> "3.142"   -0.000123456 -> "-0.0001235"
///     123456 -> "1.235e5"   5e-5 -> "5e-5"          (fixed point when -4 <= exponent < digits)
///
/// - Parameters:
///   - value: The number.
///   - digits: The significant digits, `>= 1`.
/// - Returns: The text; `"0"` for zero, `"nan"`, `"inf"`, `"-inf"` for the others.
func formatNumber(_ value: Double, significantDigits digits: Int) -> String {
  guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
  guard value != 0 else { return "0" }
  let digits = Swift.max(1, Swift.min(digits, 17))
  var exponent = Int(LibM.logarithm10(Swift.abs(value)).rounded(.down))
  var mantissa = (Swift.abs(value) / power10(exponent - digits + 1)).rounded()
  if mantissa >= power10(digits) {  // 9.9996 rounds up to 10.00
    mantissa = (mantissa / 10).rounded()
    exponent += 1
  } else if mantissa < power10(digits - 1) {  // log10 rounded down too far
    mantissa = (Swift.abs(value) / power10(exponent - digits)).rounded()
    exponent -= 1
  }
  let figures = Array(String(UInt64(mantissa)))
  let sign = value < 0 ? "-" : ""
  if -4 <= exponent && exponent < digits {
    let text: String
    if exponent >= 0 {
      text = String(figures[...exponent]) + "." + String(figures[(exponent + 1)...])
    } else {
      text = "0." + String(repeating: "0", count: -exponent - 1) + String(figures)
    }
    return sign + trimmingZeros(text)
  }
  let text = trimmingZeros(String(figures[0]) + "." + String(figures.dropFirst()))
  return sign + text + "e" + String(exponent)
}

/// `10^k` for an integer `k`.
private func power10(_ k: Int) -> Double {
  LibM.power(10, Double(k))
}

/// Drops the trailing zeros after a decimal point, and the point if nothing follows it.
private func trimmingZeros(_ text: String) -> String {
  guard text.contains(".") else { return text }
  var result = Substring(text)
  while result.last == "0" { result = result.dropLast() }
  if result.last == "." { result = result.dropLast() }
  return String(result)
}
