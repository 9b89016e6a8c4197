// SafeTensorsDType: the element types a safetensors header names, with their sizes.

/// An element type of the safetensors format, with the name its header uses.
///
/// All are little-endian in the file. Sub-byte types (F4, F6_E2M3, F6_E3M2) are not supported;
/// a header naming one is rejected as an unknown dtype.
public enum SafeTensorsDType: String, CaseIterable, Equatable, Sendable {
  /// "BOOL", one byte, 0 or 1.
  case bool = "BOOL"
  /// "U8", unsigned 8-bit integer.
  case uint8 = "U8"
  /// "I8", signed 8-bit integer.
  case int8 = "I8"
  /// "F8_E5M2", 8-bit float with 5 exponent bits.
  case float8E5M2 = "F8_E5M2"
  /// "F8_E4M3", 8-bit float with 4 exponent bits.
  case float8E4M3 = "F8_E4M3"
  /// "F8_E8M0", 8-bit exponent-only scale.
  case float8E8M0 = "F8_E8M0"
  /// "I16", signed 16-bit integer.
  case int16 = "I16"
  /// "U16", unsigned 16-bit integer.
  case uint16 = "U16"
  /// "F16", IEEE half precision.
  case float16 = "F16"
  /// "BF16", bfloat16.
  case bfloat16 = "BF16"
  /// "I32", signed 32-bit integer.
  case int32 = "I32"
  /// "U32", unsigned 32-bit integer.
  case uint32 = "U32"
  /// "F32", IEEE single precision.
  case float32 = "F32"
  /// "F64", IEEE double precision.
  case float64 = "F64"
  /// "I64", signed 64-bit integer.
  case int64 = "I64"
  /// "U64", unsigned 64-bit integer.
  case uint64 = "U64"
  /// "C64", complex number of two F32.
  case complex64 = "C64"

  /// The size of one element in bytes.
  public var byteCount: Int {
    switch self {
    case .bool, .uint8, .int8, .float8E5M2, .float8E4M3, .float8E8M0: return 1
    case .int16, .uint16, .float16, .bfloat16: return 2
    case .int32, .uint32, .float32: return 4
    case .float64, .int64, .uint64, .complex64: return 8
    }
  }
}
