import KANPlot
import Testing

@Suite("Image grids: one square per pixel on a shared grey scale, captions, clear errors")
struct ImageGridTests {
  /// Two 2x3 images whose values span [-1, 1].
  let grid = ImageGrid(
    title: "digits", columns: 2,
    images: [
      ImageGrid.Image(pixels: [-1, 0, 1, -1, -1, -1], height: 2, width: 3, caption: "7 as 1"),
      ImageGrid.Image(pixels: [0, 0, 0, 0, 0, 0.5], height: 2, width: 3, caption: "4 <as> 9"),
    ])

  @Test("a square per pixel (plus the background); the largest value black, the smallest white")
  func pixelsOnOneScale() throws {
    let svg = try grid.svg(scale: 4)
    #expect(svg.components(separatedBy: "<rect").count - 1 == 1 + 12)
    #expect(svg.contains("fill=\"rgb(0,0,0)\""))
    #expect(svg.contains("fill=\"rgb(255,255,255)\"/>"))
    #expect(svg.contains("fill=\"rgb(128,128,128)\""))  // 0 is half way between -1 and 1
    #expect(svg.contains("4 &lt;as&gt; 9"))
  }

  @Test("no images, a pixel count that is not height x width, or NaN: an error")
  func invalidGridsThrow() throws {
    #expect(throws: PlotError.self) { try ImageGrid(title: "none", columns: 2, images: []).svg() }
    var bad = grid
    bad.images[1].pixels.removeLast()
    #expect(throws: PlotError.self) { try bad.svg() }
    bad = grid
    bad.images[0].pixels[0] = .nan
    #expect(throws: PlotError.self) { try bad.svg() }
  }
}
