/// Counts of (true class, predicted class) pairs, and the accuracy they give.
///
///     counts[t][p] = #{ samples with label t predicted as p }
///     accuracy     = sum_c counts[c][c] / sum_{t,p} counts[t][p]
public struct ConfusionMatrix: Equatable, Sendable {
  /// The number of classes; rows and columns are `0..<classes`.
  public let classes: Int
  /// `counts[t][p]`: rows are true classes, columns predicted ones.
  public private(set) var counts: [[Int]]

  /// Tallies labels against predictions.
  ///
  /// - Parameters:
  ///   - labels: The true class of each sample, in `0..<classes`.
  ///   - predictions: The predicted class of each sample, in `0..<classes`.
  ///   - classes: The number of classes.
  /// - Throws: `KANError.shapeMismatch` for lists of different lengths, `.invalidArgument` for a
  ///   class outside `0..<classes`.
  public init(labels: [Int], predictions: [Int], classes: Int) throws(KANError) {
    guard labels.count == predictions.count else {
      throw .shapeMismatch(what: "predictions", expected: [labels.count], got: [predictions.count])
    }
    guard classes > 0 else {
      throw .invalidArgument(name: "classes", value: "\(classes)", expected: "at least 1")
    }
    self.classes = classes
    counts = Array(repeating: Array(repeating: 0, count: classes), count: classes)
    for (label, predicted) in zip(labels, predictions) {
      guard (0..<classes).contains(label), (0..<classes).contains(predicted) else {
        throw .invalidArgument(
          name: "class", value: "\(label) or \(predicted)", expected: "a class in 0..<\(classes)")
      }
      counts[label][predicted] += 1
    }
  }

  /// The number of samples tallied.
  public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }

  /// The fraction of samples on the diagonal (0 when there are none).
  public var accuracy: Double {
    let correct = (0..<classes).reduce(0) { $0 + counts[$1][$1] }
    return total == 0 ? 0 : Double(correct) / Double(total)
  }

  /// The matrix as text: a header of predicted classes, one row per true class with its
  /// recall (the diagonal over the row's total).
  ///
  ///     true\pred     0     1 ...   recall
  ///            0   971     0 ...   99.08%
  public var table: String {
    let width = max(5, String(counts.joined().max() ?? 0).count + 1)
    func cell(_ text: String) -> String {
      String(repeating: " ", count: max(0, width - text.count)) + text
    }
    var lines = ["true\\pred" + (0..<classes).map { cell(String($0)) }.joined() + "   recall"]
    for t in 0..<classes {
      let row = counts[t].reduce(0, +)
      let recall = row == 0 ? 0 : 100 * Double(counts[t][t]) / Double(row)
      lines.append(
        cell(String(t)).padded(to: 9) + counts[t].map { cell(String($0)) }.joined() + "   "
          + percent(recall))
    }
    return lines.joined(separator: "\n")
  }
}

extension String {
  /// The string right-aligned in `width` columns.
  fileprivate func padded(to width: Int) -> String {
    String(repeating: " ", count: max(0, width - count)) + self
  }
}

/// A percentage with two decimals, `97.53%`, for `value = 97.53`.
private func percent(_ value: Double) -> String {
  let hundredths = Int((value * 100).rounded())
  let fraction = String(hundredths % 100)
  return "\(hundredths / 100).\(fraction.count == 1 ? "0" + fraction : fraction)%"
}
