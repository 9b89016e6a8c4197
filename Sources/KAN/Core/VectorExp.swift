/// `e^x` in eight lanes at once, for the base activation and the Gaussian bases.
///
/// Cephes' `expf`, branch-free: split `x = n ln 2 + r` with `|r| <= ln 2 / 2`, take `e^r` from a
/// degree-6 polynomial and multiply by `2^n` built in the exponent bits.
///
///     x  = clamp(x, -87.3, 88.3)                 (2^n stays a normal Float)
///     n  = round(x / ln 2)
///     r  = (x - n c1) - n c2                     c1 + c2 = ln 2, c1 exact in 9 bits
///     e^r = 1 + r + r^2 P(r)                     P: Cephes' minimax coefficients
///     e^x = e^r 2^n,   2^n = bits((n + 127) << 23)
///
/// `n` reaches the exponent bits without a float-to-integer conversion: adding `1.5 * 2^23`
/// puts the integer `n` in the low bits of the sum's pattern, `bits(n + 1.5 * 2^23) =
/// 0x4B400000 + n`.
///
/// Within 2 ulp of `expf` on the clamped range (a test checks it); below -87.3 it returns
/// `e^-87.3` (about 1e-38) instead of a denormal or zero.
///
/// - Parameter x: eight finite values.
/// - Returns: `e^x` lane by lane.
@inline(__always)
func vectorExp(_ x: SIMD8<Float>) -> SIMD8<Float> {
  let x = Float.clamped(x, -87.3, 88.3)
  let n = (x * 1.442_695_04).rounded(.toNearestOrEven)
  let r = x.addingProduct(n, SIMD8(repeating: -0.693_359_375))
    .addingProduct(n, SIMD8(repeating: 2.121_944_4e-4))
  var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
  p = SIMD8(repeating: 1.398_199_950_7e-3).addingProduct(p, r)
  p = SIMD8(repeating: 8.333_451_907_3e-3).addingProduct(p, r)
  p = SIMD8(repeating: 4.166_579_589_4e-2).addingProduct(p, r)
  p = SIMD8(repeating: 1.666_666_545_9e-1).addingProduct(p, r)
  p = SIMD8(repeating: 5.000_000_120_1e-1).addingProduct(p, r)
  let er = (r + 1).addingProduct(p, r * r)
  let shifted = unsafeBitCast(n + 12_582_912, to: SIMD8<UInt32>.self)
  let exponent = (shifted &- (0x4B40_0000 - 127)) &<< 23
  return er * unsafeBitCast(exponent, to: SIMD8<Float>.self)
}
