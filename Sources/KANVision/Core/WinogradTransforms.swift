// WinogradTransforms: the matrices of Winograd's minimal filtering F(2, 3), which gives two
// outputs of a 3-tap correlation from four inputs with four multiplications instead of six,
// and the same matrices unrolled into additions for the fast kernels.
//
//     y = A^T [ (G g) ⊙ (B^T d) ]          d: 4 inputs, g: 3 taps, y: 2 outputs
//     y0 = d0 g0 + d1 g1 + d2 g2,   y1 = d1 g0 + d2 g1 + d3 g2
//
// Nested over rows and columns it is F(2x2, 3x3): y = A^T [ (G g G^T) ⊙ (B^T d B) ] A.

/// The matrices of F(2, 3) (Lavin and Gray, "Fast Algorithms for Convolutional Neural
/// Networks", 2016), the reference the unrolled transforms are tested against.
///
///     B^T = [1  0 -1  0]     G = [ 1    0    0 ]     A^T = [1  1  1  0]
///           [0  1  1  0]         [1/2  1/2  1/2]           [0  1 -1 -1]
///           [0 -1  1  0]         [1/2 -1/2  1/2]
///           [0  1  0 -1]         [ 0    0    1 ]
enum WinogradMatrices {
  /// `B^T`, `(4, 4)`: the input transform.
  static let inputTransform: [[Double]] = [
    [1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1],
  ]
  /// `G`, `(4, 3)`: the kernel transform.
  static let kernelTransform: [[Double]] = [
    [1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1],
  ]
  /// `A^T`, `(2, 4)`: the output transform.
  static let outputTransform: [[Double]] = [[1, 1, 1, 0], [0, 1, -1, -1]]

  /// `a b` for matrices as rows.
  static func product(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
    a.map { row in
      (0..<b[0].count).map { j in zip(row, b).reduce(0) { $0 + $1.0 * $1.1[j] } }
    }
  }

  /// `a^T`.
  static func transposed(_ a: [[Double]]) -> [[Double]] {
    (0..<a[0].count).map { j in a.map { $0[j] } }
  }

  /// One 2x2 output tile by plain matrix products: the reference for the fast kernels.
  ///
  ///     y = A^T [ (G g G^T) ⊙ (B^T d B) ] A
  ///
  /// - Parameters:
  ///   - d: The input tile, `(4, 4)`.
  ///   - g: The kernel, `(3, 3)`.
  /// - Returns: `y`, `(2, 2)`, which equals `y[a][b] = sum_{i,j} g[i][j] d[a + i][b + j]`.
  static func tile(_ d: [[Double]], _ g: [[Double]]) -> [[Double]] {
    let (bT, gMatrix, aT) = (inputTransform, kernelTransform, outputTransform)
    let u = product(product(gMatrix, g), transposed(gMatrix))  // (4, 4)
    let v = product(product(bT, d), transposed(bT))  // (4, 4)
    let m = zip(u, v).map { zip($0, $1).map { $0 * $1 } }
    return product(product(aT, m), transposed(aT))
  }
}

/// Four values, one row or column of a transformed tile.
typealias Quad<V> = (V, V, V, V)

/// `B^T d` unrolled: the input transform of four values.
///
///     (d0 - d2, d1 + d2, d2 - d1, d1 - d3)
@inline(__always)
func inputTransform<V: SIMD>(_ d: Quad<V>) -> Quad<V> where V.Scalar: FloatingPoint {
  (d.0 - d.2, d.1 + d.2, d.2 - d.1, d.1 - d.3)
}

/// `A^T m` unrolled: the output transform of four values.
///
///     (m0 + m1 + m2, m1 - m2 - m3)
@inline(__always)
func outputTransform<V: SIMD>(_ m: Quad<V>) -> (V, V) where V.Scalar: FloatingPoint {
  (m.0 + m.1 + m.2, m.1 - m.2 - m.3)
}

/// `A y` unrolled: the adjoint of the output transform, which carries two output gradients to
/// the four transformed positions.
///
///     (y0, y0 + y1, y0 - y1, -y1)
@inline(__always)
func outputTransformAdjoint<V: SIMD>(_ y: (V, V)) -> Quad<V> where V.Scalar: FloatingPoint {
  (y.0, y.0 + y.1, y.0 - y.1, V() - y.1)
}

/// `G g` unrolled: the kernel transform of three taps.
///
///     (g0, (g0 + g1 + g2) / 2, (g0 - g1 + g2) / 2, g2)
@inline(__always)
func kernelTransform<Scalar: FloatingPoint>(_ g: (Scalar, Scalar, Scalar)) -> Quad<Scalar> {
  let half: Scalar = 1 / 2
  return (g.0, (g.0 + g.1 + g.2) * half, (g.0 - g.1 + g.2) * half, g.2)
}

/// `G^T u` unrolled: the adjoint of the kernel transform, which carries the gradients of the
/// four transformed positions back to the three taps.
///
///     (u0 + (u1 + u2) / 2, (u1 - u2) / 2, (u1 + u2) / 2 + u3)
@inline(__always)
func kernelTransformAdjoint<Scalar: FloatingPoint>(_ u: Quad<Scalar>) -> (Scalar, Scalar, Scalar) {
  let half: Scalar = 1 / 2
  return (u.0 + (u.1 + u.2) * half, (u.1 - u.2) * half, (u.1 + u.2) * half + u.3)
}
