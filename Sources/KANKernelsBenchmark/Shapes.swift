// Shapes: the products the project runs, grouped as the suites this benchmark times. The same
// list, in the same order, is in torch_mm.py so the two print comparable tables.

import KANKernels

/// One timed product: a variant of C (m×n) = op(A) · op(B) with k terms per element.
struct Shape {
  /// Which suite the shape belongs to.
  let suite: String
  /// What the product is in the project.
  let label: String
  let variant: GEMMBenchmark.Variant
  let m: Int
  let n: Int
  let k: Int
}

/// The three suites: the KAN-benchmarking layer, small-batch MNIST training, im2col convolutions.
///
///     big:   A.B^T and A.B (1000, 1000, 900), A^T.B (1000, 900, 1000)
///     mnist: forward A.W^T (64, 64, k), dW = dY^T.A (64, k, 64), dA = dY.W (64, k, 64),
///            k = 784 inputs x 7 or 9 columns
///     conv:  M = batch·H·W rows, Cout columns, K = 9·Cin: the three variants of (M, Cout, K),
///            then the two backward products dCols = dY.W (M, K, Cout) and dW = dY^T.cols
///            (Cout, K, M)
func allShapes() -> [Shape] {
  var shapes = [
    Shape(suite: "big", label: "layer forward", variant: .transposedB, m: 1000, n: 1000, k: 900),
    Shape(suite: "big", label: "A.B", variant: .matmul, m: 1000, n: 1000, k: 900),
    Shape(suite: "big", label: "A^T.B", variant: .transposedA, m: 1000, n: 900, k: 1000),
  ]
  for k in [5488, 7056] {
    shapes += [
      Shape(suite: "mnist", label: "forward", variant: .transposedB, m: 64, n: 64, k: k),
      Shape(suite: "mnist", label: "dW", variant: .transposedA, m: 64, n: k, k: 64),
      Shape(suite: "mnist", label: "dA", variant: .matmul, m: 64, n: k, k: 64),
    ]
  }
  let convolutions = [(50176, 16, 144), (50176, 32, 144), (12544, 32, 288), (12544, 64, 576)]
  for (rows, outputs, depth) in convolutions {
    for variant in [GEMMBenchmark.Variant.transposedB, .matmul, .transposedA] {
      shapes.append(
        Shape(suite: "conv", label: "forward", variant: variant, m: rows, n: outputs, k: depth))
    }
    shapes += [
      Shape(suite: "conv", label: "dCols", variant: .matmul, m: rows, n: depth, k: outputs),
      Shape(suite: "conv", label: "dW", variant: .transposedA, m: outputs, n: depth, k: rows),
    ]
  }
  return shapes
}
