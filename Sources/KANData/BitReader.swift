// BitReader: DEFLATE's least-significant-bit-first bit stream, eight bytes at a time.

/// Reads the bits of a DEFLATE stream (RFC 1951 section 3.1.1): bytes in order, the bits of
/// each byte from the least significant up, so bit `i` of the stream is
/// `(byte[i / 8] >> (i % 8)) & 1`.
///
/// The next `count` bits wait in the low bits of `buffer`. `refill()` tops the buffer up to at
/// least 56 bits with one unaligned 64-bit load (`buffer |= load64(position) << count`, then
/// advance by `(63 - count) / 8` whole bytes); the bits above `count` hold the bytes that follow,
/// so loading them again is harmless. Near the end of the input it loads single bytes and then
/// zero "phantom" bytes, so the decoder never branches on the end; decoding a phantom bit is
/// detected (`phantom * 8 > count`) at the next refill and at the end of the stream, and
/// reported as truncated input.
struct BitReader {
  /// The whole input; offsets in errors count from its start.
  let base: UnsafePointer<UInt8>
  /// The number of input bytes.
  let end: Int
  /// The next input byte to load into `buffer`.
  var position: Int
  var buffer: UInt64 = 0
  var count = 0
  /// Zero bytes loaded past `end`.
  var phantom = 0

  init(base: UnsafePointer<UInt8>, end: Int, position: Int) {
    self.base = base
    self.end = end
    self.position = position
  }

  /// Makes at least 56 bits available in `buffer`.
  @inline(__always)
  mutating func refill() throws {
    if position + 8 <= end {
      let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
      buffer |= UInt64(littleEndian: word) &<< UInt64(count)
      position += (63 - count) &>> 3
      count |= 56
    } else {
      try refillNearEnd()
    }
  }

  /// Refills a byte at a time, then with phantom zero bytes once the input is used up.
  mutating func refillNearEnd() throws {
    try checkNotOverrun()
    while count <= 56 {
      if position < end {
        buffer |= UInt64(base[position]) &<< UInt64(count)
        position += 1
      } else {
        phantom += 1
      }
      count += 8
    }
  }

  /// Throws `truncated` if a decoded bit was a phantom one.
  func checkNotOverrun() throws {
    if phantom * 8 > count { throw KANDataError.truncated(offset: end, reading: "DEFLATE data") }
  }

  /// The error to report for bad data: `error`, unless phantom bits were decoded, in which
  /// case the data is not bad but cut short, and the error is `truncated`.
  func failure(_ error: KANDataError) -> KANDataError {
    phantom * 8 > count ? KANDataError.truncated(offset: end, reading: "DEFLATE data") : error
  }

  /// The offset of the byte that holds the next unread bit (at most `end`), for errors.
  var offset: Int { min(end, position - count / 8 + phantom) }

  /// Returns the low `n` bits (n <= 32, after a refill) and drops them.
  @inline(__always)
  mutating func take(_ n: Int) -> Int {
    let value = peek(n)
    drop(n)
    return value
  }

  /// Returns the low `n` bits (n <= 32, after a refill) without dropping them.
  @inline(__always)
  func peek(_ n: Int) -> Int {
    Int(truncatingIfNeeded: buffer & ((1 &<< UInt64(n)) &- 1))
  }

  /// Drops the next `n` bits (n <= count).
  @inline(__always)
  mutating func drop(_ n: Int) {
    buffer &>>= UInt64(n)
    count -= n
  }

  /// Drops the bits up to the next byte boundary and hands the unread whole bytes back to the
  /// input, so that `position` is the offset of the next unread byte.
  ///
  /// - Returns: The new `position`.
  mutating func alignToByte() throws -> Int {
    drop(count & 7)
    try checkNotOverrun()
    position -= count / 8 - phantom
    buffer = 0
    count = 0
    phantom = 0
    return position
  }
}
