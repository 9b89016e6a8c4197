// JSON: a small strict JSON parser (RFC 8259), enough for safetensors headers.

/// A parsed JSON value.
///
/// Objects keep their members in order, duplicates included, so that the
/// caller can reject duplicate names; numbers written without fraction or exponent that fit in
/// an `Int` are `.integer`, all other numbers `.number`.
enum JSONValue {
  case object([(key: String, value: JSONValue)])
  case array([JSONValue])
  case string(String)
  case integer(Int)
  case number(Double)
  case bool(Bool)
  case null
}

/// Parses one JSON document from UTF-8 bytes (already checked to be valid UTF-8).
///
///     value   = object | array | string | number | true | false | null
///     object  = "{" [ string ":" value *( "," string ":" value ) ] "}"
///     array   = "[" [ value *( "," value ) ] "]"
///     number  = [ "-" ] ( "0" | [1-9] [0-9]* ) [ "." [0-9]+ ] [ ( "e" | "E" ) [ "+" | "-" ] [0-9]+ ]
///     string  = '"' chars '"', escapes \" \\ \/ \b \f \n \r \t \uXXXX, no raw control chars
///
/// Whitespace (space, tab, LF, CR) may surround any token. Nesting deeper than `maxDepth` is
/// refused, so hostile input cannot exhaust the stack. Errors are
/// `KANDataError.safeTensorsHeaderNotJSON` with the offset within `bytes`.
struct JSONParser {
  static let maxDepth = 64
  private let bytes: [UInt8]
  private var i = 0

  /// Parses `bytes` as a single JSON value surrounded by optional whitespace.
  static func parse(_ bytes: [UInt8]) throws -> JSONValue {
    var parser = JSONParser(bytes: bytes)
    let value = try parser.value(depth: 0)
    parser.skipWhitespace()
    guard parser.i == bytes.count else { throw parser.error("unexpected text after the value") }
    return value
  }

  private init(bytes: [UInt8]) { self.bytes = bytes }

  private func error(_ reason: String) -> KANDataError {
    KANDataError.safeTensorsHeaderNotJSON(offset: i, reason: reason)
  }

  private mutating func skipWhitespace() {
    while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
  }

  /// Consumes `byte` (after whitespace) if it is next.
  private mutating func consume(_ byte: UInt8) -> Bool {
    skipWhitespace()
    guard i < bytes.count, bytes[i] == byte else { return false }
    i += 1
    return true
  }

  private mutating func expect(_ byte: UInt8) throws {
    guard consume(byte) else { throw error("expected '\(Character(Unicode.Scalar(byte)))'") }
  }

  private mutating func value(depth: Int) throws -> JSONValue {
    guard depth < JSONParser.maxDepth else { throw error("nested deeper than 64 levels") }
    skipWhitespace()
    guard i < bytes.count else { throw error("unexpected end") }
    switch bytes[i] {
    case UInt8(ascii: "{"):
      i += 1
      var members: [(key: String, value: JSONValue)] = []
      if consume(UInt8(ascii: "}")) { return .object(members) }
      repeat {
        skipWhitespace()
        let key = try string()
        try expect(UInt8(ascii: ":"))
        members.append((key, try value(depth: depth + 1)))
      } while consume(UInt8(ascii: ","))
      try expect(UInt8(ascii: "}"))
      return .object(members)
    case UInt8(ascii: "["):
      i += 1
      var elements: [JSONValue] = []
      if consume(UInt8(ascii: "]")) { return .array(elements) }
      repeat { elements.append(try value(depth: depth + 1)) } while consume(UInt8(ascii: ","))
      try expect(UInt8(ascii: "]"))
      return .array(elements)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    default: return try number()
    }
  }

  private mutating func literal(_ word: String, _ value: JSONValue) throws -> JSONValue {
    guard bytes[i...].starts(with: word.utf8) else { throw error("unknown literal") }
    i += word.utf8.count
    return value
  }

  private mutating func number() throws -> JSONValue {
    let start = i
    func digits() -> Int {
      let first = i
      while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
      return i - first
    }
    if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
    let integerStart = i
    let integerDigits = digits()
    guard integerDigits > 0 else { throw error("expected a value") }
    guard integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else {
      throw error("leading zero in a number")
    }
    var isInteger = true
    if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
      i += 1
      isInteger = false
      guard digits() > 0 else { throw error("expected digits after '.'") }
    }
    if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
      i += 1
      isInteger = false
      if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
      guard digits() > 0 else { throw error("expected digits in the exponent") }
    }
    let text = String(decoding: bytes[start..<i], as: UTF8.self)
    if isInteger, let integer = Int(text) { return .integer(integer) }
    return .number(Double(text) ?? .nan)
  }

  private mutating func string() throws -> String {
    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a string") }
    i += 1
    var scalars = String.UnicodeScalarView()
    var run = i
    func flush() { scalars += String(decoding: bytes[run..<i], as: UTF8.self).unicodeScalars }
    while true {
      guard i < bytes.count else { throw error("unterminated string") }
      let byte = bytes[i]
      if byte == UInt8(ascii: "\"") {
        flush()
        i += 1
        return String(scalars)
      }
      guard byte >= 0x20 else { throw error("control character in a string") }
      guard byte == UInt8(ascii: "\\") else {
        i += 1
        continue
      }
      flush()
      i += 1
      guard i < bytes.count else { throw error("unterminated string") }
      let escape = bytes[i]
      i += 1
      switch escape {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
        scalars.append(Unicode.Scalar(escape))
      case UInt8(ascii: "b"): scalars.append("\u{08}")
      case UInt8(ascii: "f"): scalars.append("\u{0C}")
      case UInt8(ascii: "n"): scalars.append("\n")
      case UInt8(ascii: "r"): scalars.append("\r")
      case UInt8(ascii: "t"): scalars.append("\t")
      case UInt8(ascii: "u"): scalars.append(try unicodeEscape())
      default: throw error("unknown escape")
      }
      run = i
    }
  }

  /// Reads the XXXX of \uXXXX (just after the "u"), and a second \uXXXX for a surrogate pair.
  private mutating func unicodeEscape() throws -> Unicode.Scalar {
    let high = try hex4()
    var code = high
    if (0xD800..<0xDC00).contains(high) {
      guard bytes[i...].starts(with: "\\u".utf8) else { throw error("lone surrogate") }
      i += 2
      let low = try hex4()
      guard (0xDC00..<0xE000).contains(low) else { throw error("lone surrogate") }
      code = 0x10000 + (high - 0xD800) << 10 + (low - 0xDC00)
    }
    guard let scalar = Unicode.Scalar(code) else { throw error("lone surrogate") }
    return scalar
  }

  private mutating func hex4() throws -> UInt32 {
    guard i + 4 <= bytes.count,
      bytes[i..<(i + 4)].allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }),
      let value = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16)
    else { throw error("expected four hex digits after \\u") }
    i += 4
    return value
  }
}

/// Whether `bytes` are valid UTF-8 (no overlong forms, surrogates or truncated sequences).
func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
  var iterator = bytes.makeIterator()
  var decoder = UTF8()
  while true {
    switch decoder.decode(&iterator) {
    case .scalarValue: continue
    case .emptyInput: return true
    case .error: return false
    }
  }
}
