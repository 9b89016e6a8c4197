import Foundation
import KANPlot
import Testing

/// The legend's box, read back from the `<rect class="legend" ...>` of a rendered chart.
private func legendBox(in svg: String) throws -> (
  left: Double, top: Double, right: Double, bottom: Double
) {
  let tag = try #require(svg.components(separatedBy: "<rect class=\"legend\" ").dropFirst().first)
  func number(_ name: String) throws -> Double {
    let value = tag.components(separatedBy: "\(name)=\"").dropFirst().first?.prefix { $0 != "\"" }
    return try #require(value.flatMap { Double($0) }, "no \(name) in the legend's rect")
  }
  let (x, y) = (try number("x"), try number("y"))
  return (x, y, x + (try number("width")), y + (try number("height")))
}

/// Every pixel the data occupy: each point, and 40 points along each line segment (sampled, so
/// the check does not reuse the chart's own clipping code).
private func dataPixels(of chart: Chart) throws -> [(x: Double, y: Double)] {
  let (x, y) = try chart.axes()
  return chart.series.flatMap { one -> [(x: Double, y: Double)] in
    let points = zip(one.x, one.y).map { (x: x.position(of: $0), y: y.position(of: $1)) }
    guard one.style == .line else { return points }
    return zip(points, points.dropFirst()).flatMap { a, b in
      (0...40).map { s in
        let t = Double(s) / 40
        return (x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y))
      }
    }
  }
}

/// The pixels of `chart`'s data that fall inside its legend; empty when the legend covers none.
private func coveredPixels(_ chart: Chart) throws -> [(x: Double, y: Double)] {
  let box = try legendBox(in: try chart.svg())
  return try dataPixels(of: chart).filter {
    box.left <= $0.x && $0.x <= box.right && box.top <= $0.y && $0.y <= box.bottom
  }
}

/// `count` sine waves of different phases, which between them pass through every corner.
private func waves(_ count: Int, name: (Int) -> String = { "wave \($0)" }) -> [Series] {
  let xs = (0...200).map { -1 + Double($0) / 100 }
  return (0..<count).map { k in
    Series(name(k), x: xs, y: xs.map { sin(3 * $0 + Double(k)) })
  }
}

@Suite("Legend placement: the legend covers no data (a free corner, else a gutter or headroom)")
struct LegendTests {
  @Test("a free top-right corner is used as it is, and the axes are not changed")
  func freeCornerKeepsAxes() throws {
    let xs = (0...50).map { Double($0) / 50 }
    let rising = [Series("falls", x: xs, y: xs.map { 1 - $0 })]
    let chart = Chart(title: "t", series: rising)
    var bare = chart
    bare.showsLegend = false
    #expect(try chart.axes() == bare.axes())
    #expect(try coveredPixels(chart).isEmpty)
    #expect(try legendBox(in: try chart.svg()).right > 500, "the legend is at the right")
  }

  @Test("data in the top right: the legend moves to a free corner on the left")
  func movesToAFreeCorner() throws {
    let xs = (0...50).map { Double($0) / 50 }
    let chart = Chart(title: "t", series: [Series("rises", x: xs, y: xs.map { $0 * $0 })])
    #expect(try coveredPixels(chart).isEmpty)
    #expect(try legendBox(in: try chart.svg()).left < 200, "the legend is at the left")
  }

  @Test("no free corner, short names: a gutter right of the data")
  func gutterWhenNoCornerIsFree() throws {
    let chart = Chart(title: "t", series: waves(7))
    #expect(try coveredPixels(chart).isEmpty)
    let box = try legendBox(in: try chart.svg())
    #expect(try dataPixels(of: chart).allSatisfy { $0.x < box.left }, "data left of the legend")
    #expect(box.right < 640)
  }

  @Test("no free corner, long names: headroom above the data")
  func headroomWhenNoCornerIsFree() throws {
    let chart = Chart(
      title: "t", series: waves(3) { "a rather long name for wave number \($0)" })
    #expect(try coveredPixels(chart).isEmpty)
    let box = try legendBox(in: try chart.svg())
    #expect(try dataPixels(of: chart).allSatisfy { $0.y > box.bottom }, "data below the legend")
  }

  @Test("a log-scale chart with a scatter series gets headroom on the log axis")
  func logScaleAndScatter() throws {
    let xs = (1...100).map(Double.init)
    let losses = xs.map { pow(10, -2 + 1.5 * sin($0 / 6)) }
    let chart = Chart(
      title: "loss",
      series: [
        Series("a loss that rises and falls over three decades", x: xs, y: losses),
        Series(
          "the same loss times 1.2, as markers", x: xs, y: losses.map { $0 * 1.2 }, style: .scatter),
      ], yScale: .log)
    #expect(try coveredPixels(chart).isEmpty)
    let box = try legendBox(in: try chart.svg())
    #expect(try dataPixels(of: chart).allSatisfy { $0.y > box.bottom }, "data below the legend")
  }

  @Test("panels of a grid place their legends by the same rule")
  func panelsUseTheSameRule() throws {
    let grid = PanelGrid(title: "g", panels: [Chart(title: "p", series: waves(3))], columns: 1)
    let svg = try grid.svg()
    #expect(svg.contains("<rect class=\"legend\""))
  }

  @Test("a shading is drawn behind the data and named in the legend")
  func shadingIsDrawnAndNamed() throws {
    let xs = (0...50).map { Double($0) / 50 }
    let chart = Chart(
      title: "t", series: [Series("s", x: xs, y: xs)],
      shadings: [Shading("support of B_3", range: 0.2...0.6)])
    let svg = try chart.svg()
    let (x, _) = try chart.axes()
    #expect(svg.contains("<rect x=\"\(String(format: "%.2f", x.position(of: 0.2)))\""))
    #expect(svg.contains(">support of B_3</text>"))
    #expect(
      svg.range(of: "fill-opacity=\"0.35\"")!.lowerBound < svg.range(of: "<polyline")!.lowerBound)
    let bad = Chart(
      title: "t", series: chart.series, shadings: [Shading("x", range: 0...Double.infinity)])
    #expect(throws: PlotError.self) { try bad.svg() }
  }
}
