import KANFromScratch

@testable import KAN

/// Central-difference checks of every gradient of a Double layer under the probe loss
/// `L = sum r * y`: `dL/dw_b`, `dL/dw_s`, `dL/ds` and `dL/dx`, in that order.
func layerGradientReports(
  _ layer: KANLinear<Double>, _ x: Tensor<Double>, _ r: Tensor<Double>
) throws -> [GradientCheckReport] {
  var layer = layer
  _ = try layer.forward(x)
  let dX = try layer.backward(r) ?? Tensor(shape: [0])
  func moved(_ body: (inout KANLinear<Double>) -> Void) throws -> Double {
    var copy = layer
    body(&copy)
    return probeLoss(try copy(x), r)
  }
  return [
    try gradientCheck(analytic: layer.baseWeightGradient.scalars) { q, delta in
      try moved { $0.baseWeight.scalars[q] += delta }
    },
    try gradientCheck(analytic: layer.splineWeightGradient.scalars) { q, delta in
      try moved { $0.splineWeight.scalars[q] += delta }
    },
    try gradientCheck(analytic: layer.splineScalerGradient.scalars) { q, delta in
      try moved { $0.splineScaler.scalars[q] += delta }
    },
    try gradientCheck(analytic: dX.scalars) { q, delta in
      var shifted = x
      shifted.scalars[q] += delta
      return probeLoss(try layer(shifted), r)
    },
  ]
}

/// Sets every edge's spline to a seeded cubic polynomial on the layer's grid range, fitted in
/// the layer's own basis (B-splines of degree >= 3 reproduce cubics exactly there).
func setCubicEdges(_ layer: inout KANLinear<Double>, seed: UInt64) throws {
  let n = layer.basisCount
  let coefficients = seededValues(4 * layer.outFeatures * layer.inFeatures, in: -1...1, seed: seed)
  for i in 0..<layer.inFeatures {
    let range = try layer.gridRange(input: i)
    let points = (0...40).map {
      range.lowerBound + Double($0) / 40 * (range.upperBound - range.lowerBound)
    }
    let design = layer.basisDesign(points, input: i, grid: layer.grid.scalars)
    let scale = max(abs(range.lowerBound), abs(range.upperBound))
    for j in 0..<layer.outFeatures {
      let c = coefficients[(4 * (j * layer.inFeatures + i))...].prefix(4).map { $0 }
      let values = points.map { x in
        let u = x / scale
        return c[0] + c[1] * u + c[2] * u * u + c[3] * u * u * u
      }
      let fit = ridgeLeastSquares(design, values, rows: points.count, n: n, rhs: 1, ridge: 1e-14)
      for m in 0..<n { layer.splineWeight[j, i, m] = fit[m] }
    }
  }
}

/// The largest `|a - b|` over two equally shaped tensors.
func maxDifference(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Double {
  zip(a.scalars, b.scalars).reduce(0) { max($0, abs($1.0 - $1.1)) }
}
