// Shared helpers for the kernel tests: a seeded generator, random matrices, and the tolerance.

import KANKernels

/// A seeded SplitMix64 generator, so every test sees the same matrices on every run.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Returns `count` values uniform in [-1, 1) from the given seed.
func randomMatrix<T: KernelScalar>(_ count: Int, seed: UInt64, as _: T.Type = T.self) -> [T]
where T.RawSignificand: FixedWidthInteger {
  var generator = SplitMix64(seed: seed)
  return (0..<count).map { _ in T.random(in: -1..<1, using: &generator) }
}

/// The bound on |fast − reference| for one element of a k-term product.
///
/// Each of the two results is a k-term sum (plus the old C when accumulating); a recursively
/// summed dot product, in any order and with or without fused multiply-adds, has error at most
/// γ_k · Σ|a·b| with γ_k ≈ k·u (u = ulpOfOne / 2, the unit roundoff). The two errors add, so
///
///     |fast − reference| <= 2 · (k + 1) · u · (Σ_p |a_p · b_p| + |c_old|)
///                        =      (k + 1) · ulpOfOne · magnitude
///
/// A wrong kernel misses this by orders of magnitude (an error of one term is ~|a·b|).
func tolerance<T: KernelScalar>(k: Int, magnitude: T) -> T {
  T(k + 1) * T.ulpOfOne * magnitude
}
