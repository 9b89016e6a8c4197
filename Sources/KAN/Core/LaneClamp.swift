extension SIMD8 where Scalar: KANScalar {
  /// Each lane held to `[lower, upper]`, one vector compare-and-select per bound.
  ///
  ///     clamp(x) = min(max(x, lower), upper)
  ///
  /// The standard library's `clamped` goes through `pointwiseMin`/`pointwiseMax`, which order
  /// NaNs lane by lane in scalar code; the lanes here are finite, so a select suffices. Both
  /// sides of each comparison are vectors: comparing with a scalar also runs lane by lane.
  ///
  /// - Parameters:
  ///   - lower: the smallest value.
  ///   - upper: the largest value, `>= lower`.
  /// - Returns: the clamped lanes.
  @inline(__always)
  func clamped(to lower: Scalar, _ upper: Scalar) -> SIMD8<Scalar> {
    let (low, high) = (SIMD8(repeating: lower), SIMD8(repeating: upper))
    var result = self
    result.replace(with: low, where: result .< low)
    result.replace(with: high, where: result .> high)
    return result
  }
}
