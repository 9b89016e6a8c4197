// The reference triple loops checked on a product small enough to compute by hand.

import KANKernels
import Testing

@Suite("GEMM references: plain triple loops on a hand-computed 2x2 product")
struct ReferenceTests {
  // A = [1 2; 3 4], B = [5 6; 7 8]
  // A · B  = [1·5+2·7  1·6+2·8; 3·5+4·7  3·6+4·8] = [19 22; 43 50]
  // Aᵀ · B = [1·5+3·7  1·6+3·8; 2·5+4·7  2·6+4·8] = [26 30; 38 44]
  // A · Bᵀ = [1·5+2·6  1·7+2·8; 3·5+4·6  3·7+4·8] = [17 23; 39 53]
  let a: [Double] = [1, 2, 3, 4]
  let b: [Double] = [5, 6, 7, 8]

  @Test("A·B of 2x2 matrices equals the hand-computed product")
  func matmulReferenceMatchesHandComputed() {
    var c = [Double](repeating: 0, count: 4)
    matmulReference(&c, a, b, m: 2, n: 2, k: 2)
    #expect(c == [19, 22, 43, 50])
  }

  @Test("Aᵀ·B of 2x2 matrices equals the hand-computed product")
  func transposedAReferenceMatchesHandComputed() {
    var c = [Double](repeating: 0, count: 4)
    matmulTransposedAReference(&c, a, b, m: 2, n: 2, k: 2)
    #expect(c == [26, 30, 38, 44])
  }

  @Test("A·Bᵀ of 2x2 matrices equals the hand-computed product")
  func transposedBReferenceMatchesHandComputed() {
    var c = [Double](repeating: 0, count: 4)
    matmulTransposedBReference(&c, a, b, m: 2, n: 2, k: 2)
    #expect(c == [17, 23, 39, 53])
  }

  @Test("accumulate adds the product to the existing C")
  func referenceAccumulates() {
    var c: [Double] = [1, 1, 1, 1]
    matmulReference(&c, a, b, m: 2, n: 2, k: 2, accumulate: true)
    #expect(c == [20, 23, 44, 51])
  }
}
