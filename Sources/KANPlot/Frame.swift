import Foundation

/// A rectangle to draw one chart in, with margins for ticks, labels and title scaled by the font.
struct Frame {
  let x: Double
  let y: Double
  let width: Double
  let height: Double
  let fontSize: Double

  /// Creates a frame, checking that the plot area left after the margins is not empty.
  init(x: Double, y: Double, width: Double, height: Double, fontSize: Double) throws(PlotError) {
    (self.x, self.y, self.width, self.height, self.fontSize) = (x, y, width, height, fontSize)
    guard plotArea.right - plotArea.left >= 20, plotArea.bottom - plotArea.top >= 20 else {
      throw .invalidArgument(
        what: "plot size \(Int(width)) x \(Int(height))",
        reason: "it leaves no room to draw after the margins; use at least 120 x 100")
    }
  }

  /// The area inside the axes: margins of 5 font sizes left, 3.6 below, 2.4 above, 1.5 right.
  var plotArea: (left: Double, right: Double, top: Double, bottom: Double) {
    (x + 5 * fontSize, x + width - 1.5 * fontSize, y + 2.4 * fontSize, y + height - 3.6 * fontSize)
  }

  /// The plot area's border, grid lines, ticks with labels, axis labels and title.
  func axesElements(x: Axis, y: Axis, xLabel: String, yLabel: String, title: String) -> [String] {
    let area = plotArea
    let small = fixed(fontSize * 0.85)
    var out = [
      "<rect x=\"\(fixed(area.left))\" y=\"\(fixed(area.top))\" "
        + "width=\"\(fixed(area.right - area.left))\" height=\"\(fixed(area.bottom - area.top))\" "
        + "fill=\"white\" stroke=\"#444\" stroke-width=\"1\"/>"
    ]
    let tickCount = max(2, min(6, Int((area.right - area.left) / (5 * fontSize))))
    for tick in x.ticks(count: tickCount) {
      let px = fixed(x.position(of: tick))
      out.append(line(px, fixed(area.top), px, fixed(area.bottom), "#e5e5e5"))
      out.append(
        text(
          x.label(tick, count: tickCount), x: px, y: fixed(area.bottom + 1.3 * fontSize),
          size: small, anchor: "middle"))
    }
    let yTickCount = max(2, min(6, Int((area.bottom - area.top) / (3 * fontSize))))
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

  /// A legend box in the top-right corner of the plot area, one row per series.
  func legend(_ series: [Series]) -> [String] {
    let area = plotArea
    let rowHeight = 1.3 * fontSize
    let longest = series.map(\.name.count).max() ?? 0
    let boxWidth = (Double(longest) * 0.6 + 3.5) * fontSize
    let left = area.right - boxWidth - 0.5 * fontSize
    let top = area.top + 0.5 * fontSize
    var out = [
      "<rect x=\"\(fixed(left))\" y=\"\(fixed(top))\" width=\"\(fixed(boxWidth))\" "
        + "height=\"\(fixed(rowHeight * Double(series.count) + 0.4 * fontSize))\" "
        + "fill=\"white\" fill-opacity=\"0.85\" stroke=\"#bbb\"/>"
    ]
    for (index, one) in series.enumerated() {
      let color = one.color ?? palette[index % palette.count]
      let rowY = top + rowHeight * (Double(index) + 0.5) + 0.2 * fontSize
      let swatchX = left + 0.5 * fontSize
      switch one.style {
      case .line:
        out.append(
          line(
            fixed(swatchX), fixed(rowY), fixed(swatchX + 1.6 * fontSize), fixed(rowY),
            color, width: "1.8"))
      case .scatter:
        out.append(
          "<circle cx=\"\(fixed(swatchX + 0.8 * fontSize))\" cy=\"\(fixed(rowY))\" "
            + "r=\"\(fixed(fontSize / 4))\" fill=\"\(color)\"/>")
      }
      out.append(
        text(
          one.name, x: fixed(swatchX + 2.1 * fontSize), y: fixed(rowY + 0.35 * fontSize),
          size: fixed(fontSize * 0.85), anchor: "start"))
    }
    return out
  }
}
