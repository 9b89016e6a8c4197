/// A row-major, contiguous array of scalars with a shape: the storage of the efficient track.
///
/// The element at index `(i0, i1, ..., in)` lives at
///
///     flat = ((i0 * shape[1] + i1) * shape[2] + ...) + in
///
/// so a batch `x` of shape `(batch, in)` holds sample `b`, feature `i` at `x[b * in + i]`.
public struct Tensor<Scalar: KANScalar>: Equatable, Sendable {
  /// The extent of each dimension.
  public private(set) var shape: [Int]
  /// The elements in row-major order; `scalars.count == shape.reduce(1, *)`.
  public var scalars: [Scalar]

  /// Wraps `scalars` in a tensor of the given shape.
  ///
  /// - Throws: `KANError.countMismatch` when the count differs from the shape's product, and
  ///   `KANError.invalidArgument` for a negative extent.
  public init(shape: [Int], scalars: [Scalar]) throws(KANError) {
    guard shape.allSatisfy({ $0 >= 0 }) else {
      throw .invalidArgument(name: "shape", value: "\(shape)", expected: "non-negative extents")
    }
    guard KANLimits.product(shape) == scalars.count else {
      throw .countMismatch(shape: shape, count: scalars.count)
    }
    self.shape = shape
    self.scalars = scalars
  }

  /// A tensor of the given shape filled with `value`.
  ///
  /// - Throws: `KANError.invalidArgument` for a negative extent or more than
  ///   `KANLimits.parameters` elements (overflow-checked).
  public init(shape: [Int], filledWith value: Scalar) throws(KANError) {
    guard shape.allSatisfy({ $0 >= 0 }), let count = KANLimits.product(shape),
      count <= KANLimits.parameters
    else {
      throw .invalidArgument(
        name: "shape", value: "\(shape)",
        expected: "non-negative extents, at most \(KANLimits.parameters) elements in all")
    }
    self.shape = shape
    self.scalars = [Scalar](repeating: value, count: count)
  }

  /// A tensor of a shape the caller has already checked, filled with `value` (zero by default).
  init(shape: [Int], repeating value: Scalar = 0) {
    self.shape = shape
    self.scalars = [Scalar](repeating: value, count: shape.reduce(1, *))
  }

  /// Wraps scalars whose count the caller has already checked against the shape.
  init(checkedShape shape: [Int], scalars: [Scalar]) {
    self.shape = shape
    self.scalars = scalars
  }

  /// The number of elements.
  public var count: Int { scalars.count }

  /// Sets every element to zero, keeping the storage.
  mutating func setZero() {
    scalars.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
  }

  /// The element at a multi-dimensional index.
  public subscript(_ index: Int...) -> Scalar {
    get { scalars[flatIndex(index)] }
    set { scalars[flatIndex(index)] = newValue }
  }

  /// The row-major flat position of a multi-dimensional index.
  private func flatIndex(_ index: [Int]) -> Int {
    precondition(index.count == shape.count, "index \(index) does not match shape \(shape)")
    var flat = 0
    for (position, extent) in zip(index, shape) {
      precondition(position >= 0 && position < extent, "index \(index) outside shape \(shape)")
      flat = flat * extent + position
    }
    return flat
  }

  /// Throws unless the element count matches the shape and every element is finite.
  ///
  /// - Parameter what: the name used in the error message.
  /// - Throws: `KANError.countMismatch` when `scalars` was resized away from the shape,
  ///   `KANError.nonFinite` with the flat index of the first NaN or infinity.
  public func checkFinite(_ what: String) throws(KANError) {
    guard KANLimits.product(shape) == scalars.count else {
      throw .countMismatch(shape: shape, count: scalars.count)
    }
    guard allFinite(scalars) else {
      let index = scalars.firstIndex { !$0.isFinite } ?? 0
      throw .nonFinite(what: what, index: index)
    }
  }

  /// Whether every value is finite, eight at a time: `x - x` is 0 for a finite `x` and NaN for
  /// an infinity or a NaN, and a NaN makes the whole sum NaN.
  private func allFinite(_ values: [Scalar]) -> Bool {
    values.withUnsafeBufferPointer { buffer in
      var sum = SIMD8<Scalar>()
      var q = 0
      while q + 8 <= buffer.count {
        let lanes = UnsafeRawPointer(buffer.baseAddress.unsafelyUnwrapped + q)
          .loadUnaligned(as: SIMD8<Scalar>.self)
        sum += lanes - lanes
        q += 8
      }
      while q < buffer.count {
        sum[0] += buffer[q] - buffer[q]
        q += 1
      }
      return sum.sum() == 0
    }
  }

  /// This tensor converted element by element to another scalar type.
  public func converted<Other: KANScalar>(to: Other.Type = Other.self) -> Tensor<Other> {
    // The shape is already valid, so the conversion cannot fail.
    var result = Tensor<Other>(shape: shape)
    for index in scalars.indices { result.scalars[index] = Other(scalars[index]) }
    return result
  }
}
