import KANData

/// Typed values read from a model file's `__metadata__`, each error naming the key and value.
public struct MetadataValues {
  /// The `__metadata__` map.
  public let metadata: [String: String]
  /// Why the keys should be there, for the message of a missing one: a key `K` is missing as
  /// "`reason` but no K".
  public let reason: String

  /// A reader of `metadata`.
  ///
  /// - Parameters:
  ///   - metadata: The `__metadata__` map.
  ///   - reason: Why the keys should be there, such as `the metadata has kan.format_version`.
  public init(_ metadata: [String: String], reason: String) {
    self.metadata = metadata
    self.reason = reason
  }

  /// The value of `key`.
  ///
  /// - Throws: `KANError.invalidModel` when the key is missing.
  public func text(_ key: String) throws(KANError) -> String {
    guard let text = metadata[key] else { throw .invalidModel("\(reason) but no \(key)") }
    return text
  }

  /// The value of `key` as a whole number.
  ///
  /// - Throws: `KANError.invalidModel` when the key is missing or not a whole number.
  public func number(_ key: String) throws(KANError) -> Int {
    let text = try text(key)
    guard let parsed = Int(text) else {
      throw .invalidModel(
        "metadata \(key) = \"\(escapingControlCharacters(text))\" is not a whole number")
    }
    return parsed
  }

  /// The value of `key` as comma-separated whole numbers, such as `784,64,10`.
  ///
  /// - Parameters:
  ///   - key: The key.
  ///   - example: A valid value, for the message.
  ///   - limit: The most numbers a valid value holds, checked before any is parsed, and what
  ///     the message calls that cap, such as `(101, "100 layers (ModelLimits.maxLayers)")`.
  /// - Returns: The numbers, in order.
  /// - Throws: `KANError.invalidModel` when the key is missing, holds more than `limit.count`
  ///   numbers or a part is not a number.
  public func numbers(_ key: String, example: String, limit: (count: Int, cap: String))
    throws(KANError) -> [Int]
  {
    let text = try text(key)
    let count = text.utf8.reduce(1) { $0 + ($1 == UInt8(ascii: ",") ? 1 : 0) }
    guard count <= limit.count else {
      throw .invalidModel(
        "metadata \(key) lists \(count) values, over swift-kan's cap of \(limit.cap); the file "
          + "is damaged or crafted, or the model is larger than swift-kan loads")
    }
    let parsed = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
    guard !parsed.contains(nil) else {
      throw .invalidModel(
        "metadata \(key) = \"\(escapingControlCharacters(text))\" is not a comma-separated "
          + "list of whole numbers such as \"\(example)\"")
    }
    return parsed.compactMap { $0 }
  }

  /// The value of `key` as one of the cases of `T`, by raw value.
  ///
  /// - Throws: `KANError.invalidModel` when the key is missing or names no case.
  public func known<T: RawRepresentable & CaseIterable>(_ key: String, as type: T.Type)
    throws(KANError) -> T where T.RawValue == String
  {
    let text = try text(key)
    guard let parsed = T(rawValue: text) else {
      let names = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
      throw .invalidModel(
        "metadata \(key) = \"\(escapingControlCharacters(text))\" is unknown: expected one of "
          + names)
    }
    return parsed
  }
}
