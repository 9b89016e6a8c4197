// ByteBuffer: the decompressor's growable output, written through a raw pointer.

/// A growable byte array that the inflate loop writes through `pointer` without bounds checks.
///
/// The loop keeps `count + Inflater.margin <= capacity` before each symbol (one back-reference of
/// up to 258 bytes plus 8 bytes of overshoot from the 8-byte copy) and calls `reserve` when not.
final class ByteBuffer {
  private(set) var pointer: UnsafeMutablePointer<UInt8>
  private(set) var capacity: Int
  /// Bytes written so far, `pointer[0..<count]`.
  var count = 0

  init(capacity: Int) {
    self.capacity = max(capacity, 1024)
    pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
  }

  deinit { pointer.deallocate() }

  /// Grows the storage, at least doubling it, so that it holds `minimum` bytes.
  func reserve(_ minimum: Int) {
    guard minimum > capacity else { return }
    let newCapacity = max(minimum, capacity * 2)
    let newPointer = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    newPointer.initialize(from: pointer, count: count)
    pointer.deallocate()
    pointer = newPointer
    capacity = newCapacity
  }

  /// Appends `length` bytes starting at `source`.
  func append(_ source: UnsafePointer<UInt8>, count length: Int) {
    reserve(count + length)
    (pointer + count).initialize(from: source, count: length)
    count += length
  }

  /// Copies the bytes written so far into an array.
  func bytes() -> [UInt8] {
    Array(UnsafeBufferPointer(start: pointer, count: count))
  }
}
