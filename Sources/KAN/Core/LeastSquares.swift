/// Least squares by the normal equations with a small ridge, solved by Cholesky in Double.
///
///     X = argmin_X ||A X - B||^2 + lambda ||X||^2 = (A^T A + lambda I)^-1 A^T B
///     lambda = ridge * (trace(A^T A) / n + 1e-300)
///
/// The ridge keeps `A^T A + lambda I` positive definite when samples cluster or there are fewer
/// rows than unknowns, where the answer tends to the minimum-norm solution (what
/// `torch.linalg.lstsq` returns); it can never blow up, only shrink `X` by `O(lambda)`.
///
/// - Parameters:
///   - a: `A`, `(rows, n)`.
///   - b: `B`, `(rows, rhs)`.
///   - rows: the number of rows.
///   - n: the number of unknowns per right-hand side.
///   - rhs: the number of right-hand sides.
///   - ridge: the relative ridge.
/// - Returns: `X`, `(n, rhs)`.
func ridgeLeastSquares(
  _ a: [Double], _ b: [Double], rows: Int, n: Int, rhs: Int, ridge: Double = 1e-10
) -> [Double] {
  // gram = A^T A is (n, n); right = A^T B is (n, rhs).
  var gram = [Double](repeating: 0, count: n * n)
  var right = [Double](repeating: 0, count: n * rhs)
  for row in 0..<rows {
    for p in 0..<n {
      let apr = a[row * n + p]
      if apr == 0 { continue }
      for q in 0..<n { gram[p * n + q] += apr * a[row * n + q] }
      for r in 0..<rhs { right[p * rhs + r] += apr * b[row * rhs + r] }
    }
  }
  var trace = 0.0
  for p in 0..<n { trace += gram[p * n + p] }
  let lambda = ridge * (trace / Double(max(n, 1)) + 1e-300)
  for p in 0..<n { gram[p * n + p] += lambda }
  // Cholesky: gram = L L^T, L lower-triangular, stored in place.
  for p in 0..<n {
    for q in 0...p {
      var sum = gram[p * n + q]
      for r in 0..<q { sum -= gram[p * n + r] * gram[q * n + r] }
      if p == q {
        gram[p * n + p] = max(sum, lambda).squareRoot()
      } else {
        gram[p * n + q] = sum / gram[q * n + q]
      }
    }
  }
  // Forward then backward substitution for each right-hand side.
  for r in 0..<rhs {
    for p in 0..<n {
      var sum = right[p * rhs + r]
      for q in 0..<p { sum -= gram[p * n + q] * right[q * rhs + r] }
      right[p * rhs + r] = sum / gram[p * n + p]
    }
    for p in stride(from: n - 1, through: 0, by: -1) {
      var sum = right[p * rhs + r]
      for q in (p + 1)..<n { sum -= gram[q * n + p] * right[q * rhs + r] }
      right[p * rhs + r] = sum / gram[p * n + p]
    }
  }
  return right
}
