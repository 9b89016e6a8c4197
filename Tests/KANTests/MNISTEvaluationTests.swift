import Testing

@testable import KAN

@Suite("Evaluating a classifier: arg-max, confusion matrix, accuracy, batched outputs")
struct MNISTEvaluationTests {
  @Test("argmax picks the largest logit of each row, the first one on a tie")
  func argmaxOfRows() throws {
    let y = try Tensor<Float>(shape: [3, 3], scalars: [0, 2, 1, 5, -1, 5, -3, -2, -9])
    #expect(argmaxRows(y) == [1, 0, 1])
  }

  @Test("counts land at [true][predicted]; accuracy is the diagonal's share")
  func confusionCounts() throws {
    let matrix = try ConfusionMatrix(
      labels: [0, 0, 1, 2, 2, 2], predictions: [0, 1, 1, 2, 2, 0], classes: 3)
    #expect(matrix.counts == [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    #expect(matrix.total == 6)
    #expect(matrix.accuracy == 4.0 / 6)
    let lines = matrix.table.split(separator: "\n")
    #expect(lines.count == 4)
    #expect(lines[3].hasSuffix("66.67%"))
  }

  @Test("mismatched lengths and classes out of range are refused")
  func badConfusionInput() {
    #expect(throws: KANError.self) {
      _ = try ConfusionMatrix(labels: [0, 1], predictions: [0], classes: 2)
    }
    #expect(throws: KANError.self) {
      _ = try ConfusionMatrix(labels: [0, 3], predictions: [0, 1], classes: 2)
    }
  }

  @Test("outputs in slices equal one forward pass, for slice sizes that do and do not divide")
  func batchedOutputsMatch() throws {
    let network = try tinyNetwork()
    let x = tinyInputs(rows: 10)
    let whole = try network(x)
    for batchSize in [1, 3, 10, 64] {
      #expect(try network.outputs(x, batchSize: batchSize) == whole)
    }
    #expect(try network.outputs(Tensor(shape: [0, 3])).shape == [0, 2])
  }
}
