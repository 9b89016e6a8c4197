// Thread count never changes a result: threads split only m or n, never the k-sum. Nor does the
// register-tile width: both widths sum every element's k-terms in the same order.

import Testing

@testable import KANKernels

extension Variant {
  /// The strided views the public entry point builds for this variant (see its doc comment).
  func views<T>(_ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ m: Int, _ n: Int, _ k: Int) -> (
    StridedMatrix<T>, StridedMatrix<T>
  ) {
    switch self {
    case .matmul:
      (
        StridedMatrix(base: a, rowStride: k, columnStride: 1),
        StridedMatrix(base: b, rowStride: n, columnStride: 1)
      )
    case .transposedA:
      (
        StridedMatrix(base: a, rowStride: 1, columnStride: m),
        StridedMatrix(base: b, rowStride: n, columnStride: 1)
      )
    case .transposedB:
      (
        StridedMatrix(base: a, rowStride: k, columnStride: 1),
        StridedMatrix(base: b, rowStride: 1, columnStride: k)
      )
    }
  }

  /// Runs the variant through the internal driver with a given register-tile width and knobs
  /// lowered so that even these small, debug-friendly shapes take every path: one flop is worth
  /// a thread, passes are at most 64 deep, packed B blocks hold at most 4096 elements.
  func forcedSplit<T: KernelScalar>(
    _ c: inout [T], _ a: [T], _ b: [T], _ m: Int, _ n: Int, _ k: Int,
    accumulate: Bool, threads: Int, width: KernelWidth = .narrow
  ) {
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        c.withUnsafeMutableBufferPointer { c in
          guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else { return }
          let (left, right) = views(a, b, m, n, k)
          let tuning = GEMMTuning(
            flopsPerThread: 1, width: width, maximumDepth: 64, maximumPackedB: 4096)
          gemm(
            c, left, right, m: m, n: n, k: k, accumulate: accumulate, threads: threads,
            tuning: tuning)
        }
      }
    }
  }
}

extension KernelWidth {
  /// Both register tiles: 6 × 16 and 8 × 32 floats.
  static let all: [KernelWidth] = [.narrow, .wide]
}

/// Shapes that take each path of the driver and of GEMMPlan, for either register tile (6 × 16 or
/// 8 × 32 floats), with the knobs of `forcedSplit`.
let pathShapes: [(Int, Int, Int)] = [
  (5, 40, 20),  // m < MR: A packed; B in place with its last panel shifted left
  (20, 7, 20),  // n < NR: B packed and zero-padded
  (61, 23, 70),  // edges shifted in place; short rows of A prefetched; two kc passes
  (7, 90, 50),  // one or two row panels (A packed for the 8-row tile): threads split columns
  (201, 20, 10),  // > 24 row panels: B packed; in-place A in two cache blocks of 144 rows
  (7, 100, 70),  // packed Bᵀ in column blocks; two kc passes
]

/// The one-column products, which gemv computes (splitting rows, or columns of the transpose).
let gemvShapes: [(Int, Int, Int)] = [(100, 1, 70), (1, 100, 70)]

@Suite("GEMM determinism: any thread count and either tile width give bit-identical C")
struct GEMMDeterminismTests {
  @Test(
    "threads = 2, 3, 4 reproduce threads = 1 bit for bit",
    arguments: Variant.allCases, KernelWidth.all)
  func threadCountDoesNotChangeBits(variant: Variant, width: KernelWidth) {
    for (m, n, k) in pathShapes + gemvShapes {
      let a: [Float] = randomMatrix(m * k, seed: 11)
      let b: [Float] = randomMatrix(k * n, seed: 12)
      let start: [Float] = randomMatrix(m * n, seed: 13)
      for accumulate in [false, true] {
        var one = start
        variant.forcedSplit(
          &one, a, b, m, n, k, accumulate: accumulate, threads: 1, width: width)
        for threads in 2...4 {
          var many = start
          variant.forcedSplit(
            &many, a, b, m, n, k, accumulate: accumulate, threads: threads, width: width)
          let differing = zip(one, many).filter { $0.bitPattern != $1.bitPattern }.count
          #expect(
            differing == 0,
            "\(variant) m=\(m) n=\(n) k=\(k) threads=\(threads): \(differing) elements differ")
        }
      }
    }
  }

  @Test("the wide tile reproduces the narrow tile bit for bit", arguments: Variant.allCases)
  func tileWidthDoesNotChangeBits(variant: Variant) {
    for (m, n, k) in pathShapes {
      let a: [Float] = randomMatrix(m * k, seed: 14)
      let b: [Float] = randomMatrix(k * n, seed: 15)
      let start: [Float] = randomMatrix(m * n, seed: 16)
      for accumulate in [false, true] {
        var narrow = start
        var wide = start
        variant.forcedSplit(
          &narrow, a, b, m, n, k, accumulate: accumulate, threads: 2, width: .narrow)
        variant.forcedSplit(
          &wide, a, b, m, n, k, accumulate: accumulate, threads: 2, width: .wide)
        let differing = zip(narrow, wide).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(differing == 0, "\(variant) m=\(m) n=\(n) k=\(k): \(differing) elements differ")
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
