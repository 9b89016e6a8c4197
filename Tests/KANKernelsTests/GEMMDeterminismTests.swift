// Thread count never changes a result: threads split only m or n, never the k-sum.

import Testing

@testable import KANKernels

extension Variant {
  /// Runs the variant through the internal driver with the work floor per thread at one flop,
  /// so that even these small, debug-friendly shapes split across `threads`.
  func forcedSplit(
    _ c: inout [Float], _ a: [Float], _ b: [Float], _ m: Int, _ n: Int, _ k: Int,
    accumulate: Bool, threads: Int
  ) {
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        c.withUnsafeMutableBufferPointer { c in
          guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else { return }
          // The same views the public entry points build (see their doc comments).
          let left: StridedMatrix<Float>
          let right: StridedMatrix<Float>
          switch self {
          case .matmul:
            left = StridedMatrix(base: a, rowStride: k, columnStride: 1)
            right = StridedMatrix(base: b, rowStride: n, columnStride: 1)
          case .transposedA:
            left = StridedMatrix(base: a, rowStride: 1, columnStride: m)
            right = StridedMatrix(base: b, rowStride: n, columnStride: 1)
          case .transposedB:
            left = StridedMatrix(base: a, rowStride: k, columnStride: 1)
            right = StridedMatrix(base: b, rowStride: 1, columnStride: k)
          }
          gemm(
            c, left, right, m: m, n: n, k: k, accumulate: accumulate, threads: threads,
            flopsPerThread: 1)
        }
      }
    }
  }
}

/// Shapes that split in every way the driver can: rows (tall), column panels (wide), two
/// kc passes (k > 1024), the row-dot gemv (n = 1) and the transposed gemv (m = 1).
let splitShapes: [(Int, Int, Int)] = [
  (61, 23, 70), (7, 90, 50), (7, 17, 1030), (100, 1, 70), (1, 100, 70),
]

@Suite("GEMM determinism: any thread count gives bit-identical C")
struct GEMMDeterminismTests {
  @Test("threads = 2, 3, 4 reproduce threads = 1 bit for bit", arguments: Variant.allCases)
  func threadCountDoesNotChangeBits(variant: Variant) {
    for (m, n, k) in splitShapes {
      let a: [Float] = randomMatrix(m * k, seed: 11)
      let b: [Float] = randomMatrix(k * n, seed: 12)
      let start: [Float] = randomMatrix(m * n, seed: 13)
      for accumulate in [false, true] {
        var one = start
        variant.forcedSplit(&one, a, b, m, n, k, accumulate: accumulate, threads: 1)
        for threads in 2...4 {
          var many = start
          variant.forcedSplit(&many, a, b, m, n, k, accumulate: accumulate, threads: threads)
          let differing = zip(one, many).filter { $0.bitPattern != $1.bitPattern }.count
          #expect(
            differing == 0,
            "\(variant) m=\(m) n=\(n) k=\(k) threads=\(threads): \(differing) elements differ")
        }
      }
    }
  }

  @Test("the public entry point with two threads matches one thread")
  func publicEntryPointIsDeterministic() {
    // 2·m·n·k = 4.1 Mflop: just above the two-thread threshold of the public path, which all
    // three variants share (one is enough; the split itself is covered above).
    let variant = Variant.matmul
    let (m, n, k) = (131, 61, 257)
    let a: [Float] = randomMatrix(m * k, seed: 21)
    let b: [Float] = randomMatrix(k * n, seed: 22)
    var one = [Float](repeating: 0, count: m * n)
    var two = one
    variant.fast(&one, a, b, m, n, k, accumulate: false, threads: 1)
    variant.fast(&two, a, b, m, n, k, accumulate: false, threads: 2)
    #expect(zip(one, two).allSatisfy { $0.bitPattern == $1.bitPattern })
  }
}
