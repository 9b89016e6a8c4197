// KANDataError: the one error type of the data layer; each message says what, where and what to do.

/// Everything that can go wrong while reading or writing the data files of swift-kan.
///
/// Each `description` says what was wrong, where it was found (byte offset, line and column,
/// tensor name) and, where there is something to do, what to do. Errors found while parsing a
/// file read from disk arrive wrapped in ``inFile(path:error:)``, so the message starts with the
/// path. Offsets count bytes from the start of the file (for gzip, of the compressed input).
public enum KANDataError: Error, Equatable, CustomStringConvertible {
  // MARK: Files

  /// A file could not be opened or read.
  case cannotRead(path: String, reason: String)
  /// A file could not be written; an existing file at `path` was left as it was.
  case cannotWrite(path: String, reason: String)
  /// The destination exists and overwriting was not asked for.
  case fileExists(path: String)
  /// The destination is not a regular file (`kind` says what it is), which is never replaced.
  case cannotReplace(path: String, kind: String)
  /// A file is larger than swift-kan reads for its kind (`size` is nil when it grew while being
  /// read, or for standard input).
  case fileTooLarge(path: String, size: Int?, limit: FileSizeLimit)
  /// An error found while parsing the file at `path`.
  indirect case inFile(path: String, error: KANDataError)

  // MARK: gzip and DEFLATE (RFC 1951, RFC 1952)

  /// The input ended inside a structure (`reading` names it).
  case truncated(offset: Int, reading: String)
  /// A gzip member does not start with the magic bytes 1f 8b.
  case gzipBadMagic(offset: Int)
  /// The gzip compression method byte is not 8 (deflate).
  case gzipUnsupportedMethod(offset: Int, method: UInt8)
  /// One of the reserved gzip flag bits 5-7 is set.
  case gzipReservedFlags(offset: Int, flags: UInt8)
  /// The optional gzip header checksum (FHCRC) does not match the header.
  case gzipHeaderCRCMismatch(offset: Int, stored: UInt16, computed: UInt16)
  /// The CRC-32 in a gzip trailer does not match the decompressed bytes.
  case gzipCRCMismatch(offset: Int, stored: UInt32, computed: UInt32)
  /// The ISIZE in a gzip trailer does not match the decompressed length modulo 2^32.
  case gzipLengthMismatch(offset: Int, stored: UInt32, computed: UInt32)
  /// Bytes that are not a gzip member follow the last member.
  case gzipTrailingGarbage(offset: Int, count: Int)
  /// A DEFLATE block header has the reserved block type 3.
  case deflateReservedBlockType(offset: Int)
  /// A stored block's LEN is not the ones' complement of its NLEN.
  case deflateStoredLengthMismatch(offset: Int, length: UInt16, complement: UInt16)
  /// A dynamic block's code lengths do not describe a valid Huffman code.
  case deflateInvalidCodeLengths(offset: Int, reason: String)
  /// The compressed data contains a code that no symbol has, or a symbol that is not allowed.
  case deflateInvalidSymbol(offset: Int, reason: String)
  /// A back-reference points before the start of the output.
  case deflateDistanceTooFar(offset: Int, distance: Int, available: Int)
  /// Decompressing would produce more than `limit` bytes; `reason` says where the limit is from.
  case inflatedTooLarge(limit: Int, reason: String)

  // MARK: IDX and MNIST

  /// An IDX header is malformed (`reason` says how).
  case idxBadHeader(reason: String)
  /// An IDX file holds a data type other than 0x08 (unsigned byte).
  case idxUnsupportedDataType(code: UInt8)
  /// An IDX header's dimensions disagree with the number of data bytes (`expected` is nil when
  /// the product of the dimensions overflows).
  case idxSizeMismatch(dimensions: [Int], expected: Int?, actual: Int)
  /// An MNIST file has the wrong magic number (images 0x00000803, labels 0x00000801).
  case mnistBadMagic(expected: UInt32, found: UInt32)
  /// MNIST images are not 28 by 28 pixels.
  case mnistBadImageSize(rows: Int, columns: Int)
  /// An MNIST image file and its label file hold different numbers of items.
  case mnistCountMismatch(images: Int, labels: Int)
  /// An MNIST label is not a digit 0...9.
  case mnistLabelOutOfRange(index: Int, value: UInt8)
  /// An MNIST split holds no images.
  case mnistEmpty
  /// The MNIST directory was not found; `searched` lists where we looked.
  case dataDirectoryNotFound(searched: [String])

  // MARK: CSV

  /// The CSV file has no header row.
  case csvEmpty
  /// A CSV line is not valid UTF-8.
  case csvNotUTF8(line: Int)
  /// A quoted CSV field is not closed on its line.
  case csvUnterminatedQuote(line: Int)
  /// A blank CSV line is followed by more rows.
  case csvBlankLine(line: Int)
  /// A CSV row has a different number of cells than the header.
  case csvColumnCount(line: Int, expected: Int, found: Int)
  /// A CSV cell is not a number.
  case csvNotNumeric(line: Int, column: String, cell: String)
  /// A CSV cell is NaN or infinite.
  case csvNotFinite(line: Int, column: String, cell: String)
  /// A CSV cell holds a NUL byte (`column` counts from 1).
  case csvNULByte(line: Int, column: Int)
  /// A CSV value is finite but too large for the scalar type the model computes in.
  case csvOutOfRange(line: Int, column: String, value: Double, type: String)
  /// The CSV writer was given a header name or a row it cannot write.
  case csvCannotWrite(reason: String)

  // MARK: safetensors

  /// The file is shorter than the 8-byte header length.
  case safeTensorsTooShort(size: Int)
  /// The header length runs past the end of the file or over the cap (`limit` bytes).
  case safeTensorsHeaderTooLarge(length: UInt64, fileSize: Int, limit: Int)
  /// The JSON header is not valid UTF-8.
  case safeTensorsHeaderNotUTF8
  /// The JSON header is not valid JSON (`offset` counts bytes within the header).
  case safeTensorsHeaderNotJSON(offset: Int, reason: String)
  /// The JSON header is valid JSON but not an object.
  case safeTensorsHeaderNotObject
  /// A tensor entry lacks a field or has one of the wrong type.
  case safeTensorsMalformedEntry(name: String, reason: String)
  /// A tensor's dtype is not one this reader knows.
  case safeTensorsUnknownDType(name: String, dtype: String)
  /// A tensor's shape is not a list of non-negative integers, or its size overflows.
  case safeTensorsInvalidShape(name: String, reason: String)
  /// A tensor's data offsets lie outside the data buffer.
  case safeTensorsOffsetsOutOfRange(name: String, begin: Int, end: Int, bufferSize: Int)
  /// A tensor's end offset is before its begin offset.
  case safeTensorsOffsetsReversed(name: String, begin: Int, end: Int)
  /// A tensor's byte range does not hold product(shape) × dtype size bytes.
  case safeTensorsByteCountMismatch(name: String, expected: Int, actual: Int)
  /// Two tensors share bytes of the data buffer.
  case safeTensorsOverlap(name: String, other: String)
  /// Bytes of the data buffer belong to no tensor (`begin..<end` of the buffer).
  case safeTensorsUnindexedBytes(begin: Int, end: Int)
  /// Two entries of the header have the same name.
  case safeTensorsDuplicateName(name: String)
  /// `__metadata__` is not an object of string values.
  case safeTensorsInvalidMetadata(reason: String)
  /// No tensor has this name.
  case safeTensorsTensorNotFound(name: String, available: [String])
  /// A tensor has a different dtype than the accessor reads.
  case safeTensorsWrongDType(name: String, expected: String, found: String)
  /// The writer was given a tensor it cannot write.
  case safeTensorsCannotWrite(name: String, reason: String)

  /// A sentence or two: what was wrong, where, and what to do.
  ///
  /// Names, cells and paths in it come from files, so its control characters are escaped
  /// (`escapingControlCharacters`): printing it cannot send a terminal escape sequence.
  public var description: String {
    escapingControlCharacters(unescapedDescription)
  }

  /// The message before escaping.
  private var unescapedDescription: String {
    switch self {
    case .inFile(let path, let error): return "\(path): \(error.unescapedDescription)"
    case .cannotRead, .cannotWrite, .fileExists, .cannotReplace, .fileTooLarge,
      .dataDirectoryNotFound:
      return fileDescription
    case .truncated, .gzipBadMagic, .gzipUnsupportedMethod, .gzipReservedFlags,
      .gzipHeaderCRCMismatch, .gzipCRCMismatch, .gzipLengthMismatch, .gzipTrailingGarbage,
      .deflateReservedBlockType, .deflateStoredLengthMismatch, .deflateInvalidCodeLengths,
      .deflateInvalidSymbol, .deflateDistanceTooFar, .inflatedTooLarge:
      return gzipDescription
    case .idxBadHeader, .idxUnsupportedDataType, .idxSizeMismatch, .mnistBadMagic,
      .mnistBadImageSize, .mnistCountMismatch, .mnistLabelOutOfRange, .mnistEmpty:
      return idxDescription
    case .csvEmpty, .csvNotUTF8, .csvUnterminatedQuote, .csvBlankLine, .csvColumnCount,
      .csvNotNumeric, .csvNotFinite, .csvNULByte, .csvOutOfRange, .csvCannotWrite:
      return csvDescription
    default: return safeTensorsDescription
    }
  }
}
