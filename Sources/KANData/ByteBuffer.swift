// ByteBuffer: the decompressor's growable output, written through a raw pointer.

/// A growable byte array that the inflate loop writes through `pointer` without bounds checks.
///
/// The loop keeps `count + Inflater.margin <= capacity` before each symbol (one back-reference of
/// up to 258 bytes plus 8 bytes of overshoot from the 8-byte copy) and calls `reserve` when not.
/// The storage never grows past `limit` bytes: `reserve` throws `Full` instead, so a
/// decompression bomb stops with bounded memory.
final class ByteBuffer {
  /// Thrown by `reserve` when `limit` bytes would not be enough.
  struct Full: Error {}

  private(set) var pointer: UnsafeMutablePointer<UInt8>
  private(set) var capacity: Int
  /// The largest capacity `reserve` allocates.
  let limit: Int
  /// Bytes written so far, `pointer[0..<count]`.
  var count = 0

  init(capacity: Int, limit: Int) {
    self.limit = limit
    self.capacity = min(max(capacity, 1024), limit)
    pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
  }

  deinit { pointer.deallocate() }

  /// Grows the storage, at least doubling it up to `limit`, so that it holds `minimum` bytes.
  ///
  /// - Throws: `Full` if `minimum > limit`; the storage is unchanged then.
  func reserve(_ minimum: Int) throws(Full) {
    guard minimum > capacity else { return }
    guard minimum <= limit else { throw Full() }
    let newCapacity = min(max(minimum, capacity * 2), limit)
    let newPointer = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    newPointer.initialize(from: pointer, count: count)
    pointer.deallocate()
    pointer = newPointer
    capacity = newCapacity
  }

  /// Appends `length` bytes starting at `source`.
  ///
  /// - Throws: `Full` if they do not fit in `limit`.
  func append(_ source: UnsafePointer<UInt8>, count length: Int) throws(Full) {
    try reserve(count + length)
    (pointer + count).initialize(from: source, count: length)
    count += length
  }

  /// Copies the bytes written so far into an array.
  func bytes() -> [UInt8] {
    Array(UnsafeBufferPointer(start: pointer, count: count))
  }
}
