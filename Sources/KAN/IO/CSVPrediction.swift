import KANData

extension ModelFile {
  /// The column names of the prediction CSV.
  ///
  ///     regression       y0, y1, ..., y{out-1}
  ///     classification   logit0, ..., logit{out-1}, class
  public var outputHeader: [String] {
    let outputs = network.widths[network.widths.count - 1]
    switch task {
    case .regression: return (0..<outputs).map { "y\($0)" }
    case .classification: return (0..<outputs).map { "logit\($0)" } + ["class"]
    }
  }

  /// The model's predictions for the samples of a table, as CSV text.
  ///
  ///     input:   a header row, then one sample per row, one column per model input
  ///     output:  `outputHeader`, then one row per sample: every output (Float, shortest
  ///              round-tripping decimal) and, for a classifier, the arg-max class
  ///
  /// The column names of the input are not interpreted: column `i` is input `i`.
  ///
  /// - Parameters:
  ///   - table: The samples, as `CSVTable` read them (finite numbers, equal row lengths).
  ///   - batchSize: Rows evaluated at a time (see `KANNetwork.outputs(_:batchSize:)`).
  /// - Returns: The UTF-8 bytes of the output CSV.
  /// - Throws: `KANError.invalidArgument` when the table's column count is not the model's
  ///   input count.
  public func predictions(for table: CSVTable, batchSize: Int = 1000) throws(KANError) -> [UInt8] {
    let inputs = network.widths[0]
    guard table.header.count == inputs else {
      throw .invalidArgument(
        name: "input CSV", value: "\(table.header.count) columns",
        expected: "\(inputs) columns, one per model input (widths \(network.widths))")
    }
    var text = outputHeader.joined(separator: ",") + "\n"
    guard !table.rows.isEmpty else { return Array(text.utf8) }
    let x = try Tensor(shape: [table.rows.count, inputs], scalars: table.flattenedFloats())
    let y = try network.outputs(x, batchSize: batchSize)
    let outputs = y.shape[1]
    let classes = task == .classification ? argmaxRows(y) : []
    for b in 0..<y.shape[0] {
      var cells = y.scalars[(b * outputs)..<((b + 1) * outputs)].map(\.description)
      if task == .classification { cells.append(String(classes[b])) }
      text += cells.joined(separator: ",") + "\n"
    }
    return Array(text.utf8)
  }
}
