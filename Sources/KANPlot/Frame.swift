import Foundation

/// A rectangle to draw one chart in, with margins for ticks, labels and title scaled by the font.
struct Frame {
  let x: Double
  let y: Double
  let width: Double
  let height: Double
  let fontSize: Double
  /// Extra room kept free right of the plot area, for a legend placed outside it.
  let rightGutter: Double

  /// Creates a frame, checking that the plot area left after the margins is not empty.
  init(
    x: Double, y: Double, width: Double, height: Double, fontSize: Double, rightGutter: Double = 0
  ) throws(PlotError) {
    (self.x, self.y, self.width, self.height) = (x, y, width, height)
    (self.fontSize, self.rightGutter) = (fontSize, rightGutter)
    guard plotArea.width >= 20, plotArea.height >= 20 else {
      throw .invalidArgument(
        what: "plot size \(Int(width)) x \(Int(height))",
        reason: "it leaves no room to draw after the margins; use at least 120 x 100")
    }
  }

  /// The area inside the axes: margins of 5 font sizes left, 3.6 below, 2.4 above, 1.5 right
  /// (plus the gutter).
  var plotArea: Box {
    let left = x + 5 * fontSize
    let top = y + 2.4 * fontSize
    return Box(
      left: left, top: top, width: width - 6.5 * fontSize - rightGutter,
      height: height - 6 * fontSize)
  }

  /// The same frame with `gutter` pixels kept free right of the plot area.
  func reservingRight(_ gutter: Double) throws(PlotError) -> Frame {
    try Frame(x: x, y: y, width: width, height: height, fontSize: fontSize, rightGutter: gutter)
  }

  /// The plot area's border, grid lines, ticks with labels, axis labels and title.
  func axesElements(x: Axis, y: Axis, xLabel: String, yLabel: String, title: String) -> [String] {
    let area = plotArea
    let small = fixed(fontSize * 0.85)
    var out = [
      "<rect x=\"\(fixed(area.left))\" y=\"\(fixed(area.top))\" "
        + "width=\"\(fixed(area.width))\" height=\"\(fixed(area.height))\" "
        + "fill=\"white\" stroke=\"#444\" stroke-width=\"1\"/>"
    ]
    let tickCount = max(2, min(6, Int(area.width / (5 * fontSize))))
    for tick in x.ticks(count: tickCount) {
      let px = fixed(x.position(of: tick))
      out.append(line(px, fixed(area.top), px, fixed(area.bottom), "#e5e5e5"))
      out.append(
        text(
          x.label(tick, count: tickCount), x: px, y: fixed(area.bottom + 1.3 * fontSize),
          size: small, anchor: "middle"))
    }
    let yTickCount = max(2, min(6, Int(area.height / (3 * fontSize))))
    for tick in y.ticks(count: yTickCount) {
      let py = fixed(y.position(of: tick))
      out.append(line(fixed(area.left), py, fixed(area.right), py, "#e5e5e5"))
      out.append(
        text(
          y.label(tick, count: yTickCount), x: fixed(area.left - 0.4 * fontSize),
          y: fixed(y.position(of: tick) + 0.3 * fontSize), size: small, anchor: "end"))
    }
    let centerX = fixed((area.left + area.right) / 2)
    let centerY = fixed((area.top + area.bottom) / 2)
    out.append(
      text(
        xLabel, x: centerX, y: fixed(area.bottom + 2.8 * fontSize), size: fixed(fontSize),
        anchor: "middle"))
    out.append(
      "<text x=\"0\" y=\"0\" font-size=\"\(fixed(fontSize))\" text-anchor=\"middle\" "
        + "transform=\"translate(\(fixed(self.x + 1.2 * fontSize)),\(centerY)) rotate(-90)\">"
        + "\(escaped(yLabel))</text>")
    out.append(
      text(
        title, x: centerX, y: fixed(self.y + 1.5 * fontSize), size: fixed(fontSize * 1.1),
        anchor: "middle", bold: true))
    return out
  }
}
