/// An array of `count` elements that `fill` writes, every one of them, without zeroing the
/// storage first: large feature matrices, weight blocks and layer outputs (here and in
/// KANVision) are written in full by their kernels, so the zero fill would be a wasted pass.
///
/// - Parameters:
///   - count: the number of elements.
///   - fill: writes all `count` elements through the pointer.
/// - Returns: the array.
public func filledArray<Scalar: KANScalar>(
  count: Int, _ fill: (UnsafeMutablePointer<Scalar>) -> Void
) -> [Scalar] {
  [Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
    if count > 0 { fill(buffer.baseAddress.unsafelyUnwrapped) }
    initialized = count
  }
}
