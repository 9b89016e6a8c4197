// TerminalText: text from a file made safe to print, with its control characters escaped.

/// `text` with every control character written out as `\u{...}`, so that printing a name,
/// a path or a message read from a file cannot move the cursor, recolour or retitle the
/// terminal (escape sequences start with ESC, U+001B, or CSI, U+009B).
///
///     escaped   C0 controls U+0000-U+001F and DEL U+007F (newline and tab included)
///               C1 controls U+0080-U+009F
///               bidirectional overrides U+200E, U+200F, U+202A-U+202E, U+2066-U+2069,
///               which reorder what is shown
///     kept      everything else, including a backslash
///
/// - Parameters:
///   - text: The text to print.
///   - keepingNewlines: Leave line feeds as they are (for messages of several lines).
/// - Returns: The text, unchanged if it holds none of these.
public func escapingControlCharacters(_ text: String, keepingNewlines: Bool = false) -> String {
  guard text.unicodeScalars.contains(where: { isEscaped($0, keepingNewlines) }) else {
    return text
  }
  var result = String.UnicodeScalarView()
  for scalar in text.unicodeScalars {
    guard isEscaped(scalar, keepingNewlines) else {
      result.append(scalar)
      continue
    }
    let code = String(scalar.value, radix: 16, uppercase: true)
    result.append(contentsOf: "\\u{\(code)}".unicodeScalars)
  }
  return String(result)
}

/// Whether `escapingControlCharacters` writes `scalar` out.
private func isEscaped(_ scalar: Unicode.Scalar, _ keepingNewlines: Bool) -> Bool {
  switch scalar.value {
  case 0x0A: return !keepingNewlines
  case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
  default: return false
  }
}
