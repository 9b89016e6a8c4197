import Foundation

/// A plot of one or two series drawn with Unicode characters, for printing during a run.
///
/// The first series is drawn in braille dots: each character cell holds 2 x 4 dots, so a plot
/// `width` characters wide and `height` tall has a `2*width` by `4*height` dot canvas. The second
/// series is drawn as an `o` in the cell of each of its points.
///
///     title
///        0.25 ┤⠀⠀⢀⠤⠒⠉⠉⠢⡀⠀⠀⠀
///             │⠀⡠⠃⠀⠀o⠀⠀⠈⢆⠀⠀
///       -0.25 ┤⠊⠀⠀⠀⠀⠀⠀⠀⠀⠀⠑⠤
///             └────────────
///              -1          1
///     ⣿ prediction   o target
public struct TerminalPlot: Sendable {
  /// The line printed above the plot; empty for none.
  public var title: String
  /// One or two series; the first in braille, the second as `o` markers.
  public var series: [Series]
  /// The width of the plot area in characters; at least 10.
  public var width: Int
  /// The height of the plot area in characters; at least 3.
  public var height: Int

  /// Creates a terminal plot.
  ///
  /// - Parameters:
  ///   - title: The line printed above the plot; empty for none.
  ///   - series: One or two series.
  ///   - width: The plot area's width in characters.
  ///   - height: The plot area's height in characters.
  public init(title: String = "", series: [Series], width: Int = 60, height: Int = 15) {
    self.title = title
    self.series = series
    self.width = width
    self.height = height
  }

  /// Draws the plot.
  ///
  /// - Returns: The lines of the plot joined by newlines: the title (if any), `height` rows,
  ///   the x axis, its labels and the legend.
  /// - Throws: `PlotError` for a bad series, more than two series or a size below 10 x 3.
  public func render() throws(PlotError) -> String {
    guard (1...2).contains(series.count), width >= 10, height >= 3 else {
      throw .invalidArgument(
        what: "terminal plot (\(series.count) series, \(width) x \(height))",
        reason: "pass one or two series and a size of at least 10 x 3 characters")
    }
    for one in series { try one.validate() }
    let x = try Axis.fitting(series.flatMap(\.x), start: 0, end: Double(2 * width - 1))
    let y = try Axis.fitting(series.flatMap(\.y), start: Double(4 * height - 1), end: 0)
    var dots = Array(repeating: Array(repeating: false, count: 2 * width), count: 4 * height)
    let first = zip(series[0].x, series[0].y).map {
      (Int(x.position(of: $0).rounded()), Int(y.position(of: $1).rounded()))
    }
    for (index, point) in first.enumerated() {
      let previous = series[0].style == .line && index > 0 ? first[index - 1] : point
      for (column, row) in segment(from: previous, to: point) { dots[row][column] = true }
    }
    var cells = (0..<height).map { row in (0..<width).map { braille(dots, row: row, column: $0) } }
    if series.count == 2 {
      for (px, py) in zip(series[1].x, series[1].y) {
        cells[Int(y.position(of: py).rounded()) / 4][Int(x.position(of: px).rounded()) / 2] = "o"
      }
    }
    return lines(cells: cells, x: x, y: y).joined(separator: "\n")
  }

  /// Lays out the title, the rows with y labels, the x axis with its labels and the legend.
  private func lines(cells: [[Character]], x: Axis, y: Axis) -> [String] {
    let yLabels = [0: y.upper, (height - 1) / 2: (y.upper + y.lower) / 2, height - 1: y.lower]
      .mapValues { String(format: "%.3g", $0) }
    let gutter = yLabels.values.map(\.count).max() ?? 0
    var out = title.isEmpty ? [] : [title]
    for (row, rowCells) in cells.enumerated() {
      let label = yLabels[row] ?? ""
      let pad = String(repeating: " ", count: gutter - label.count)
      out.append(pad + label + (yLabels[row] == nil ? " │" : " ┤") + String(rowCells))
    }
    out.append(
      String(repeating: " ", count: gutter + 1) + "└" + String(repeating: "─", count: width))
    let low = String(format: "%.3g", x.lower)
    let high = String(format: "%.3g", x.upper)
    let space = max(1, width - low.count - high.count)
    out.append(
      String(repeating: " ", count: gutter + 2) + low + String(repeating: " ", count: space) + high)
    out.append(
      "⣿ \(series[0].name)" + (series.count == 2 ? "   o \(series[1].name)" : ""))
    return out
  }
}

/// The braille character for the 2 x 4 dots of one cell (Unicode U+2800 plus one bit per dot).
///
///     dot bits:  0x01 0x08
///                0x02 0x10
///                0x04 0x20
///                0x40 0x80
private func braille(_ dots: [[Bool]], row: Int, column: Int) -> Character {
  let bits: [(Int, Int, UInt32)] = [
    (0, 0, 0x01), (0, 1, 0x02), (0, 2, 0x04), (1, 0, 0x08),
    (1, 1, 0x10), (1, 2, 0x20), (0, 3, 0x40), (1, 3, 0x80),
  ]
  var code: UInt32 = 0x2800
  for (dx, dy, bit) in bits where dots[4 * row + dy][2 * column + dx] { code |= bit }
  return Character(Unicode.Scalar(code) ?? " ")
}

/// The dots of a straight segment, by stepping along its longer side (both ends included).
private func segment(from a: (Int, Int), to b: (Int, Int)) -> [(Int, Int)] {
  let steps = max(abs(b.0 - a.0), abs(b.1 - a.1), 1)
  return (0...steps).map { s in
    let t = Double(s) / Double(steps)
    return (
      Int((Double(a.0) + t * Double(b.0 - a.0)).rounded()),
      Int((Double(a.1) + t * Double(b.1 - a.1)).rounded())
    )
  }
}
