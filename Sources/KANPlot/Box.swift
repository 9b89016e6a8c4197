/// A rectangle in SVG pixels, whose y grows downward: `top < bottom`.
struct Box: Equatable {
  var left: Double
  var top: Double
  var width: Double
  var height: Double

  /// The x of the right edge.
  var right: Double { left + width }
  /// The y of the bottom edge.
  var bottom: Double { top + height }

  /// The box grown by `margin` on every side.
  func grown(by margin: Double) -> Box {
    Box(
      left: left - margin, top: top - margin, width: width + 2 * margin, height: height + 2 * margin
    )
  }

  /// Whether the point lies inside the box or on its edge.
  func contains(_ point: (x: Double, y: Double)) -> Bool {
    left <= point.x && point.x <= right && top <= point.y && point.y <= bottom
  }

  /// Whether the segment from `a` to `b` touches the box (Liang-Barsky clipping).
  ///
  ///     p(t) = a + t (b - a),  t in [0, 1]
  ///     each edge keeps the t on its inner side; the segment meets the box iff some t is left
  func meetsSegment(from a: (x: Double, y: Double), to b: (x: Double, y: Double)) -> Bool {
    let (dx, dy) = (b.x - a.x, b.y - a.y)
    var (enter, leave) = (0.0, 1.0)
    for (p, q) in [(-dx, a.x - left), (dx, right - a.x), (-dy, a.y - top), (dy, bottom - a.y)] {
      if p == 0 {
        if q < 0 { return false }  // parallel to this edge and outside it
        continue
      }
      let t = q / p
      if p < 0 { enter = max(enter, t) } else { leave = min(leave, t) }
      if enter > leave { return false }
    }
    return true
  }
}
