import KANData
import KANSymbolic

/// What a model file stores beside efficient-kan's tensors about the edges and the inputs: the
/// pruned, fixed and tied edges of each layer and the input scaling, in `__metadata__`, so the
/// tensors stay loadable by efficient-kan (a pruned or fixed edge's weights are zero there).
///
///     kan.masked_edges.{l}   "i:j,i:j"                       pruned edges (not fixed)
///     kan.fixed_edges.{l}    "i:j:sin:a:b:c:d,..."           formulas c f(a x + b) + d
///     kan.tied_edges.{l}     "i:j,i:j;i:j,i:j"               groups sharing one function
///     kan.input_names        "x1,x 2%2Cb"                    "%" and "," percent-escaped
///     kan.input_mean         "0.5,-1.25"                     z = (x - mean) / scale
///     kan.input_scale        "2,0.75"
///     kan.target             "y"                             the target column's name
struct ModelEdgeMetadata {
  /// Every layer's pruned edges.
  var masked: [[EdgeIndex]]
  /// Every layer's fixed edges.
  var fixed: [[(edge: EdgeIndex, formula: SymbolicEdge)]]
  /// Every layer's tied groups.
  var tied: [[[EdgeIndex]]]
  /// The input scaling, if any.
  var scaling: InputScaling?
  /// The target's name, if any.
  var target: String?

  /// The metadata entries describing a network's edges, a scaling and a target.
  static func entries(
    of network: KANNetwork<Float>, scaling: InputScaling?, target: String?
  ) -> [String: String] {
    var entries: [String: String] = [:]
    for (l, layer) in network.layers.enumerated() {
      let width = layer.inFeatures
      func pair(_ edge: Int) -> String { "\(edge % width):\(edge / width)" }
      let fixed = layer.fixedEdges
      let pruned = (0..<(width * layer.outFeatures)).filter {
        layer.isMasked($0) && fixed.index(i: $0 % width, j: $0 / width) == nil
      }
      if !pruned.isEmpty {
        entries[ModelMetadataKey.maskedEdges(l)] = pruned.map(pair).joined(separator: ",")
      }
      if !fixed.isEmpty {
        entries[ModelMetadataKey.fixedEdges(l)] = fixed.edges.indices.map { e in
          let values = fixed.constants[4 * e..<4 * e + 4].map { "\($0)" }
          return
            ([fixed.edges[e].i, fixed.edges[e].j].map(String.init) + [fixed.edges[e].function.id]
            + values).joined(separator: ":")
        }.joined(separator: ",")
      }
      if !layer.tiedEdges.isEmpty {
        entries[ModelMetadataKey.tiedEdges(l)] = layer.tiedEdges.map {
          $0.map(pair).joined(separator: ",")
        }.joined(separator: ";")
      }
    }
    if let scaling {
      entries[ModelMetadataKey.inputNames] = scaling.names.map(escapedName).joined(separator: ",")
      entries[ModelMetadataKey.inputMean] = scaling.mean.map { "\($0)" }.joined(separator: ",")
      entries[ModelMetadataKey.inputScale] = scaling.scale.map { "\($0)" }.joined(separator: ",")
    }
    if let target { entries[ModelMetadataKey.target] = escapedName(target) }
    return entries
  }

  /// Reads the entries of a file's metadata, checked against the architecture before any
  /// layer is built.
  ///
  /// - Throws: `KANError.invalidModel` naming the key and what is wrong: an entry that does not
  ///   parse, an edge outside its layer, an unknown function, a non-finite constant, a scaling
  ///   that does not fit the inputs.
  init(_ metadata: [String: String], architecture: ModelArchitecture) throws(KANError) {
    let widths = architecture.widths
    masked = []
    fixed = []
    tied = []
    for l in 0..<(widths.count - 1) {
      func edge(_ text: Substring, _ key: String) throws(KANError) -> EdgeIndex {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let j = Int(parts[1]),
          (0..<widths[l]).contains(i), (0..<widths[l + 1]).contains(j)
        else {
          throw Self.error(
            key,
            "\"\(text)\" is not an edge i:j of a \(widths[l]) -> "
              + "\(widths[l + 1]) layer")
        }
        return EdgeIndex(i: i, j: j)
      }
      let maskedKey = ModelMetadataKey.maskedEdges(l)
      masked.append(
        try Self.list(metadata[maskedKey]).map { text throws(KANError) in
          try edge(text, maskedKey)
        })
      let tiedKey = ModelMetadataKey.tiedEdges(l)
      tied.append(
        try Self.list(metadata[tiedKey], separator: ";").map { group throws(KANError) in
          try Self.list(String(group)).map { text throws(KANError) in try edge(text, tiedKey) }
        })
      let fixedKey = ModelMetadataKey.fixedEdges(l)
      fixed.append(
        try Self.list(metadata[fixedKey]).map { text throws(KANError) in
          let parts = text.split(separator: ":", omittingEmptySubsequences: false)
          let values = parts.dropFirst(3).compactMap { Double($0) }.filter { Float($0).isFinite }
          guard parts.count == 7, values.count == 4 else {
            throw Self.error(
              fixedKey, "\"\(text)\" is not i:j:function:a:b:c:d with finite a, b, c, d")
          }
          guard let function = try? SymbolicFunction(id: String(parts[2])) else {
            throw Self.error(
              fixedKey,
              "unknown function \"\(parts[2])\"; known: "
                + SymbolicFunction.allCases.map(\.id).joined(separator: " "))
          }
          return (
            try edge(parts[0] + ":" + parts[1], fixedKey),
            SymbolicEdge(function, a: values[0], b: values[1], c: values[2], d: values[3])
          )
        })
    }
    target = metadata[ModelMetadataKey.target].map(Self.unescapedName)
    scaling = try Self.scaling(metadata, inputs: widths[0])
  }

  /// Applies the edges to a freshly loaded network.
  ///
  /// - Throws: `KANError.invalidModel` for ties a layer refuses (inputs with different knots).
  func apply(to network: inout KANNetwork<Float>) throws(KANError) {
    for l in network.layers.indices {
      do throws(KANError) {
        for edge in masked[l] { try network.layers[l].maskEdge(i: edge.i, j: edge.j) }
        for group in tied[l] { try network.layers[l].tie(group) }
        for (edge, formula) in fixed[l] {
          try network.layers[l].fixSymbolic(i: edge.i, j: edge.j, edge: formula)
        }
      } catch {
        throw .invalidModel("layer \(l)'s edge metadata cannot be applied: \(error)")
      }
    }
  }

  /// The input scaling of the metadata, if it has one.
  private static func scaling(
    _ metadata: [String: String], inputs: Int
  ) throws(KANError) -> InputScaling? {
    let keys = [
      ModelMetadataKey.inputNames, ModelMetadataKey.inputMean, ModelMetadataKey.inputScale,
    ]
    let present = keys.filter { metadata[$0] != nil }
    guard !present.isEmpty else { return nil }
    guard present.count == 3, let names = metadata[keys[0]], let mean = metadata[keys[1]],
      let scale = metadata[keys[2]]
    else {
      throw error(keys[0], "\(keys.joined(separator: ", ")) must be given together")
    }
    let means = list(mean).map { Double($0) }
    let scales = list(scale).map { Double($0) }
    guard !means.contains(nil), !scales.contains(nil) else {
      throw error(keys[1], "the means and scales must be numbers separated by commas")
    }
    let parsed = list(names).map { unescapedName(String($0)) }
    guard parsed.count == inputs else {
      throw error(keys[0], "it names \(parsed.count) inputs but the model has \(inputs)")
    }
    do throws(KANError) {
      return try InputScaling(
        names: parsed, mean: means.compactMap { $0 }, scale: scales.compactMap { $0 })
    } catch {
      throw self.error(keys[1], "\(error)")
    }
  }

  /// The parts of a separated list; nothing for a missing or empty entry.
  private static func list(_ text: String?, separator: Character = ",") -> [Substring] {
    guard let text, !text.isEmpty else { return [] }
    return text.split(separator: separator, omittingEmptySubsequences: false)
  }

  /// `KANError.invalidModel` for a metadata entry.
  private static func error(_ key: String, _ reason: String) -> KANError {
    .invalidModel(
      "metadata \(key) is invalid: \(escapingControlCharacters(reason)); the file is damaged "
        + "or was edited by hand")
  }
}

/// A name with `%` and `,` percent-escaped, so names can be listed with commas.
func escapedName(_ name: String) -> String {
  name.replacingAll("%", with: "%25").replacingAll(",", with: "%2C")
}

extension ModelEdgeMetadata {
  /// The inverse of `escapedName`.
  static func unescapedName(_ text: String) -> String {
    text.replacingAll("%2C", with: ",").replacingAll("%25", with: "%")
  }
}

extension String {
  /// The string with every occurrence of `target` replaced, left to right.
  func replacingAll(_ target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
