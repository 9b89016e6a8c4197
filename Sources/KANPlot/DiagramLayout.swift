/// Where the parts of a network diagram go, in SVG pixels (y grows downward, inputs at the
/// bottom), after pykan's `plot`.
///
///     row r of nodes:   y_r = bottom - r * layerHeight,  node i at x = left + (i + 1/2) * W / n_r
///     thumbnail row l:  halfway between rows l and l + 1,  slot s at x = left + (s + 1/2) * W / S_l
///     slots of layer l: its `maxThumbnails` strongest edges, ordered by (i, j); S_l of them
///     pitch = clamp(640 / max_l S_l, 18, 64),  W = max(pitch * max_l S_l, 56 * max_r n_r, 440)
///     thumbnail side of layer l = 0.75 * min(64, W / S_l),  layer height = clamp(0.3 W, 170, 420)
struct DiagramLayout {
  /// The document's width and height.
  let width: Double
  let height: Double
  /// The content's left edge and width `W`.
  let left: Double
  let contentWidth: Double
  /// The y of each row of nodes; rowY is (layers + 1).
  let rowY: [Double]
  /// The stroke width of edges, thinner when thumbnails are packed.
  let strokeWidth: Double
  /// The radius of a node.
  let nodeRadius: Double
  /// The slot of each edge that has a thumbnail, by edge id.
  private let slot: [String: Int]
  /// The number of thumbnail slots of each layer; slotCounts is (layers).
  private let slotCounts: [Int]

  /// Lays out `diagram` with room for a title band of `titleBand` pixels on top.
  init(_ diagram: NetworkDiagram, maxThumbnails: Int, titleBand: Double) {
    let layers = diagram.widths.count - 1
    var slot: [String: Int] = [:]
    var slotCounts = Array(repeating: 0, count: layers)
    for l in 0..<layers {
      let strongest = diagram.drawnEdges.filter { $0.layer == l }
        .enumerated().sorted { ($1.element.score, $0.offset) < ($0.element.score, $1.offset) }
        .prefix(max(0, maxThumbnails)).sorted { $0.offset < $1.offset }
      for (index, edge) in strongest.enumerated() { slot[edge.element.id] = index }
      slotCounts[l] = strongest.count
    }
    let maxSlots = Double(max(1, slotCounts.max() ?? 1))
    let pitch = min(64, max(18, 640 / maxSlots))
    let widest = Double(diagram.widths.max() ?? 1)
    contentWidth = max(pitch * maxSlots, 56 * widest, 440)  // 440: room for the legend
    strokeWidth = min(1.5, max(0.8, pitch / 30))
    nodeRadius = min(6, max(3, 0.12 * pitch))
    left = 24
    width = contentWidth + 2 * left
    let layerHeight = min(420, max(170, 0.3 * contentWidth))
    let top = titleBand + 34
    let bottom = top + Double(layers) * layerHeight
    rowY = (0...layers).map { bottom - Double($0) * layerHeight }
    height = bottom + 56
    (self.slot, self.slotCounts) = (slot, slotCounts)
  }

  /// The centre of node `index` of row `row`.
  func node(row: Int, index: Int, of widths: [Int]) -> (x: Double, y: Double) {
    (left + (Double(index) + 0.5) * contentWidth / Double(widths[row]), rowY[row])
  }

  /// The edge's thumbnail box, or `nil` if the edge has none (it is weaker than the
  /// `maxThumbnails` strongest of its layer).
  func thumbnail(of edge: NetworkDiagram.Edge) -> Box? {
    guard let index = slot[edge.id] else { return nil }
    let pitch = contentWidth / Double(slotCounts[edge.layer])
    let side = 0.75 * min(64, pitch)
    let x = left + (Double(index) + 0.5) * pitch
    let y = (rowY[edge.layer] + rowY[edge.layer + 1]) / 2
    return Box(left: x - side / 2, top: y - side / 2, width: side, height: side)
  }
}
