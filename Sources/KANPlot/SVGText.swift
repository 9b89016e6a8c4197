import Foundation

/// Wraps elements in an SVG document with a white background.
///
/// - Parameters:
///   - width: The width in pixels.
///   - height: The height in pixels.
///   - body: The elements, one per line.
/// - Returns: The document text, ending in a newline.
func svgDocument(width: Int, height: Int, body: [String]) -> String {
  xmlDeclaration + svgElement(width: width, height: height, body: body)
}

/// The first line of a standalone SVG document.
let xmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

/// Wraps elements in one `<svg>` element with a white background, to stand alone or inline in
/// an HTML page.
///
/// - Parameters:
///   - width: The width in pixels.
///   - height: The height in pixels.
///   - body: The elements, one per line.
/// - Returns: The element's text, ending in a newline.
func svgElement(width: Int, height: Int, body: [String]) -> String {
  let head = [
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
      + "viewBox=\"0 0 \(width) \(height)\" font-family=\"Helvetica, Arial, sans-serif\">",
    "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"white\"/>",
  ]
  return (head + body + ["</svg>"]).joined(separator: "\n") + "\n"
}

/// Formats a coordinate with two decimals, enough for sub-pixel placement.
func fixed(_ value: Double) -> String {
  String(format: "%.2f", value)
}

/// Escapes the five characters XML reserves, so any title or name stays well-formed.
func escaped(_ text: String) -> String {
  var out = ""
  for character in text {
    switch character {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    case "'": out += "&apos;"
    default: out.append(character)
    }
  }
  return out
}

/// A `<line>` element.
func line(
  _ x1: String, _ y1: String, _ x2: String, _ y2: String, _ color: String, width: String = "1"
) -> String {
  "<line x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\" stroke=\"\(color)\" "
    + "stroke-width=\"\(width)\"/>"
}

/// A `<text>` element with escaped content.
func text(
  _ content: String, x: String, y: String, size: String, anchor: String, bold: Bool = false
) -> String {
  "<text x=\"\(x)\" y=\"\(y)\" font-size=\"\(size)\" text-anchor=\"\(anchor)\""
    + (bold ? " font-weight=\"bold\"" : "") + ">\(escaped(content))</text>"
}
