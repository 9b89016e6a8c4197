// SafeTensorsValidation: checking each header entry, and that the tensors tile the data buffer.

extension SafeTensorsFile {
  /// Reads one tensor entry: `{"dtype": String, "shape": [Int], "data_offsets": [Int, Int]}`.
  ///
  /// - Parameters:
  ///   - name: The entry's key.
  ///   - value: The entry's JSON value.
  ///   - bufferSize: The size of the data buffer.
  /// - Returns: The checked tensor.
  /// - Throws: `safeTensorsMalformedEntry`, `UnknownDType`, `InvalidShape`,
  ///   `OffsetsReversed`, `OffsetsOutOfRange` or `ByteCountMismatch`.
  static func tensor(_ name: String, _ value: JSONValue, bufferSize: Int) throws -> Tensor {
    func malformed(_ reason: String) -> KANDataError {
      KANDataError.safeTensorsMalformedEntry(name: name, reason: reason)
    }
    guard case .object(let fields) = value else {
      throw malformed("the entry is not an object with dtype, shape and data_offsets")
    }
    var seen: Set<String> = []
    for field in fields where !seen.insert(field.key).inserted {
      throw malformed("field \"\(field.key)\" appears twice")
    }
    func field(_ key: String) throws -> JSONValue {
      guard let found = fields.first(where: { $0.key == key }) else {
        throw malformed("missing field \"\(key)\"")
      }
      return found.value
    }
    guard case .string(let dtypeName) = try field("dtype") else {
      throw malformed("\"dtype\" is not a string")
    }
    guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
      throw KANDataError.safeTensorsUnknownDType(name: name, dtype: dtypeName)
    }
    guard case .array(let dimensions) = try field("shape") else {
      throw malformed("\"shape\" is not a list")
    }
    var shape: [Int] = []
    for dimension in dimensions {
      guard case .integer(let size) = dimension, size >= 0 else {
        throw KANDataError.safeTensorsInvalidShape(
          name: name, reason: "dimensions must be non-negative integers")
      }
      shape.append(size)
    }
    guard case .array(let offsets) = try field("data_offsets"), offsets.count == 2,
      case .integer(let begin) = offsets[0], case .integer(let end) = offsets[1],
      begin >= 0, end >= 0
    else {
      throw malformed("\"data_offsets\" is not [begin, end] with non-negative integers")
    }
    guard begin <= end else {
      throw KANDataError.safeTensorsOffsetsReversed(name: name, begin: begin, end: end)
    }
    guard end <= bufferSize else {
      throw KANDataError.safeTensorsOffsetsOutOfRange(
        name: name, begin: begin, end: end, bufferSize: bufferSize)
    }
    var byteCount = dtype.byteCount
    for size in shape {
      let (product, overflow) = byteCount.multipliedReportingOverflow(by: size)
      guard !overflow else {
        throw KANDataError.safeTensorsInvalidShape(name: name, reason: "its byte size overflows")
      }
      byteCount = product
    }
    guard byteCount == end - begin else {
      throw KANDataError.safeTensorsByteCountMismatch(
        name: name, expected: byteCount, actual: end - begin)
    }
    return Tensor(name: name, dtype: dtype, shape: shape, byteRange: begin..<end)
  }

  /// Reads `__metadata__`: an object whose values are all strings.
  static func metadata(_ value: JSONValue) throws -> [String: String] {
    guard case .object(let members) = value else {
      throw KANDataError.safeTensorsInvalidMetadata(reason: "it is not an object")
    }
    var metadata: [String: String] = [:]
    for (key, entry) in members {
      guard case .string(let text) = entry else {
        throw KANDataError.safeTensorsInvalidMetadata(
          reason: "the value of \"\(key)\" is not a string")
      }
      guard metadata.updateValue(text, forKey: key) == nil else {
        throw KANDataError.safeTensorsInvalidMetadata(reason: "key \"\(key)\" appears twice")
      }
    }
    return metadata
  }

  /// Checks that the tensors, sorted by offsets, cover `0..<bufferSize` once: each begins
  /// where the previous ended.
  ///
  /// - Throws: `safeTensorsOverlap` or `safeTensorsUnindexedBytes`.
  static func checkTiling(_ sorted: [Tensor], bufferSize: Int) throws {
    var covered = 0
    var previous = ""
    for tensor in sorted {
      if tensor.byteRange.lowerBound < covered {
        throw KANDataError.safeTensorsOverlap(name: tensor.name, other: previous)
      }
      if tensor.byteRange.lowerBound > covered {
        throw KANDataError.safeTensorsUnindexedBytes(
          begin: covered, end: tensor.byteRange.lowerBound)
      }
      covered = tensor.byteRange.upperBound
      previous = tensor.name
    }
    if covered < bufferSize {
      throw KANDataError.safeTensorsUnindexedBytes(begin: covered, end: bufferSize)
    }
  }
}
