// TerminalTextTests: text from files is printed with its control characters escaped.

import Testing

@testable import KANData

@Suite("Terminal text: control characters from files are escaped before printing")
struct TerminalTextTests {
  @Test("ESC, CSI, BEL, NUL, DEL, line feeds and bidirectional overrides are written out")
  func escapesControls() {
    #expect(escapingControlCharacters("a\u{1B}]0;title\u{07}b") == "a\\u{1B}]0;title\\u{7}b")
    #expect(escapingControlCharacters("\u{9B}31m\u{0}\u{7F}") == "\\u{9B}31m\\u{0}\\u{7F}")
    #expect(escapingControlCharacters("x\ny\tz") == "x\\u{A}y\\u{9}z")
    #expect(escapingControlCharacters("x\ny", keepingNewlines: true) == "x\ny")
    #expect(escapingControlCharacters("abc\u{202E}fed") == "abc\\u{202E}fed")
  }

  @Test("printable text, accents and a backslash are left as they are")
  func keepsText() {
    let text = "layers.0.grid, x\\y, caf\u{E9}, \u{03C6}_ji, \u{1F600}"
    #expect(escapingControlCharacters(text) == text)
  }

  @Test("error messages quoting a file's names or cells carry no escape sequence")
  func messagesAreEscaped() {
    let error = KANDataError.inFile(
      path: "x\u{1B}[2J.csv",
      error: .csvNotNumeric(line: 2, column: "\u{1B}[31mred", cell: "\u{9B}1m"))
    #expect(!error.description.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B })
    #expect(
      error.description
        == "x\\u{1B}[2J.csv: line 2, column \"\\u{1B}[31mred\": \"\\u{9B}1m\" is not a number")
  }
}
