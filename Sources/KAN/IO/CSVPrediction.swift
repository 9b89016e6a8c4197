import KANData

extension ModelFile {
  /// The rows per batch whose widest feature matrix `(batch, in_l (n + 1))` stays within 2^24
  /// floats (64 MB), so predicting with a wide model from a small file cannot allocate
  /// gigabytes; at least 1.
  var featureBudgetRows: Int {
    let widest = network.layers.map { $0.inFeatures * $0.columnsPerInput }.max() ?? 1
    return max(1, (1 << 24) / max(widest, 1))
  }

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

  /// A warning when more than 1% of a table's input values lie far outside the range the
  /// model's first layer was fitted on (see `KANLinear.farOutsideFraction`), else nil.
  ///
  /// - Parameter table: The samples, as `predictions(for:)` reads them.
  /// - Returns: One line saying what fraction is out of range and what to check.
  /// - Throws: As `predictions(for:)` for a table that does not fit the model.
  public func inputRangeWarning(for table: CSVTable) throws -> String? {
    let first = network.layers[0]
    guard !table.rows.isEmpty, table.header.count == first.inFeatures else { return nil }
    let x = try Tensor(
      shape: [table.rows.count, first.inFeatures], scalars: table.flattenedFloats())
    let fraction = try first.farOutsideFraction(x)
    guard fraction > 0.01 else { return nil }
    let ranges = try (0..<first.inFeatures).map { try first.gridRange(input: $0) }
    let low = ranges.map(\.lowerBound).min() ?? 0
    let high = ranges.map(\.upperBound).max() ?? 0
    return String(
      format: "warning: %.1f%% of the input values lie far outside the range the model was "
        + "trained on (its inputs' grids lie within [%g, %g]); check how the inputs are "
        + "scaled (an MNIST model takes pixel / 127.5 - 1, in [-1, 1], not 0-255)",
      100 * fraction, Double(low), Double(high))
  }

  /// The model's predictions for the samples of a table, as CSV text.
  ///
  ///     input:   a header row, then one sample per row, one column per model input
  ///     output:  `outputHeader`, then one row per sample: every output (Float, shortest
  ///              round-tripping decimal) and, for a classifier, the arg-max class
  ///
  /// When the model knows its input names (`inputScaling`) and the table has a column of each
  /// name, those columns are the inputs, in any order and beside any other columns (the target
  /// included); otherwise column `i` is input `i`. Raw columns are standardised by the model's
  /// `inputScaling`. An output that is not finite (weights that overflow Float on this input)
  /// is an error, not a row.
  ///
  /// - Parameters:
  ///   - table: The samples, as `CSVTable` read them (finite numbers, equal row lengths).
  ///   - batchSize: Rows evaluated at a time (see `KANNetwork.outputs(_:batchSize:)`).
  /// - Returns: The UTF-8 bytes of the output CSV.
  /// - Throws: `KANError.invalidArgument` when the table has neither the model's input names
  ///   nor its input count of columns, `KANDataError.csvOutOfRange` for an input beyond Float's
  ///   range,
  ///   `KANError.invalidModel` for an output that is not finite.
  public func predictions(for table: CSVTable, batchSize: Int = 1000) throws -> [UInt8] {
    let inputs = network.widths[0]
    let table = try inputColumns(of: table)
    guard !table.rows.isEmpty else {
      return Array((outputHeader.joined(separator: ",") + "\n").utf8)
    }
    var x = try Tensor(shape: [table.rows.count, inputs], scalars: table.flattenedFloats())
    if let inputScaling { x = try inputScaling.apply(x) }
    let y = try network.outputs(x, batchSize: min(batchSize, featureBudgetRows))
    return try predictionCSV(y, header: outputHeader, classified: task == .classification)
  }

  /// The model's input columns of a table: by name when the model knows its input names and
  /// the table has them all, else every column in order.
  ///
  /// - Parameter table: the samples.
  /// - Returns: a table of the input columns, in the model's input order.
  /// - Throws: `KANError.invalidArgument` naming the expected columns when neither fits.
  public func inputColumns(of table: CSVTable) throws -> CSVTable {
    let inputs = network.widths[0]
    if let names = inputScaling?.names {
      let columns = names.compactMap { table.header.firstIndex(of: $0) }
      if columns.count == names.count {
        return CSVTable(header: names, rows: table.rows.map { row in columns.map { row[$0] } })
      }
    }
    guard table.header.count == inputs else {
      let named = inputScaling.map { " named " + $0.names.joined(separator: ", ") } ?? ""
      throw KANError.invalidArgument(
        name: "input CSV", value: "\(table.header.count) columns",
        expected: "\(inputs) columns, one per model input\(named) (widths \(network.widths))")
    }
    return table
  }
}

/// The CSV text of a model's outputs for `kan predict`: `header`, then one row per sample with
/// every output (Float, shortest round-tripping decimal) and, when `classified`, the arg-max
/// class.
///
/// - Parameters:
///   - y: The outputs, `[batch, outputs]`.
///   - header: The column names: one per output, then `class` when `classified`.
///   - classified: Append each row's arg-max class.
/// - Returns: The UTF-8 bytes.
/// - Throws: `KANError.invalidModel` for an output that is not finite (weights that overflow
///   Float on this input), naming its column and the input line it came from.
public func predictionCSV(_ y: Tensor<Float>, header: [String], classified: Bool)
  throws(KANError) -> [UInt8]
{
  let outputs = y.shape[1]
  if let index = y.scalars.firstIndex(where: { !$0.isFinite }) {
    throw KANError.invalidModel(
      "the model's output \(header[index % outputs]) for the sample on line "
        + "\(index / outputs + 2) is \(y.scalars[index]): its weights overflow Float on this "
        + "input; check the model file and the scale of the input")
  }
  let classes = classified ? argmaxRows(y) : []
  var text = header.joined(separator: ",") + "\n"
  for b in 0..<y.shape[0] {
    var cells = y.scalars[(b * outputs)..<((b + 1) * outputs)].map(\.description)
    if classified { cells.append(String(classes[b])) }
    text += cells.joined(separator: ",") + "\n"
  }
  return Array(text.utf8)
}
