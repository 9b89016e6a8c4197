import Foundation

/// Grey images in a grid, each with a caption, such as the test digits a classifier got wrong.
///
///     cell (r, c): pixel (h, w) of image r * columns + c is a square of side `scale`,
///     grey level 255 (1 - (v - lo) / (hi - lo)): the largest value is black
///
/// `lo` and `hi` are the smallest and largest value over all images, so every image shares one
/// grey scale.
public struct ImageGrid: Sendable {
  /// One image: `height * width` values row by row, and a caption under it.
  public struct Image: Sendable {
    /// The values, `pixels[h * width + w]`.
    public var pixels: [Double]
    /// Rows.
    public var height: Int
    /// Columns.
    public var width: Int
    /// The text under the image.
    public var caption: String

    /// An image with its caption.
    public init(pixels: [Double], height: Int, width: Int, caption: String) {
      self.pixels = pixels
      self.height = height
      self.width = width
      self.caption = caption
    }
  }

  /// The title above the grid.
  public var title: String
  /// The images, in reading order.
  public var images: [Image]
  /// Images per row.
  public var columns: Int

  /// A grid of images.
  public init(title: String, columns: Int, images: [Image]) {
    self.title = title
    self.images = images
    self.columns = columns
  }

  /// Renders the grid as an SVG document, one `<rect>` per pixel.
  ///
  /// - Parameter scale: The side of a pixel in SVG units; at least 1.
  /// - Returns: The SVG text.
  /// - Throws: `PlotError.invalidArgument` for no images, a column count below 1, an image
  ///   whose pixel count is not `height * width`, or a non-finite value.
  public func svg(scale: Int = 4) throws(PlotError) -> String {
    guard !images.isEmpty, columns >= 1, scale >= 1 else {
      throw .invalidArgument(
        what: "image grid \"\(title)\"", reason: "need at least one image, column and unit")
    }
    for image in images {
      guard image.height >= 1, image.width >= 1, image.pixels.count == image.height * image.width,
        image.pixels.allSatisfy(\.isFinite)
      else {
        throw .invalidArgument(
          what: "image \"\(image.caption)\"",
          reason: "needs height * width finite values, got \(image.pixels.count)")
      }
    }
    let all = images.flatMap(\.pixels)
    let (low, high) = (all.min() ?? 0, all.max() ?? 1)
    let span = high > low ? high - low : 1
    let cellWidth = (images.map(\.width).max() ?? 1) * scale + 16
    let cellHeight = (images.map(\.height).max() ?? 1) * scale + 28
    let rows = (images.count + columns - 1) / columns
    let band = 36
    let width = max(min(columns, images.count) * cellWidth, 200)
    var body = [
      text(title, x: fixed(Double(width) / 2), y: "24", size: "16", anchor: "middle", bold: true)
    ]
    for (index, image) in images.enumerated() {
      let left = (index % columns) * cellWidth + 8
      let top = band + (index / columns) * cellHeight
      body.append("<g class=\"image\">")
      for h in 0..<image.height {
        for w in 0..<image.width {
          let level = Int((255 * (1 - (image.pixels[h * image.width + w] - low) / span)).rounded())
          body.append(
            "<rect x=\"\(left + w * scale)\" y=\"\(top + h * scale)\" width=\"\(scale)\" "
              + "height=\"\(scale)\" fill=\"rgb(\(level),\(level),\(level))\"/>")
        }
      }
      body.append(
        text(
          image.caption, x: fixed(Double(left + image.width * scale / 2)),
          y: String(top + image.height * scale + 16), size: "11", anchor: "middle"))
      body.append("</g>")
    }
    return svgDocument(width: width, height: band + rows * cellHeight, body: body)
  }
}
