// InflateSymbols: the hot loop of DEFLATE, decoding literals and <length, distance> pairs.

extension Inflater {
  /// Decodes the symbols of one Huffman-coded block up to its end-of-block symbol.
  ///
  ///     literal 0-255        output the byte
  ///     end of block 256     stop
  ///     length 257-285       length = base + extra bits; then a distance symbol,
  ///                          distance = base + extra bits; copy `length` bytes starting
  ///                          `distance` bytes back (the copy may overlap what it writes)
  ///
  /// One refill gives at least 56 bits, enough for a whole pair: 15 + 5 bits of length and
  /// 15 + 13 bits of distance. The output is written through a raw pointer with
  /// `Inflater.margin` bytes kept free; matches with `distance >= 8` are copied 8 bytes at a
  /// time, which may write up to 7 bytes past the match (inside the margin).
  ///
  /// - Parameters:
  ///   - literals: The literal/length table.
  ///   - distances: The distance table.
  ///   - windowStart: The output count before this stream; distances may not reach before it.
  /// - Throws: `KANDataError.truncated`, `deflateInvalidSymbol`, `deflateDistanceTooFar`;
  ///   `ByteBuffer.Full` when the output reaches its limit.
  mutating func decodeSymbols(
    _ literals: HuffmanTable, _ distances: HuffmanTable, windowStart: Int
  ) throws {
    let output = self.output
    var r = reader
    defer { reader = r }
    var out = output.pointer
    var o = output.count
    var limit = output.capacity - Inflater.margin
    defer { output.count = o }
    let literalMask = (UInt64(1) << UInt64(literals.primaryBits)) - 1
    let distanceMask = (UInt64(1) << UInt64(distances.primaryBits)) - 1
    let kindMask = HuffmanTable.kindMask
    try literals.entries.withUnsafeBufferPointer { literalBuffer in
      try distances.entries.withUnsafeBufferPointer { distanceBuffer in
        guard let lit = literalBuffer.baseAddress, let dist = distanceBuffer.baseAddress else {
          return
        }
        while true {
          if o > limit {
            output.count = o
            try output.reserve(o + Inflater.margin)
            out = output.pointer
            limit = output.capacity - Inflater.margin
          }
          try r.refill()
          var e = lit[Int(truncatingIfNeeded: r.buffer & literalMask)]
          if e & kindMask == HuffmanTable.linkKind {
            r.drop(Int(e & 31))
            e = lit[Int(e >> 16) + r.peek(Int((e >> 8) & 31))]
          }
          r.drop(Int(e & 31))
          let kind = e & kindMask
          if kind == HuffmanTable.symbolKind {
            out[o] = UInt8(truncatingIfNeeded: e >> 16)
            o += 1
            // At least 41 bits remain: room for two more literals from the primary table
            // (at most 10 bits each) before the next refill.
            for _ in 0..<2 {
              e = lit[Int(truncatingIfNeeded: r.buffer & literalMask)]
              guard e & kindMask == HuffmanTable.symbolKind else { break }
              r.drop(Int(e & 31))
              out[o] = UInt8(truncatingIfNeeded: e >> 16)
              o += 1
            }
            continue
          }
          if kind == HuffmanTable.endOfBlockKind { return }
          guard kind == HuffmanTable.lengthKind else {
            throw r.failure(
              KANDataError.deflateInvalidSymbol(
                offset: r.offset, reason: "literal/length code with no symbol, or symbol 286/287"))
          }
          let length = Int(e >> 16) + r.take(Int((e >> 8) & 31))
          var d = dist[Int(truncatingIfNeeded: r.buffer & distanceMask)]
          if d & kindMask == HuffmanTable.linkKind {
            r.drop(Int(d & 31))
            d = dist[Int(d >> 16) + r.peek(Int((d >> 8) & 31))]
          }
          r.drop(Int(d & 31))
          guard d & kindMask == HuffmanTable.symbolKind else {
            throw r.failure(
              KANDataError.deflateInvalidSymbol(
                offset: r.offset, reason: "distance code with no symbol, or symbol 30/31"))
          }
          let distance = Int(d >> 16) + r.take(Int((d >> 8) & 31))
          guard distance <= o - windowStart else {
            throw r.failure(
              KANDataError.deflateDistanceTooFar(
                offset: r.offset, distance: distance, available: o - windowStart))
          }
          copyMatch(out + o, distance: distance, length: length)
          o += length
        }
      }
    }
  }
}

/// Copies `length` bytes from `distance` bytes before `target` to `target`, front to back, so an
/// overlapping copy repeats the last `distance` bytes; may write 7 bytes past `target + length`.
@inline(__always)
private func copyMatch(_ target: UnsafeMutablePointer<UInt8>, distance: Int, length: Int) {
  let source = target - distance
  if distance >= 8 {
    let to = UnsafeMutableRawPointer(target)
    let from = UnsafeRawPointer(source)
    var i = 0
    while i < length {
      to.storeBytes(
        of: from.loadUnaligned(fromByteOffset: i, as: UInt64.self), toByteOffset: i, as: UInt64.self
      )
      i += 8
    }
  } else if distance == 1 {
    target.initialize(repeating: source.pointee, count: length)
  } else {
    for i in 0..<length { target[i] = source[i] }
  }
}
