import KANKernels

/// The vector compares and selects the feature evaluation needs, eight lanes at a time.
///
///     clamped(x, lo, hi)[l]        = min(max(x[l], lo), hi)
///     floor(x)[l]                  = largest integer <= x[l]
///     keeping(x, g, low, high)[l]  = x[l] if low[l] <= g[l] < high[l], else 0
///     store(indices of x)          = Int(x[l]) for whole numbers 0 <= x[l] < 2^22
///     squareRoot(x)[l]             = sqrt(x[l]) for x[l] >= 0
///
/// They are requirements with one implementation per concrete type because generic SIMD code
/// only reaches the standard library's generic compares and masks, which go lane by lane in
/// scalar code; written for `SIMD8<Float>` they are single vector instructions. Arithmetic
/// (`+`, `*`, `addingProduct`) specialises to vector instructions on its own.
public protocol LaneMath: KernelScalar {
  /// Each lane held to `[lower, upper]` (lanes are finite).
  static func clamped(_ x: SIMD8<Self>, _ lower: Self, _ upper: Self) -> SIMD8<Self>
  /// Each lane rounded down to an integer.
  static func floor(_ x: SIMD8<Self>) -> SIMD8<Self>
  /// `x` in the lanes where `low <= g < high`, zero elsewhere.
  static func keeping(
    _ x: SIMD8<Self>, where g: SIMD8<Self>, from low: SIMD8<Self>, below high: SIMD8<Self>
  ) -> SIMD8<Self>
  /// Writes the whole numbers `x[l]`, `0 <= x[l] < 2^22`, as `Int`s to `indices[0 ..< count]`.
  static func store(
    indices x: SIMD8<Self>, count: Int, to indices: UnsafeMutablePointer<Int>)
  /// `sqrt(x)` of non-negative lanes. (`squareRoot()` calls libm's `sqrtf` lane by lane on
  /// Linux, for `errno`, so it never vectorises.)
  static func squareRoot(_ x: SIMD8<Self>) -> SIMD8<Self>
}

extension Float: LaneMath {
  /// Each lane held to `[lower, upper]`.
  @inline(__always)
  public static func clamped(_ x: SIMD8<Float>, _ lower: Float, _ upper: Float) -> SIMD8<Float> {
    let (low, high) = (SIMD8(repeating: lower), SIMD8(repeating: upper))
    var result = x
    result.replace(with: low, where: result .< low)
    result.replace(with: high, where: result .> high)
    return result
  }

  /// Each lane rounded down.
  @inline(__always)
  public static func floor(_ x: SIMD8<Float>) -> SIMD8<Float> { x.rounded(.down) }

  /// `x` where `low <= g < high`, else 0.
  @inline(__always)
  public static func keeping(
    _ x: SIMD8<Float>, where g: SIMD8<Float>, from low: SIMD8<Float>, below high: SIMD8<Float>
  ) -> SIMD8<Float> {
    var result = x
    result.replace(with: SIMD8<Float>(), where: g .< low)
    result.replace(with: SIMD8<Float>(), where: g .>= high)
    return result
  }
}

extension Float {
  /// The whole numbers `x[l]` as `Int`s, without a checked conversion per lane: adding
  /// `1.5 * 2^23` puts an integer below 2^22 in the low bits of the sum's pattern.
  @inline(__always)
  public static func store(
    indices x: SIMD8<Float>, count: Int, to indices: UnsafeMutablePointer<Int>
  ) {
    let bits = unsafeBitCast(x + 12_582_912, to: SIMD8<UInt32>.self) &- 0x4B40_0000
    for l in 0..<count { indices[l] = Int(bits[l]) }
  }
}

extension Float {
  /// `sqrt(x)` for `x >= 0` in vector arithmetic: `x / sqrt(x)` from the bit-pattern guess of
  /// `1 / sqrt(x)` and three Newton steps, within 2 ulp of `sqrtf` (a test checks it).
  ///
  ///     y_0 = bits(0x5F3759DF - bits(x) >> 1),   y_{t+1} = y_t (3/2 - x y_t^2 / 2),   sqrt x = x y_3
  @inline(__always)
  public static func squareRoot(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let safe = clamped(x, .leastNormalMagnitude, .greatestFiniteMagnitude)
    var y = unsafeBitCast(
      0x5F37_59DF &- (unsafeBitCast(safe, to: SIMD8<UInt32>.self) &>> 1), to: SIMD8<Float>.self)
    let half = 0.5 * safe
    for _ in 0..<3 { y = y * (1.5 - half * y * y) }
    return x * y
  }
}

extension Double {
  /// `sqrt(x)` lane by lane (Double is the precise type for checks, not the fast one).
  @inline(__always)
  public static func squareRoot(_ x: SIMD8<Double>) -> SIMD8<Double> {
    var result = x
    for lane in x.indices { result[lane] = x[lane].squareRoot() }
    return result
  }

  /// The whole numbers `x[l]` as `Int`s, as for `Float` with `1.5 * 2^52`.
  @inline(__always)
  public static func store(
    indices x: SIMD8<Double>, count: Int, to indices: UnsafeMutablePointer<Int>
  ) {
    let bits =
      unsafeBitCast(x + 6_755_399_441_055_744, to: SIMD8<UInt64>.self)
      &- 0x4338_0000_0000_0000
    for l in 0..<count { indices[l] = Int(truncatingIfNeeded: bits[l]) }
  }
}

/// Double is the precise type for derivative checks, not the fast one: its lanes go one by one.
extension Double: LaneMath {
  /// Each lane held to `[lower, upper]`.
  public static func clamped(
    _ x: SIMD8<Double>, _ lower: Double, _ upper: Double
  ) -> SIMD8<Double> {
    var result = x
    for l in x.indices { result[l] = Swift.min(Swift.max(x[l], lower), upper) }
    return result
  }

  /// Each lane rounded down.
  public static func floor(_ x: SIMD8<Double>) -> SIMD8<Double> { x.rounded(.down) }

  /// `x` where `low <= g < high`, else 0.
  public static func keeping(
    _ x: SIMD8<Double>, where g: SIMD8<Double>, from low: SIMD8<Double>, below high: SIMD8<Double>
  ) -> SIMD8<Double> {
    var result = x
    for l in x.indices where !(g[l] >= low[l] && g[l] < high[l]) { result[l] = 0 }
    return result
  }
}
