// Empty dimensions: an empty C is left alone, an empty sum gives zeros (or leaves C when
// accumulating), for the kernels and the references alike.

import KANKernels
import Testing

@Suite("GEMM empty dimensions: m, n or k = 0")
struct GEMMEdgeCaseTests {
  let a: [Float] = [1, 2, 3, 4]
  let b: [Float] = [5, 6, 7, 8]

  @Test("m = 0 or n = 0 writes nothing", arguments: Variant.allCases)
  func emptyOutputIsUntouched(variant: Variant) {
    for (m, n) in [(0, 2), (2, 0), (0, 0)] {
      for accumulate in [false, true] {
        var c: [Float] = [9, 9, 9, 9]
        variant.fast(&c, a, b, m, n, 2, accumulate: accumulate, threads: 2)
        #expect(c == [9, 9, 9, 9], "fast \(variant) m=\(m) n=\(n)")
        variant.reference(&c, a, b, m, n, 2, accumulate: accumulate)
        #expect(c == [9, 9, 9, 9], "reference \(variant) m=\(m) n=\(n)")
      }
    }
  }

  @Test("k = 0 gives zeros, or leaves C when accumulating", arguments: Variant.allCases)
  func emptySumIsZero(variant: Variant) {
    var c: [Float] = [9, 9, 9, 9]
    variant.fast(&c, a, b, 2, 2, 0, accumulate: false, threads: 2)
    #expect(c == [0, 0, 0, 0])
    c = [9, 9, 9, 9]
    variant.fast(&c, a, b, 2, 2, 0, accumulate: true, threads: 2)
    #expect(c == [9, 9, 9, 9])
    c = [9, 9, 9, 9]
    variant.reference(&c, a, b, 2, 2, 0, accumulate: false)
    #expect(c == [0, 0, 0, 0])
    c = [9, 9, 9, 9]
    variant.reference(&c, a, b, 2, 2, 0, accumulate: true)
    #expect(c == [9, 9, 9, 9])
  }
}

@Suite("GEMM preconditions: invalid sizes trap with a message")
struct GEMMPreconditionTests {
  @Test("a negative size stops the process")
  func negativeSizeTraps() async {
    await #expect(processExitsWith: .failure) {
      var c: [Float] = [0]
      matmul(&c, [1], [1], m: -1, n: 1, k: 1)
    }
  }

  @Test("zero threads stops the process")
  func zeroThreadsTraps() async {
    await #expect(processExitsWith: .failure) {
      var c: [Float] = [0]
      matmulTransposedB(&c, [1], [1], m: 1, n: 1, k: 1, threads: 0)
    }
  }
}
