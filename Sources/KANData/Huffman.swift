// Huffman: canonical Huffman codes (RFC 1951 section 3.2.2) as two-level lookup tables.

/// A decoding table for one canonical Huffman code of DEFLATE.
///
/// DEFLATE sends only the code length of each symbol; codes of the same length are consecutive
/// integers in symbol order, and shorter codes sort first:
///
///     nextCode[1] = 0
///     nextCode[len] = (nextCode[len - 1] + count[len - 1]) << 1
///     code[symbol] = nextCode[lengths[symbol]]++      (for symbols in increasing order)
///
/// Codes are packed into the stream most significant bit first, so the next `primaryBits` bits
/// of the stream, read least significant bit first, are a code bit-reversed. The primary table
/// has `2^primaryBits` entries: a code of length `len <= primaryBits` fills every entry whose
/// low `len` bits are its reversed code. A longer code goes to a subtable of
/// `2^(maxLength - primaryBits)` entries, reached through a link entry at its low `primaryBits`
/// bits. Each entry is a `UInt32`:
///
///     bits  0-4   bits to consume (a link: primaryBits; a subtable entry: len - primaryBits)
///     bits  5-7   kind: 0 symbol, 1 length, 2 end of block, 3 link, 4 invalid
///     bits  8-12  extra bits that follow the code (a link: the subtable's index bits)
///     bits 16-31  the literal byte, base length, base distance or symbol (a link: its start)
struct HuffmanTable {
  /// Entry kinds, already shifted into bits 5-7.
  static let symbolKind: UInt32 = 0 << 5
  static let lengthKind: UInt32 = 1 << 5
  static let endOfBlockKind: UInt32 = 2 << 5
  static let linkKind: UInt32 = 3 << 5
  static let invalidKind: UInt32 = 4 << 5
  static let kindMask: UInt32 = 7 << 5

  /// How a set of code lengths fills the code space (Kraft's inequality, `sum 2^-len <= 1`).
  enum Shape: Equatable {
    case complete
    /// Exactly one code, of length 1: the one incomplete code RFC 1951 allows (for distances).
    case single
    case empty
    case incomplete
    case overSubscribed
  }

  let primaryBits: Int
  /// The primary table followed by the subtables.
  private(set) var entries: [UInt32]

  /// Makes room for codes over `symbolCount` symbols of at most 15 bits.
  init(primaryBits: Int, symbolCount: Int) {
    self.primaryBits = primaryBits
    let subtableSize = 1 << max(0, 15 - primaryBits)
    entries = [UInt32](
      repeating: HuffmanTable.invalidKind, count: (1 << primaryBits) + symbolCount * subtableSize)
  }

  /// Builds the table for `lengths` (0 = symbol unused) unless the code is incomplete or
  /// over-subscribed; the returned shape says which.
  ///
  /// - Parameters:
  ///   - lengths: The code length of each symbol, 0...15.
  ///   - info: For each symbol, its entry without the bits to consume (kind, extra, value).
  /// - Returns: The shape of the code; the table is usable for `.complete`, `.single`, `.empty`.
  mutating func build(lengths: ArraySlice<UInt8>, info: [UInt32]) -> Shape {
    var count = [Int](repeating: 0, count: 16)
    for length in lengths { count[Int(length)] += 1 }
    count[0] = 0
    var left = 1
    var maxLength = 0
    for length in 1...15 {
      left = (left << 1) - count[length]
      if left < 0 { return .overSubscribed }
      if count[length] > 0 { maxLength = length }
    }
    let shape: Shape
    if maxLength == 0 {
      shape = .empty
    } else if left == 0 {
      shape = .complete
    } else if maxLength == 1 && count[1] == 1 {
      shape = .single
    } else {
      return .incomplete
    }
    var nextCode = [Int](repeating: 0, count: 16)
    for length in 2...15 { nextCode[length] = (nextCode[length - 1] + count[length - 1]) << 1 }
    let primarySize = 1 << primaryBits
    let subtableBits = max(0, maxLength - primaryBits)
    var nextSubtable = primarySize
    for i in 0..<primarySize { entries[i] = HuffmanTable.invalidKind }
    for (symbol, length8) in zip(info.indices, lengths) where length8 > 0 {
      let length = Int(length8)
      let code = reversed(nextCode[length], bits: length)
      nextCode[length] += 1
      if length <= primaryBits {
        let entry = info[symbol] | UInt32(length)
        for index in stride(from: code, to: primarySize, by: 1 << length) { entries[index] = entry }
        continue
      }
      let prefix = code & (primarySize - 1)
      if entries[prefix] & HuffmanTable.kindMask != HuffmanTable.linkKind {
        entries[prefix] =
          UInt32(nextSubtable) << 16 | UInt32(subtableBits) << 8 | HuffmanTable.linkKind
          | UInt32(primaryBits)
        nextSubtable += 1 << subtableBits
      }
      let start = Int(entries[prefix] >> 16)
      let entry = info[symbol] | UInt32(length - primaryBits)
      for index in stride(
        from: code >> primaryBits, to: 1 << subtableBits, by: 1 << (length - primaryBits))
      {
        entries[start + index] = entry
      }
    }
    return shape
  }
}

/// Reverses the low `bits` bits of `code`.
private func reversed(_ code: Int, bits: Int) -> Int {
  var result = 0
  var rest = code
  for _ in 0..<bits {
    result = result << 1 | rest & 1
    rest >>= 1
  }
  return result
}

/// The entry info of the literal/length alphabet (RFC 1951 section 3.2.5): 0-255 literals,
/// 256 end of block, 257-285 lengths 3...258 with 0-5 extra bits; 286 and 287 never occur.
let literalLengthInfo: [UInt32] = {
  let base: [UInt32] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
    35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
  ]
  let extra: [UInt32] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
  ]
  var info = (0..<256).map { UInt32($0) << 16 | HuffmanTable.symbolKind }
  info.append(HuffmanTable.endOfBlockKind)
  for i in 0..<29 { info.append(base[i] << 16 | extra[i] << 8 | HuffmanTable.lengthKind) }
  info += [HuffmanTable.invalidKind, HuffmanTable.invalidKind]
  return info
}()

/// The entry info of the distance alphabet: codes 0-29 are distances 1...32768 with 0-13 extra
/// bits; 30 and 31 never occur.
let distanceInfo: [UInt32] = {
  var info: [UInt32] = []
  var base: UInt32 = 1
  for code in 0..<30 {
    let extra = UInt32(max(0, code / 2 - 1))
    info.append(base << 16 | extra << 8 | HuffmanTable.symbolKind)
    base += 1 << extra
  }
  return info + [HuffmanTable.invalidKind, HuffmanTable.invalidKind]
}()

/// The entry info of the code-length alphabet: symbols 0-18 stand for themselves.
let codeLengthInfo: [UInt32] = (0..<19).map { UInt32($0) << 16 | HuffmanTable.symbolKind }
