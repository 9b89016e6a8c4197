// Thread count never changes a result: threads split only m or n, never the k-sum.

import KANKernels
import Testing

/// Shapes above the one-thread work threshold (2·m·n·k >= 4 Mflop) so two threads really run:
/// a tall product (rows split), a wide one (column panels split), and the two gemv paths.
let splitShapes: [(Int, Int, Int)] = [
  (131, 61, 257), (13, 600, 257), (2000, 1, 1000), (1, 2000, 1000),
]

@Suite("GEMM determinism: threads = 1 and threads = 2 give bit-identical C")
struct GEMMDeterminismTests {
  @Test("bit-identical for 1 and 2 threads, overwrite and accumulate", arguments: Variant.allCases)
  func threadCountDoesNotChangeBits(variant: Variant) {
    for (m, n, k) in splitShapes {
      let a: [Float] = randomMatrix(m * k, seed: 11)
      let b: [Float] = randomMatrix(k * n, seed: 12)
      let start: [Float] = randomMatrix(m * n, seed: 13)
      for accumulate in [false, true] {
        var one = start
        var two = start
        variant.fast(&one, a, b, m, n, k, accumulate: accumulate, threads: 1)
        variant.fast(&two, a, b, m, n, k, accumulate: accumulate, threads: 2)
        let differing = zip(one, two).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(differing == 0, "\(variant) m=\(m) n=\(n) k=\(k): \(differing) elements differ")
      }
    }
  }
}
