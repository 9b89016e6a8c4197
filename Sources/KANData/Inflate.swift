// Inflate: DEFLATE decompression (RFC 1951): blocks, stored data and the dynamic code header.

/// Decompresses DEFLATE streams (RFC 1951) into a `ByteBuffer`.
///
/// A stream is a sequence of blocks, each starting with a 3-bit header:
///
///     BFINAL  1 bit    1 on the last block
///     BTYPE   2 bits   0 stored, 1 fixed Huffman codes, 2 dynamic Huffman codes, 3 reserved
///
/// A stored block skips to the next byte boundary, then holds LEN and NLEN = ~LEN (2 bytes
/// each, little-endian) and LEN raw bytes. A fixed block uses the literal/length code lengths
/// 8 (symbols 0-143), 9 (144-255), 7 (256-279), 8 (280-287) and 5-bit distance codes. A dynamic
/// block starts with
///
///     HLIT   5 bits   literal/length codes - 257   (257...286)
///     HDIST  5 bits   distance codes - 1           (1...30)
///     HCLEN  4 bits   code-length codes - 4        (4...19)
///     HCLEN x 3 bits  code-length code lengths, in the order 16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1 15
///     HLIT + HDIST code lengths, coded with the code-length code:
///       0-15  that length;  16  previous length 3-6 times (2 extra bits);
///       17    zero 3-10 times (3 extra bits);  18  zero 11-138 times (7 extra bits)
///
/// Then come the compressed symbols, decoded by `decodeSymbols` (InflateSymbols.swift).
struct Inflater {
  /// Output bytes kept free before each symbol: a 258-byte match plus 8 bytes of overshoot.
  static let margin = 258 + 8

  var reader: BitReader
  let output: ByteBuffer
  var literals = HuffmanTable(primaryBits: 10, symbolCount: 288)
  var distances = HuffmanTable(primaryBits: 8, symbolCount: 32)
  var codeLengths = HuffmanTable(primaryBits: 7, symbolCount: 19)
  var lengths = [UInt8](repeating: 0, count: 286 + 30)

  /// The tables of fixed-code blocks (RFC 1951 section 3.2.6).
  static let fixedTables: (literals: HuffmanTable, distances: HuffmanTable) = {
    var literals = HuffmanTable(primaryBits: 10, symbolCount: 288)
    var distances = HuffmanTable(primaryBits: 8, symbolCount: 32)
    let literalLengths: [UInt8] =
      Array(repeating: 8, count: 144) + Array(repeating: 9, count: 112)
      + Array(repeating: 7, count: 24) + Array(repeating: 8, count: 8)
    _ = literals.build(lengths: literalLengths[...], info: literalLengthInfo)
    _ = distances.build(lengths: Array(repeating: 5, count: 32)[...], info: distanceInfo)
    return (literals, distances)
  }()

  init(base: UnsafePointer<UInt8>, end: Int, output: ByteBuffer) {
    reader = BitReader(base: base, end: end, position: 0)
    self.output = output
  }

  /// Decompresses the stream that starts at byte `position`, appending to the output.
  ///
  /// - Parameters:
  ///   - position: The offset of the stream's first byte.
  ///   - windowStart: The output count before this stream; back-references may not reach
  ///     before it.
  /// - Returns: The offset of the first byte after the stream.
  /// - Throws: `KANDataError.truncated` or a `deflate...` error; `ByteBuffer.Full` when the
  ///   output reaches its limit.
  mutating func inflate(from position: Int, windowStart: Int) throws -> Int {
    reader = BitReader(base: reader.base, end: reader.end, position: position)
    var isFinal = false
    while !isFinal {
      try reader.refill()
      let blockOffset = reader.offset
      isFinal = reader.take(1) == 1
      switch reader.take(2) {
      case 0: try copyStoredBlock()
      case 1:
        let fixed = Inflater.fixedTables
        try decodeSymbols(fixed.literals, fixed.distances, windowStart: windowStart)
      case 2:
        try readDynamicTables()
        try decodeSymbols(literals, distances, windowStart: windowStart)
      default: throw reader.failure(KANDataError.deflateReservedBlockType(offset: blockOffset))
      }
    }
    return try reader.alignToByte()
  }

  /// Copies a stored block: byte-align, LEN, NLEN, then LEN bytes.
  private mutating func copyStoredBlock() throws {
    let start = try reader.alignToByte()
    guard start + 4 <= reader.end else {
      throw KANDataError.truncated(offset: reader.end, reading: "a stored block's LEN and NLEN")
    }
    let length = UInt16(reader.base[start]) | UInt16(reader.base[start + 1]) << 8
    let complement = UInt16(reader.base[start + 2]) | UInt16(reader.base[start + 3]) << 8
    guard length == ~complement else {
      throw KANDataError.deflateStoredLengthMismatch(
        offset: start, length: length, complement: complement)
    }
    guard start + 4 + Int(length) <= reader.end else {
      throw KANDataError.truncated(offset: reader.end, reading: "a stored block's data")
    }
    try output.append(reader.base + start + 4, count: Int(length))
    reader = BitReader(base: reader.base, end: reader.end, position: start + 4 + Int(length))
  }

  /// Reads a dynamic block's header and builds `literals` and `distances` from it.
  private mutating func readDynamicTables() throws {
    try reader.refill()
    let headerOffset = reader.offset
    let literalCount = reader.take(5) + 257
    let distanceCount = reader.take(5) + 1
    let codeLengthCount = reader.take(4) + 4
    guard literalCount <= 286, distanceCount <= 30 else {
      throw reader.failure(
        KANDataError.deflateInvalidCodeLengths(
          offset: headerOffset,
          reason: "HLIT \(literalCount) > 286 or HDIST \(distanceCount) > 30 symbols"))
    }
    let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
    var codeLengthLengths = [UInt8](repeating: 0, count: 19)
    for i in 0..<codeLengthCount {
      try reader.refill()
      codeLengthLengths[order[i]] = UInt8(reader.take(3))
    }
    let shape = codeLengths.build(lengths: codeLengthLengths[...], info: codeLengthInfo)
    guard shape == .complete else {
      throw reader.failure(
        KANDataError.deflateInvalidCodeLengths(
          offset: headerOffset, reason: "the code-length code is \(shape)"))
    }
    let total = literalCount + distanceCount
    try readCodeLengths(count: total, headerOffset: headerOffset)
    guard lengths[256] != 0 else {
      throw reader.failure(
        KANDataError.deflateInvalidCodeLengths(
          offset: headerOffset, reason: "the end-of-block symbol 256 has no code"))
    }
    let literalShape = literals.build(
      lengths: lengths[0..<literalCount], info: literalLengthInfo)
    let distanceShape = distances.build(
      lengths: lengths[literalCount..<total], info: distanceInfo)
    for (name, shape) in [("literal/length", literalShape), ("distance", distanceShape)]
    where shape == .incomplete || shape == .overSubscribed {
      throw reader.failure(
        KANDataError.deflateInvalidCodeLengths(
          offset: headerOffset, reason: "the \(name) code is \(shape)"))
    }
  }

  /// Decodes `count` code lengths into `lengths` with the code-length code.
  private mutating func readCodeLengths(count: Int, headerOffset: Int) throws {
    var i = 0
    while i < count {
      try reader.refill()
      let e = codeLengths.entries[Int(truncatingIfNeeded: reader.buffer & 0x7F)]
      reader.drop(Int(e & 31))
      let symbol = Int(e >> 16)
      var repeatCount = 1
      var value: UInt8 = 0
      switch symbol {
      case 0...15: value = UInt8(symbol)
      case 16:
        guard i > 0 else {
          throw reader.failure(
            KANDataError.deflateInvalidCodeLengths(
              offset: headerOffset, reason: "repeat code 16 with no previous length"))
        }
        value = lengths[i - 1]
        repeatCount = 3 + reader.take(2)
      case 17: repeatCount = 3 + reader.take(3)
      default: repeatCount = 11 + reader.take(7)
      }
      guard i + repeatCount <= count else {
        throw reader.failure(
          KANDataError.deflateInvalidCodeLengths(
            offset: headerOffset, reason: "a repeat runs past the \(count) code lengths"))
      }
      for j in i..<(i + repeatCount) { lengths[j] = value }
      i += repeatCount
    }
  }
}
