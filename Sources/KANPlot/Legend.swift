/// Where a chart's legend goes: somewhere it covers no data.
///
///     1. the first corner of the plot area whose box no point and no line segment touches:
///        top right, top left, bottom right, bottom left (axes unchanged)
///     2. otherwise outside the data, whichever costs the plot area the smaller share:
///        a gutter right of the plot area (the plot gets narrower), or headroom above the
///        data (the y axis is stretched so every value maps below the box)
extension Chart {
  /// The frame, axes and legend box a chart is drawn with.
  struct Layout {
    /// The frame, with a right gutter if the legend sits outside the plot area.
    var frame: Frame
    /// The x axis, left to right.
    var x: Axis
    /// The y axis, bottom to top.
    var y: Axis
    /// The legend's box, or `nil` when there is no legend.
    var legend: Box?
  }

  /// Fits the axes to the data and places the legend where it covers none of it.
  func layout(in frame: Frame) throws(PlotError) -> Layout {
    let (x, y) = try fittedAxes(in: frame)
    let rows = series.map(\.name) + shadings.map(\.name)
    guard showsLegend, !rows.isEmpty else { return Layout(frame: frame, x: x, y: y, legend: nil) }
    let font = frame.fontSize
    let pad = 0.5 * font
    let size = (
      width: (Double(rows.map(\.count).max() ?? 0) * 0.6 + 3.5) * font,
      height: 1.3 * font * Double(rows.count) + 0.4 * font
    )
    let area = frame.plotArea
    let (leftX, rightX) = (area.left + pad, area.right - pad - size.width)
    let (topY, bottomY) = (area.top + pad, area.bottom - pad - size.height)
    let corners = [(rightX, topY), (leftX, topY), (rightX, bottomY), (leftX, bottomY)].map {
      Box(left: $0.0, top: $0.1, width: size.width, height: size.height)
    }
    if let free = corners.first(where: { covers(x, y, nothingIn: $0.grown(by: font / 4)) }) {
      return Layout(frame: frame, x: x, y: y, legend: free)
    }
    let gutterShare = (size.width + 2 * pad) / area.width
    let headroomShare = (size.height + 2 * pad) / area.height
    if gutterShare <= headroomShare, let narrow = try? frame.reservingRight(size.width + pad) {
      let (x, y) = try fittedAxes(in: narrow)
      let box = Box(
        left: narrow.plotArea.right + pad, top: area.top, width: size.width, height: size.height)
      return Layout(frame: narrow, x: x, y: y, legend: box)
    }
    let top = corners[0]
    guard let highest = series.flatMap(\.y).max(), top.bottom + pad < area.bottom - 20 else {
      return Layout(frame: frame, x: x, y: y, legend: top)  // no room anywhere: keep the corner
    }
    let stretched = try y.raisingUpper(so: highest, mapsTo: top.bottom + pad)
    return Layout(frame: frame, x: x, y: stretched, legend: top)
  }

  /// Whether no series point, marker or line segment of the chart falls inside `box`.
  private func covers(_ x: Axis, _ y: Axis, nothingIn box: Box) -> Bool {
    for one in series {
      let points = zip(one.x, one.y).map { (x: x.position(of: $0), y: y.position(of: $1)) }
      if one.style == .scatter || points.count == 1 {
        if points.contains(where: box.contains) { return false }
      } else if zip(points, points.dropFirst()).contains(where: box.meetsSegment) {
        return false
      }
    }
    return true
  }

  /// The legend: a box with one row per series (its line or marker) and per shading.
  func legendElements(in box: Box, fontSize: Double) -> [String] {
    let rowHeight = 1.3 * fontSize
    var out = [
      "<rect class=\"legend\" x=\"\(fixed(box.left))\" y=\"\(fixed(box.top))\" "
        + "width=\"\(fixed(box.width))\" height=\"\(fixed(box.height))\" "
        + "fill=\"white\" fill-opacity=\"0.85\" stroke=\"#bbb\"/>"
    ]
    let swatchX = box.left + 0.5 * fontSize
    let names = series.map(\.name) + shadings.map(\.name)
    for (index, name) in names.enumerated() {
      let rowY = box.top + rowHeight * (Double(index) + 0.5) + 0.2 * fontSize
      if index < series.count {
        let one = series[index]
        let color = one.color ?? palette[index % palette.count]
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
      } else {
        out.append(
          "<rect x=\"\(fixed(swatchX))\" y=\"\(fixed(rowY - 0.45 * fontSize))\" "
            + "width=\"\(fixed(1.6 * fontSize))\" height=\"\(fixed(0.9 * fontSize))\" "
            + "\(shadingFill)/>")
      }
      out.append(
        text(
          name, x: fixed(swatchX + 2.1 * fontSize), y: fixed(rowY + 0.35 * fontSize),
          size: fixed(fontSize * 0.85), anchor: "start"))
    }
    return out
  }
}
