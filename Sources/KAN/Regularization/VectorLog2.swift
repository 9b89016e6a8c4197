/// `log2 x` in eight lanes, for positive normal `x` (the entropy's `p + 1e-4`); NaN and
/// infinity pass through.
///
/// fdlibm's `log` in vector arithmetic, without its special cases:
///
///     x = 2^e m,   m in [sqrt(2)/2, sqrt(2)),   f = m - 1,   s = f / (2 + f),   z = s^2
///     ln(1 + f) = f - (f^2/2 - s (f^2/2 + R(z)))      R: fdlibm's minimax series Lg1 ... Lg7
///     log2 x    = e + ln(1 + f) / ln 2
///
/// `e` and `m` come from the bit pattern: adding `bits(1) - bits(sqrt(2)/2)` to the high word
/// moves the exponent's boundary to `sqrt(2)/2`. Within a few ulp of libm's `log2`, also near
/// `x = 1` where the logarithm is small (a test checks 1e-15 relative).
///
/// - Parameter x: eight positive normal values, or NaN or infinity.
/// - Returns: `log2 x` lane by lane.
@inline(__always)
func vectorLog2(_ x: SIMD8<Double>) -> SIMD8<Double> {
  let moved = unsafeBitCast(x, to: SIMD8<UInt64>.self) &+ 0x0009_5F62_0000_0000
  // e + 1.5 * 2^52 by its bit pattern: the exponent field is a small integer in the low bits.
  let exponent =
    unsafeBitCast((moved &>> 52) &+ (0x4338_0000_0000_0000 - 0x3FF), to: SIMD8<Double>.self)
    - 6_755_399_441_055_744
  let m = unsafeBitCast(
    (moved & 0x000F_FFFF_FFFF_FFFF) &+ 0x3FE6_A09E_0000_0000, to: SIMD8<Double>.self)
  let f = m - 1
  let halfSquare = 0.5 * f * f
  let s = f / (2 + f)
  let z = s * s
  let w = z * z
  let odd =
    w * (0.399_999_999_994_094_2 + w * (0.222_221_984_321_497_8 + w * 0.153_138_376_992_093_73))
  let even =
    z
    * (0.666_666_666_666_735_1
      + w * (0.285_714_287_436_623_9 + w * (0.181_835_721_616_180_5 + w * 0.147_981_986_051_165_86)))
  let logOnePlusF = f - (halfSquare - s * (halfSquare + odd + even))
  let result = exponent + logOnePlusF * 1.442_695_040_888_963_4
  return result.replacing(with: x, where: .!(x .< .infinity))
}
