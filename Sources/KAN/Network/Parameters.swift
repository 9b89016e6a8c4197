extension KANLinear {
  /// The number of parameter tensors `forEachParameter` visits per layer.
  static var parameterSlots: Int { 3 }

  /// Calls `body` with each learnable tensor and its gradient: `w_b`, `w_s` and, when
  /// standalone, `s`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  mutating func forEachParameter(
    _ body: (_ slot: Int, _ parameter: inout [Scalar], _ gradient: [Scalar]) -> Void
  ) {
    body(0, &baseWeight.scalars, baseWeightGradient.scalars)
    body(1, &splineWeight.scalars, splineWeightGradient.scalars)
    if standaloneSplineScaler { body(2, &splineScaler.scalars, splineScalerGradient.scalars) }
  }
}

extension KANNetwork {
  /// Calls `body` with every learnable tensor of the network and its gradient; `slot` is a
  /// stable number per tensor that optimizers key their state on.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func forEachParameter(
    _ body: (_ slot: Int, _ parameter: inout [Scalar], _ gradient: [Scalar]) -> Void
  ) {
    for l in layers.indices {
      layers[l].forEachParameter { slot, parameter, gradient in
        body(l * KANLinear<Scalar>.parameterSlots + slot, &parameter, gradient)
      }
    }
  }

  /// Every learnable scalar in one flat vector, in `forEachParameter` order.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func flatParameters() -> [Scalar] {
    var flat: [Scalar] = []
    forEachParameter { _, parameter, _ in flat.append(contentsOf: parameter) }
    return flat
  }

  /// Every accumulated gradient in one flat vector, in `forEachParameter` order.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func flatGradients() -> [Scalar] {
    var flat: [Scalar] = []
    forEachParameter { _, _, gradient in flat.append(contentsOf: gradient) }
    return flat
  }

  /// Overwrites every learnable scalar from a flat vector in `forEachParameter` order.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func setFlatParameters(_ flat: [Scalar]) throws(KANError) {
    let total = parameterCount
    guard flat.count == total else {
      throw .shapeMismatch(what: "flat parameters", expected: [total], got: [flat.count])
    }
    var offset = 0
    forEachParameter { _, parameter, _ in
      parameter.replaceSubrange(
        0..<parameter.count, with: flat[offset..<(offset + parameter.count)])
      offset += parameter.count
    }
  }
}
