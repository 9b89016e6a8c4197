// Each GEMM variant against its reference triple loop, in Float and Double, on odd shapes.

import Testing

@testable import KANKernels

/// Which product a test runs, with its storage shapes and the magnitude Σ|a·b| of each element.
enum Variant: String, CaseIterable, CustomTestStringConvertible {
  case matmul = "A·B"
  case transposedA = "Aᵀ·B"
  case transposedB = "A·Bᵀ"

  var testDescription: String { rawValue }

  /// Runs the fast kernel.
  func fast<T: KernelScalar>(
    _ c: inout [T], _ a: [T], _ b: [T], _ m: Int, _ n: Int, _ k: Int, accumulate: Bool,
    threads: Int
  ) {
    switch self {
    case .matmul:
      KANKernels.matmul(&c, a, b, m: m, n: n, k: k, accumulate: accumulate, threads: threads)
    case .transposedA:
      matmulTransposedA(&c, a, b, m: m, n: n, k: k, accumulate: accumulate, threads: threads)
    case .transposedB:
      matmulTransposedB(&c, a, b, m: m, n: n, k: k, accumulate: accumulate, threads: threads)
    }
  }

  /// Runs the reference triple loop.
  func reference<T: KernelScalar>(
    _ c: inout [T], _ a: [T], _ b: [T], _ m: Int, _ n: Int, _ k: Int, accumulate: Bool
  ) {
    switch self {
    case .matmul: matmulReference(&c, a, b, m: m, n: n, k: k, accumulate: accumulate)
    case .transposedA:
      matmulTransposedAReference(&c, a, b, m: m, n: n, k: k, accumulate: accumulate)
    case .transposedB:
      matmulTransposedBReference(&c, a, b, m: m, n: n, k: k, accumulate: accumulate)
    }
  }

  /// Σ_p |A[i, p] · B[p, j]| for every element, row-major (m, n).
  func magnitudes<T: KernelScalar>(_ a: [T], _ b: [T], _ m: Int, _ n: Int, _ k: Int) -> [T] {
    var result = [T](repeating: 0, count: m * n)
    for i in 0..<m {
      for j in 0..<n {
        for p in 0..<k {
          let left = self == .transposedA ? a[p * m + i] : a[i * k + p]
          let right = self == .transposedB ? b[j * k + p] : b[p * n + j]
          result[i * n + j] += abs(left * right)
        }
      }
    }
    return result
  }
}

/// Shapes (m, n, k) from the degenerate upward: ones, odd sizes, several kc blocks (k > 256),
/// several mc blocks and row panels (m = 1000), and the one-column gemv paths.
let oddShapes: [(Int, Int, Int)] = [
  (1, 1, 1), (1, 7, 33), (7, 1, 33), (7, 33, 1), (33, 7, 7), (17, 33, 300),
  (1000, 7, 33), (7, 1000, 33), (33, 7, 1000), (1000, 1, 33), (1, 1000, 33),
]

@Suite("GEMM variants: C = A·B, Aᵀ·B, A·Bᵀ equal their reference triple loops")
struct GEMMVariantTests {
  /// Runs fast and reference on one shape; returns both results and the error bound per element.
  func run<T: KernelScalar>(
    _ variant: Variant, _ m: Int, _ n: Int, _ k: Int, accumulate: Bool, as _: T.Type,
    magnitudes: [T]? = nil
  ) -> (fast: [T], reference: [T], bounds: [T]) where T.RawSignificand: FixedWidthInteger {
    let a: [T] = randomMatrix(m * k, seed: 1)
    let b: [T] = randomMatrix(k * n, seed: 2)
    let start: [T] = accumulate ? randomMatrix(m * n, seed: 3) : [T](repeating: 7, count: m * n)
    var fast = start
    var reference = start
    variant.fast(&fast, a, b, m, n, k, accumulate: accumulate, threads: 2)
    variant.reference(&reference, a, b, m, n, k, accumulate: accumulate)
    let magnitudes = magnitudes ?? variant.magnitudes(a, b, m, n, k)
    let bounds = (0..<(m * n)).map { index in
      tolerance(k: k, magnitude: magnitudes[index] + (accumulate ? abs(start[index]) : 0))
    }
    return (fast, reference, bounds)
  }

  /// Checks one variant in one precision on every odd shape, overwriting and accumulating.
  func checkAllShapes<T: KernelScalar>(_ variant: Variant, as _: T.Type)
  where T.RawSignificand: FixedWidthInteger {
    for (m, n, k) in oddShapes {
      // Σ|a·b| depends only on the inputs: compute it once for both modes.
      let magnitudes = variant.magnitudes(
        randomMatrix(m * k, seed: 1, as: T.self), randomMatrix(k * n, seed: 2), m, n, k)
      for accumulate in [false, true] {
        let (fast, reference, bounds) = run(
          variant, m, n, k, accumulate: accumulate, as: T.self, magnitudes: magnitudes)
        let failure = firstMismatch(fast, reference, bounds)
        #expect(
          failure == nil,
          "\(variant) \(T.self) m=\(m) n=\(n) k=\(k) accumulate=\(accumulate): \(failure ?? "")")
      }
    }
  }

  /// Describes the first element where |observed − expected| exceeds its bound, or returns nil.
  func firstMismatch<T: KernelScalar>(_ observed: [T], _ expected: [T], _ bounds: [T]) -> String? {
    for index in expected.indices {
      let error = abs(observed[index] - expected[index])
      if !(error <= bounds[index]) {
        return "element \(index): expected \(expected[index]), observed \(observed[index]), "
          + "|error| \(error) > bound \(bounds[index])"
      }
    }
    return nil
  }

  @Test("Float result equals the reference within (k+1)·ε·Σ|a·b|", arguments: Variant.allCases)
  func floatMatchesReference(variant: Variant) {
    checkAllShapes(variant, as: Float.self)
  }

  @Test("Double result equals the reference within (k+1)·ε·Σ|a·b|", arguments: Variant.allCases)
  func doubleMatchesReference(variant: Variant) {
    checkAllShapes(variant, as: Double.self)
  }

  @Test(
    "each tile width on each plan path equals the reference within (k+1)·ε·Σ|a·b|",
    arguments: Variant.allCases, KernelWidth.all)
  func planPathsMatchReference(variant: Variant, width: KernelWidth) {
    for (m, n, k) in pathShapes {
      let a: [Float] = randomMatrix(m * k, seed: 1)
      let b: [Float] = randomMatrix(k * n, seed: 2)
      let magnitudes = variant.magnitudes(a, b, m, n, k)
      for accumulate in [false, true] {
        let start: [Float] =
          accumulate ? randomMatrix(m * n, seed: 3) : [Float](repeating: 7, count: m * n)
        var fast = start
        var reference = start
        variant.forcedSplit(
          &fast, a, b, m, n, k, accumulate: accumulate, threads: 2, width: width)
        variant.reference(&reference, a, b, m, n, k, accumulate: accumulate)
        let bounds = (0..<(m * n)).map { index in
          tolerance(k: k, magnitude: magnitudes[index] + (accumulate ? abs(start[index]) : 0))
        }
        let failure = firstMismatch(fast, reference, bounds)
        #expect(
          failure == nil,
          "\(variant) m=\(m) n=\(n) k=\(k) accumulate=\(accumulate): \(failure ?? "")")
      }
    }
  }

  @Test("negative control: an element off by one term's size fails the tolerance")
  func toleranceRejectsAMissingTerm() {
    // Dropping one k-term from a sum changes it by |a·b| ~ 0.25, while the bound on this shape
    // is ~(k+1)·ε·Σ|a·b| ~ 1e-5: the comparison must notice.
    let m = 7
    let n = 5
    let k = 33
    let (fast, reference, bounds) = run(.matmul, m, n, k, accumulate: false, as: Float.self)
    #expect(firstMismatch(fast, reference, bounds) == nil)
    let a: [Float] = randomMatrix(m * k, seed: 1)
    let b: [Float] = randomMatrix(k * n, seed: 2)
    var corrupted = fast
    corrupted[3] -= a[0] * b[3]  // element (0, 3) without its p = 0 term
    #expect(firstMismatch(corrupted, reference, bounds) != nil)
  }
}
