import Foundation
import KAN
import KANData
import KANPlot

/// The three figures of a network, from its diagram data: the diagram (`.svg`), every edge's
/// function (`edges.svg`), and the interactive page (`.html`, click an edge to see it large).
struct NetworkFigures {
  /// The page, `<stem>.html`.
  var page: URL
  /// The diagram, `<stem>.svg`.
  var diagram: URL
  /// The edge grid, `<stem>-edges.svg`.
  var edges: URL

  /// The figures' paths beside `page` (`model.html` gives `model.svg`, `model-edges.svg`).
  init(page: URL) {
    self.page = page
    let stem = page.deletingPathExtension()
    diagram = stem.appendingPathExtension("svg")
    edges = URL(fileURLWithPath: stem.path + "-edges.svg")
  }

  /// Every path, in the order they are written.
  var all: [URL] { [page, diagram, edges] }

  /// Throws unless every figure may be written (`--force` replaces only regular files).
  func checkDestinations(overwrite: Bool) throws {
    for url in all { try AtomicFile.checkDestination(url, overwrite: overwrite) }
  }

  /// Draws the network and writes the three files atomically.
  ///
  /// - Parameters:
  ///   - data: the diagram data of a network on a batch (`KANNetwork.diagramData`).
  ///   - title: the page's and the diagram's title.
  ///   - overwrite: replace existing regular files.
  /// - Throws: `PlotError` for data that cannot be drawn, `KANDataError` when a file cannot be
  ///   written.
  func write(_ data: NetworkDiagramData, title: String, overwrite: Bool) throws {
    let diagram = NetworkDiagram(
      widths: data.widths, inputNames: data.inputNames, outputNames: data.outputNames,
      edges: data.edges.map {
        NetworkDiagram.Edge(
          layer: $0.layer, input: $0.i, output: $0.j, x: $0.x, y: $0.y, score: $0.opacity,
          formula: $0.formula, isPruned: $0.pruned)
      })
    try AtomicFile.write(Array(try diagram.html(title: title).utf8), to: page, overwrite: overwrite)
    try AtomicFile.write(
      Array(try diagram.svg(title: title).utf8), to: self.diagram, overwrite: overwrite)
    try AtomicFile.write(
      Array(try diagram.edgeFunctionsSVG().utf8), to: edges, overwrite: overwrite)
  }
}
