import KANData

/// A CSV table read as a learning problem: one column is the target, every other column an
/// input.
///
///     regression:       targets y, (rows, 1)
///     classification:   labels 0 ..< classes, whole numbers in the target column
public struct TabularData: Sendable {
  /// The input columns' names, in table order.
  public var inputNames: [String]
  /// The target column's name.
  public var targetName: String
  /// The raw inputs `(rows, in)` and the targets.
  public var data: Dataset<Double>

  /// The number of rows.
  public var count: Int { data.count }

  /// The problem of predicting column `target` from the others.
  ///
  /// - Parameters:
  ///   - table: the CSV table.
  ///   - target: the target column's name.
  ///   - task: regression (any numbers) or classification (class numbers `0, 1, ...`).
  /// - Throws: `TabularDataError` for a missing, repeated or constant target, a table with no
  ///   other column, fewer than two rows, a constant input, or class labels that are not whole
  ///   numbers from 0.
  public init(table: CSVTable, target: String, task: ModelFile.Task) throws {
    let matches = table.header.indices.filter { table.header[$0] == target }
    guard let column = matches.first else {
      throw TabularDataError.missingTarget(target, columns: table.header)
    }
    if let repeated = table.header.first(where: { name in
      table.header.filter { $0 == name }.count > 1
    }) {
      throw TabularDataError.repeatedColumn(repeated)
    }
    guard table.header.count >= 2 else { throw TabularDataError.noInputColumns(target) }
    guard table.rows.count >= 2 else { throw TabularDataError.tooFewRows(table.rows.count) }
    let values = table.rows.map { $0[column] }
    guard values.contains(where: { $0 != values[0] }) else {
      throw TabularDataError.constantTarget(target, value: values[0])
    }
    let inputColumns = table.header.indices.filter { $0 != column }
    for c in inputColumns where table.rows.allSatisfy({ $0[c] == table.rows[0][c] }) {
      throw TabularDataError.constantInput(table.header[c], value: table.rows[0][c])
    }
    inputNames = inputColumns.map { table.header[$0] }
    targetName = target
    let inputs = try Tensor(
      shape: [table.rows.count, inputColumns.count],
      scalars: table.rows.flatMap { row in inputColumns.map { row[$0] } })
    switch task {
    case .regression:
      data = try Dataset(
        inputs: inputs, targets: .values(Tensor(shape: [values.count, 1], scalars: values)))
    case .classification:
      if let row = values.firstIndex(where: { $0 < 0 || $0 != $0.rounded() || $0 > 1e6 }) {
        throw TabularDataError.notAClassLabel(line: row + 2, value: values[row], column: target)
      }
      data = try Dataset(inputs: inputs, targets: .labels(values.map { Int($0) }))
    }
  }

  /// The rows split at random into a training part and a held-out part.
  ///
  ///     order = a permutation of the rows (from the seed)
  ///     test  = the first round(fraction * rows) of it,  train = the rest, in that order
  ///
  /// - Parameters:
  ///   - fraction: the share of rows held out, in `[0, 1)`; at least one row goes to each part
  ///     when the fraction is positive.
  ///   - seed: the seed of the permutation.
  /// - Returns: the two parts (`test` empty for a fraction of 0).
  /// - Throws: `TabularDataError.tooFewRows` when the split leaves fewer than two training rows.
  public func split(testFraction fraction: Double, seed: UInt64) throws -> (
    train: TabularData, test: TabularData
  ) {
    var generator = SeededGenerator(seed: seed)
    let order = generator.permutation(count)
    let held = fraction > 0 ? max(1, Int((fraction * Double(count)).rounded())) : 0
    guard count - held >= 2 else { throw TabularDataError.tooFewRows(count - held) }
    var (train, test) = (self, self)
    train.data = data.batch(order[held...])
    test.data = data.batch(order[..<held])
    return (train, test)
  }
}

/// Why a table cannot be used as a learning problem; each message says what to do.
public enum TabularDataError: Error, Equatable, CustomStringConvertible {
  /// No column has the target's name.
  case missingTarget(String, columns: [String])
  /// Two columns share a name.
  case repeatedColumn(String)
  /// The table has the target column only.
  case noInputColumns(String)
  /// Fewer than two rows.
  case tooFewRows(Int)
  /// The target column holds one value.
  case constantTarget(String, value: Double)
  /// An input column holds one value.
  case constantInput(String, value: Double)
  /// A classification target that is not a class number `0, 1, 2, ...`.
  case notAClassLabel(line: Int, value: Double, column: String)

  /// What was wrong and what to do.
  public var description: String {
    switch self {
    case .missingTarget(let name, let columns):
      return "the table has no column \"\(name)\"; its columns are "
        + columns.map { "\"\($0)\"" }.joined(separator: ", ") + ": pass one of them as --target"
    case .repeatedColumn(let name):
      return "the column name \"\(name)\" appears more than once: give every column its own name"
    case .noInputColumns(let name):
      return "the table has only the target column \"\(name)\": add at least one input column"
    case .tooFewRows(let count):
      return "the table has \(count) data row\(count == 1 ? "" : "s"); training needs at least 2"
        + " (and more for a held-out part)"
    case .constantTarget(let name, let value):
      return "the target column \"\(name)\" is \(value) in every row: there is nothing to learn;"
        + " check that --target names the column you mean"
    case .constantInput(let name, let value):
      return "the input column \"\(name)\" is \(value) in every row: it carries no information;"
        + " remove it from the table"
    case .notAClassLabel(let line, let value, let column):
      return "line \(line): \(value) in column \"\(column)\" is not a class number; for "
        + "classification the target must hold whole numbers 0, 1, 2, ... (or use --task regression)"
    }
  }
}
