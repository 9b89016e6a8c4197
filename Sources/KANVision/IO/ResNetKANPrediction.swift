import KAN
import KANData

extension ResNetKANFile {
  /// The model's predictions for the images of a table, as CSV text.
  ///
  ///     input:   a header row, then one image per row: C H W values in the model's layout
  ///              (channel by channel, row by row), scaled as in training
  ///              (MNIST: pixel / 127.5 - 1)
  ///     output:  logit0, ..., logit{classes-1}, class; then one row per image
  ///
  /// - Parameters:
  ///   - table: The images, as `CSVTable` read them (finite numbers, equal row lengths).
  ///   - batchSize: Images evaluated at a time.
  /// - Returns: The UTF-8 bytes of the output CSV.
  /// - Throws: `KANError.invalidArgument` when the column count is not one image of the
  ///   model's size and channels, `KANDataError.csvOutOfRange` for a value beyond Float's range,
  ///   `KANError.invalidModel` for a logit that is not finite.
  public func predictions(for table: CSVTable, batchSize: Int = 500) throws -> [UInt8] {
    let image = model.architecture.input
    guard table.header.count == image.count else {
      throw KANError.invalidArgument(
        name: "input CSV", value: "\(table.header.count) columns",
        expected: "\(image.count) columns: one \(image) image (channels x height x width) per "
          + "row, as the model was trained on")
    }
    let header = (0..<model.architecture.classes).map { "logit\($0)" } + ["class"]
    guard !table.rows.isEmpty else { return Array((header.joined(separator: ",") + "\n").utf8) }
    let x = try Tensor(shape: image.batch(table.rows.count), scalars: table.flattenedFloats())
    return try predictionCSV(
      model.outputs(x, batchSize: batchSize), header: header, classified: true)
  }
}
