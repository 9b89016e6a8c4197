import Foundation
import KANPlot
import Testing

/// A chart with a line and a scatter series over known values.
private func sampleChart(yScale: Axis.Scale = .linear) -> Chart {
  let xs = (0..<11).map { Double($0) / 10 }
  return Chart(
    title: "fit <test> & \"quotes\"", xLabel: "x", yLabel: "y",
    series: [
      Series("line", x: xs, y: xs.map { 1 + $0 * $0 }),
      Series("points", x: [0.2, 0.5, 0.9], y: [1.1, 1.3, 1.7], style: .scatter),
    ], yScale: yScale)
}

@Suite("SVG charts: well-formed documents, data mapped to pixels, clear errors")
struct SVGChartTests {
  @Test("a chart is well-formed SVG with a polyline, circles, a legend and escaped text")
  func chartIsWellFormed() throws {
    let svg = try sampleChart().svg(width: 500, height: 300)
    let names = elementNames(of: svg)
    #expect(names.first == "svg")
    #expect(names.contains("polyline") && names.filter { $0 == "circle" }.count >= 3)
    #expect(svg.contains("fit &lt;test&gt; &amp; &quot;quotes&quot;"))
    #expect(svg.contains(">points</text>") && svg.contains(">line</text>"))
  }

  @Test("linear axis: position(v) = start + (v - lower) / (upper - lower) * (end - start)")
  func linearAxisMapsValues() throws {
    let axis = try Axis(lower: 0, upper: 10, start: 100, end: 300)
    #expect(axis.position(of: 0) == 100 && axis.position(of: 10) == 300)
    #expect(axis.position(of: 2.5) == 150)
    let yAxis = try Axis(lower: -1, upper: 1, start: 400, end: 50)
    #expect(yAxis.position(of: 1) == 50 && yAxis.position(of: 0) == 225)
  }

  @Test("log axis: equal ratios are equal distances; ticks are powers of ten")
  func logAxisMapsValues() throws {
    let axis = try Axis(lower: 1e-4, upper: 1, start: 0, end: 400, scale: .log)
    #expect(abs(axis.position(of: 1e-2) - 200) < 1e-9)
    #expect(axis.ticks(count: 5) == [1e-4, 1e-3, 1e-2, 1e-1, 1])
    #expect(axis.label(1e-4) == "1e-4" && axis.label(0.01) == "0.01")
  }

  @Test("linear ticks are round (1, 2 or 5 times a power of ten) and inside the range")
  func linearTicksAreRound() throws {
    let axis = try Axis(lower: -0.93, upper: 1.07, start: 0, end: 1)
    let ticks = axis.ticks(count: 4)
    #expect(ticks == [-0.5, 0, 0.5, 1], "\(ticks)")
    #expect(ticks.map { axis.label($0, count: 4) } == ["-0.5", "0.0", "0.5", "1.0"])
  }

  @Test("the y tick labels of a drawn chart are distinct (labels use the ticks' own spacing)")
  func yTickLabelsAreDistinct() throws {
    let xs = (0..<50).map { Double($0) / 49 }
    let chart = Chart(title: "t", series: [Series("s", x: xs, y: xs.map { 0.18 * sin(6 * $0) })])
    let svg = try chart.svg()
    let labels = svg.components(separatedBy: "text-anchor=\"end\">").dropFirst()
      .map { String($0.prefix { $0 != "<" }) }
    #expect(labels.count >= 3 && Set(labels).count == labels.count, "\(labels)")
  }

  @Test("every scatter point is drawn at the pixel the chart's axes give it")
  func scatterPointsLandOnTheirPixels() throws {
    let chart = sampleChart()
    let svg = try chart.svg(width: 500, height: 300)
    let (x, y) = try chart.axes(width: 500, height: 300)
    for (px, py) in zip([0.2, 0.5, 0.9], [1.1, 1.3, 1.7]) {
      let cx = String(format: "%.2f", x.position(of: px))
      let cy = String(format: "%.2f", y.position(of: py))
      #expect(svg.contains("cx=\"\(cx)\" cy=\"\(cy)\""), "no circle at (\(cx), \(cy))")
    }
    #expect(x.position(of: 0) > 0 && x.position(of: 1) < 500, "data inside the width")
    #expect(y.position(of: 2) < y.position(of: 1), "larger y is higher up (smaller SVG y)")
  }

  @Test("a log-scale chart renders; a zero on it throws nonPositiveOnLogScale")
  func logScaleChart() throws {
    let losses = Chart(
      title: "loss", series: [Series("loss", x: [1, 2, 3], y: [0.1, 0.01, 0.002])], yScale: .log)
    #expect(elementNames(of: try losses.svg()).contains("polyline"))
    let bad = Chart(title: "loss", series: [Series("loss", x: [1, 2], y: [0.1, 0])], yScale: .log)
    #expect(throws: PlotError.nonPositiveOnLogScale(series: "loss", index: 1, value: 0)) {
      try bad.svg()
    }
  }

  @Test("NaN in a series throws an error naming the series, the axis and the index")
  func nanInSeriesThrows() {
    let chart = Chart(title: "t", series: [Series("prediction", x: [0, 1, 2], y: [0, .nan, 1])])
    do {
      _ = try chart.svg()
      Issue.record("NaN did not throw")
    } catch {
      #expect(error == .nonFiniteValue(series: "prediction", axis: "y", index: 1))
      #expect(error.description.contains("\"prediction\"") && error.description.contains("NaN"))
    }
  }

  @Test("empty charts, empty or mismatched series and tiny sizes throw")
  func badChartsThrow() {
    #expect(throws: PlotError.self) { try Chart(title: "t", series: []).svg() }
    #expect(throws: PlotError.emptySeries("s")) {
      try Chart(title: "t", series: [Series("s", x: [], y: [])]).svg()
    }
    #expect(throws: PlotError.lengthMismatch(series: "s", xCount: 2, yCount: 1)) {
      try Chart(title: "t", series: [Series("s", x: [1, 2], y: [1])]).svg()
    }
    #expect(throws: PlotError.self) { try sampleChart().svg(width: 40, height: 40) }
  }

  @Test("a panel grid has one <g class=\"panel\"> per chart and the grid's size")
  func panelGridLayout() throws {
    let grid = PanelGrid(
      title: "edges", panels: Array(repeating: sampleChart(), count: 5), columns: 3)
    let svg = try grid.svg(panelWidth: 200, panelHeight: 150)
    _ = elementNames(of: svg)
    #expect(svg.components(separatedBy: "<g class=\"panel\">").count - 1 == 5)
    #expect(svg.contains("width=\"600\" height=\"\(36 + 2 * 150)\""))
  }
}
