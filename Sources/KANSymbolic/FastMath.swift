/// Branch-free `exp` and `arctan` for the grid rows: plain arithmetic the compiler vectorises,
/// where a call to libm cannot be. Tested against libm (`FastMathTests`) to a relative 1e-14.

/// `e^x` by Cody-Waite reduction and a Taylor polynomial.
///
///     x = clamp(x, -708, 709)
///     n = round(x / ln 2),   r = (x - n ln2_hi) - n ln2_lo           |r| <= ln 2 / 2
///         (rounded by adding and subtracting 1.5 * 2^52, whose low bits then hold n)
///     e^r = sum_{k=0}^{13} r^k / k!                                  (Horner; error < 1e-16)
///     e^x = e^r 2^n,   2^n = bits((n + 1023) << 52)
///
/// - Parameter x: A finite number.
/// - Returns: `e^x`; `e^-708` below -708 (the grid never needs denormals).
@inline(__always)
func fastExp(_ x: Double) -> Double {
  let x = Swift.min(Swift.max(x, -708), 709)
  let shifted = x * 1.442_695_040_888_963_4 + 6_755_399_441_055_744
  let n = shifted - 6_755_399_441_055_744
  let r = (x - n * 0.693_147_180_369_123_8) - n * 1.908_214_929_270_587_7e-10
  // Horner on 1/k!, k = 13 down to 0.
  var p = 1.605_904_383_682_161_3e-10  // 1/13!
  p = p * r + 2.08767569878681e-09
  p = p * r + 2.505210838544172e-08
  p = p * r + 2.755731922398589e-07
  p = p * r + 2.7557319223985893e-06
  p = p * r + 2.48015873015873e-05
  p = p * r + 0.0001984126984126984
  p = p * r + 0.001388888888888889
  p = p * r + 0.008333333333333333
  p = p * r + 0.041666666666666664
  p = p * r + 0.16666666666666666
  p = p * r + 0.5
  p = p * r + 1.0
  p = p * r + 1.0
  return p * Double(bitPattern: (shifted.bitPattern &+ 1023) << 52)
}

/// `arctan x` by Cephes' reduction and rational approximation (`atan.c`), branch-free.
///
///     t = |x|;  t > tan(3 pi/8): z = -1/t, base = pi/2
///               t > 0.66:        z = (t - 1)/(t + 1), base = pi/4
///               else:            z = t, base = 0
///     arctan t = base + z + z z^2 P(z^2) / Q(z^2)         (Cephes' coefficients)
///     arctan x = sign(x) arctan t
///
/// - Parameter x: A finite number.
/// - Returns: `arctan x`.
@inline(__always)
func fastArctan(_ x: Double) -> Double {
  let t = Swift.abs(x)
  let large = t > 2.414_213_562_373_095_0
  let medium = t > 0.66
  let z = large ? -1 / t : (medium ? (t - 1) / (t + 1) : t)
  let base = large ? Double.pi / 2 : (medium ? Double.pi / 4 : 0)
  let tail = large ? 6.123_233_995_736_766e-17 : (medium ? 3.061_616_997_868_383e-17 : 0)
  let s = z * z
  let p =
    (((-8.750_608_600_031_904_1e-1 * s - 1.615_753_718_733_365_2e1) * s
      - 7.500_855_792_314_705_3e1) * s - 1.228_866_684_490_136_2e2) * s
    - 6.485_021_904_942_025_2e1
  let q =
    ((((s + 2.485_846_490_142_306_3e1) * s + 1.650_270_098_316_988_5e2) * s
      + 4.328_810_604_912_902_7e2) * s + 4.853_903_996_359_136_8e2) * s
    + 1.945_506_571_482_613_9e2
  let result = base + (z + (z * s * p / q + tail))
  return x < 0 ? -result : result
}
