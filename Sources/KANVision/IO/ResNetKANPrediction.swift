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
  ///   model's size and channels.
  public func predictions(for table: CSVTable, batchSize: Int = 500) throws(KANError) -> [UInt8] {
    let image = model.architecture.input
    guard table.header.count == image.count else {
      throw .invalidArgument(
        name: "input CSV", value: "\(table.header.count) columns",
        expected: "\(image.count) columns: one \(image) image (channels x height x width) per "
          + "row, as the model was trained on")
    }
    let classes = model.architecture.classes
    let header = (0..<classes).map { "logit\($0)" } + ["class"]
    var text = header.joined(separator: ",") + "\n"
    guard !table.rows.isEmpty else { return Array(text.utf8) }
    let x = try Tensor(shape: image.batch(table.rows.count), scalars: table.flattenedFloats())
    let z = try model.outputs(x, batchSize: batchSize)
    let predicted = argmaxRows(z)
    for b in 0..<table.rows.count {
      let logits = z.scalars[(b * classes)..<((b + 1) * classes)].map(\.description)
      text += (logits + [String(predicted[b])]).joined(separator: ",") + "\n"
    }
    return Array(text.utf8)
  }
}
