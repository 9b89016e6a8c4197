#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(ucrt)
import ucrt
#endif

/// A small seeded random number generator, so every run with the same seed draws the same numbers.
///
/// SplitMix64 (Steele, Lea and Flood, 2014) adds a fixed odd constant to its state and scrambles
/// the result:
///
///     state += 0x9E3779B97F4A7C15
///     z = (state ^ (state >> 30)) * 0xBF58476D1CE4E5B9
///     z = (z ^ (z >> 27)) * 0x94D049BB133111EB
///     next = z ^ (z >> 31)
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  /// Creates a generator whose sequence is fixed by `seed`.
  ///
  /// - Parameter seed: Any value; equal seeds give equal sequences.
  public init(seed: UInt64) {
    state = seed
  }

  /// Returns the next 64 random bits.
  ///
  /// - Returns: A uniformly distributed `UInt64`.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Returns a uniform number in `[0, 1)` built from the top 53 bits of `next()`.
  ///
  ///     u = (next() >> 11) * 2^-53
  ///
  /// - Returns: A `Double` in `[0, 1)`.
  public mutating func uniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// Draws from a normal distribution by the Box-Muller transform (the blog's
  /// `np.random.normal(loc, scale)`; the numbers differ from NumPy's, the distribution does not).
  ///
  ///     u1 in (0, 1], u2 in [0, 1)
  ///     z = sqrt(-2 ln u1) * cos(2 pi u2)
  ///     sample = mean + std * z
  ///
  /// Each call uses two uniforms and returns one sample; the sine partner is dropped so that the
  /// generator's state is all there is to reproduce.
  ///
  /// - Parameters:
  ///   - mean: The mean of the distribution.
  ///   - std: The standard deviation of the distribution.
  /// - Returns: One sample.
  public mutating func normal(mean: Double, std: Double) -> Double {
    let u1 = 1 - uniform()
    let u2 = uniform()
    return mean + std * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }
}
