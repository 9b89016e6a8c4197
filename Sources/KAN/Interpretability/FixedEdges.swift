import KANSymbolic

/// The edges of a layer that a formula replaced (pykan's symbolic branch).
///
///     phi_ji(x) = c f(a x + b) + d        f from KANSymbolic's library; a, b, c, d trainable
///
/// They are a short list beside the layer's two paths: `forward` adds every edge's value per
/// sample, `backward` its gradients (the spline part of a fixed edge is masked, see
/// `KANLinear.edgeMask`).
public struct FixedEdges<Scalar: KANScalar>: Sendable, Equatable {
  /// Where a fixed edge sits and which library function it applies.
  public struct Edge: Sendable, Equatable {
    /// The input `i`.
    public var i: Int
    /// The output `j`.
    public var j: Int
    /// `f`.
    public var function: SymbolicFunction
  }

  /// The fixed edges, in the order they were fixed.
  public internal(set) var edges: [Edge] = []
  /// `a, b, c, d` of every edge, `(count, 4)`; slot 3 of `forEachParameter`.
  public internal(set) var constants: [Scalar] = []
  /// `dL/d(a, b, c, d)`, accumulated by `backward`, `(count, 4)`.
  public internal(set) var gradient: [Scalar] = []

  /// No fixed edges.
  public init() {}

  /// Whether no edge is fixed.
  public var isEmpty: Bool { edges.isEmpty }

  /// The position of edge `i -> j` in `edges`, if it is fixed.
  public func index(i: Int, j: Int) -> Int? {
    edges.firstIndex { $0.i == i && $0.j == j }
  }

  /// The formula of fixed edge number `e`, its constants in Double.
  public func symbolicEdge(_ e: Int) -> SymbolicEdge {
    let p = 4 * e
    return SymbolicEdge(
      edges[e].function, a: Double(constants[p]), b: Double(constants[p + 1]),
      c: Double(constants[p + 2]), d: Double(constants[p + 3]))
  }

  /// Fixes edge `i -> j` to `edge`, replacing its formula if it was fixed already.
  mutating func set(_ edge: SymbolicEdge, i: Int, j: Int) {
    let values = [edge.a, edge.b, edge.c, edge.d].map { Scalar($0) }
    if let e = index(i: i, j: j) {
      edges[e].function = edge.function
      constants.replaceSubrange(4 * e..<4 * e + 4, with: values)
    } else {
      edges.append(Edge(i: i, j: j, function: edge.function))
      constants += values
      gradient += [0, 0, 0, 0]
    }
  }

  /// Sets the accumulated gradient to zero.
  mutating func zeroGradient() {
    for p in gradient.indices { gradient[p] = 0 }
  }

  /// Adds every fixed edge's output to a layer output (the forward pass).
  ///
  ///     y[b, j] += c f(a x[b, i] + b) + d        for every fixed edge i -> j
  ///
  /// - Parameters:
  ///   - y: the layer output, `(batch, out)`.
  ///   - x: the layer input, `(batch, in)`.
  func addForward(_ y: inout Tensor<Scalar>, _ x: Tensor<Scalar>) {
    let (batch, inputs, outputs) = (x.shape[0], x.shape[1], y.shape[1])
    for e in edges.indices {
      let (edge, i, j) = (symbolicEdge(e), edges[e].i, edges[e].j)
      for b in 0..<batch {
        y.scalars[b * outputs + j] += Scalar(edge(Double(x.scalars[b * inputs + i])))
      }
    }
  }

  /// Adds every fixed edge's gradients (the backward pass).
  ///
  ///     u = a x + b,   g = dL/dy[b, j]
  ///     dL/da += g c f'(u) x     dL/db += g c f'(u)     dL/dc += g f(u)     dL/dd += g
  ///     dL/dx[b, i] += g c f'(u) a
  ///
  /// - Parameters:
  ///   - dY: `dL/dy`, `(batch, out)`.
  ///   - x: the layer input of the forward pass, `(batch, in)`.
  ///   - dX: `dL/dx`, `(batch, in)`, added to; an empty tensor when not needed.
  mutating func addBackward(
    _ dY: Tensor<Scalar>, _ x: Tensor<Scalar>, inputGradient dX: inout Tensor<Scalar>
  ) {
    let (batch, inputs, outputs) = (x.shape[0], x.shape[1], dY.shape[1])
    let needsInputGradient = dX.count == x.count
    for e in edges.indices {
      let (edge, i, j) = (symbolicEdge(e), edges[e].i, edges[e].j)
      var sums = SIMD4<Double>.zero  // dL/d(a, b, c, d)
      for b in 0..<batch {
        let g = Double(dY.scalars[b * outputs + j])
        let partials = edge.valueAndGradient(Double(x.scalars[b * inputs + i]))
        sums += g * SIMD4(partials.a, partials.b, partials.c, partials.d)
        if needsInputGradient { dX.scalars[b * inputs + i] += Scalar(g * partials.x) }
      }
      for p in 0..<4 { gradient[4 * e + p] += Scalar(sums[p]) }
    }
  }

  /// The edges kept by a smaller layer, renumbered: input `i` becomes `inputs.firstIndex(i)`
  /// and output `j` becomes `outputs.firstIndex(j)`; edges on a removed input or output go.
  func selecting(inputs: [Int], outputs: [Int]) -> FixedEdges {
    var kept = FixedEdges()
    for (e, edge) in edges.enumerated() {
      guard let i = inputs.firstIndex(of: edge.i), let j = outputs.firstIndex(of: edge.j) else {
        continue
      }
      kept.set(symbolicEdge(e), i: i, j: j)
    }
    return kept
  }

  /// The same edges with constants of another scalar type.
  func converted<Other: KANScalar>(to: Other.Type = Other.self) -> FixedEdges<Other> {
    var copy = FixedEdges<Other>()
    for e in edges.indices { copy.set(symbolicEdge(e), i: edges[e].i, j: edges[e].j) }
    return copy
  }
}
