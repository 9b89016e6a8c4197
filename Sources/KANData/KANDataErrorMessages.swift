// KANDataErrorMessages: the text of each KANDataError, grouped by file format.

extension KANDataError {
  var fileDescription: String {
    switch self {
    case .cannotRead(let path, let reason): return "cannot read \(path): \(reason)"
    case .cannotWrite(let path, let reason):
      return "cannot write \(path): \(reason); no existing file was changed"
    case .fileExists(let path):
      return "\(path) already exists; pass --force to overwrite it, or choose another path"
    case .cannotReplace(let path, let kind):
      return "refusing to write \(path): it is \(kind), and swift-kan replaces only regular "
        + "files (even with --force); remove it yourself or choose another path"
    case .fileTooLarge(let path, let size, let limit):
      let actual = size.map { "is \($0) bytes" } ?? "holds more than \(limit.bytes) bytes"
      return "\(path) \(actual), over swift-kan's \(limit.text) cap on a \(limit.kind); check "
        + "that it is the file you meant"
    case .dataDirectoryNotFound(let searched):
      return "MNIST data not found: looked for train-images.idx3-ubyte.gz in "
        + searched.joined(separator: ", ")
        + "; run from inside the swift-kan checkout, or pass the directory that holds the four"
        + " MNIST .gz files (e.g. --data path/to/Data/mnist)"
    default: return ""
    }
  }

  var gzipDescription: String {
    let corrupt = "the file is damaged or not gzip; download or copy it again"
    switch self {
    case .truncated(let offset, let reading):
      return "input ends at byte \(offset) while reading \(reading); the file is cut short"
    case .gzipBadMagic(let offset):
      return "byte \(offset): not a gzip member (gzip files start with 1f 8b); \(corrupt)"
    case .gzipUnsupportedMethod(let offset, let method):
      return "byte \(offset): gzip compression method \(method) is not supported (only 8, deflate)"
    case .gzipReservedFlags(let offset, let flags):
      return "byte \(offset): gzip flags \(hex(flags)) set reserved bits 5-7; \(corrupt)"
    case .gzipHeaderCRCMismatch(let offset, let stored, let computed):
      return "byte \(offset): gzip header CRC16 is \(hex(stored)) but the header hashes to "
        + "\(hex(computed)); \(corrupt)"
    case .gzipCRCMismatch(let offset, let stored, let computed):
      return "byte \(offset): gzip trailer CRC-32 is \(hex(stored)) but the data hashes to "
        + "\(hex(computed)); \(corrupt)"
    case .gzipLengthMismatch(let offset, let stored, let computed):
      return "byte \(offset): gzip trailer ISIZE is \(stored) but \(computed) bytes (mod 2^32) "
        + "were decompressed; \(corrupt)"
    case .gzipTrailingGarbage(let offset, let count):
      return "byte \(offset): \(count) bytes after the last gzip member are not a gzip member; "
        + "remove them or copy the file again"
    case .deflateReservedBlockType(let offset):
      return "byte \(offset): DEFLATE block type 3 is reserved; \(corrupt)"
    case .deflateStoredLengthMismatch(let offset, let length, let complement):
      return "byte \(offset): stored block LEN \(length) is not the complement of NLEN "
        + "\(complement); \(corrupt)"
    case .deflateInvalidCodeLengths(let offset, let reason):
      return "byte \(offset): invalid Huffman code lengths: \(reason); \(corrupt)"
    case .deflateInvalidSymbol(let offset, let reason):
      return "byte \(offset): invalid compressed data: \(reason); \(corrupt)"
    case .deflateDistanceTooFar(let offset, let distance, let available):
      return "byte \(offset): back-reference distance \(distance) reaches before the start of "
        + "the output (\(available) bytes so far); \(corrupt)"
    case .inflatedTooLarge(let limit, let reason):
      return "decompressing would produce more than \(limit) bytes (\(reason)); stopped there: "
        + "the file is damaged or not what it claims to be"
    default: return ""
    }
  }

  var idxDescription: String {
    switch self {
    case .idxBadHeader(let reason): return "not an IDX file: \(reason)"
    case .idxUnsupportedDataType(let code):
      return "IDX data type \(hex(code)) is not supported; only 0x08 (unsigned byte) is"
    case .idxSizeMismatch(let dimensions, let expected, let actual):
      let dims = dimensions.map(String.init).joined(separator: " x ")
      guard let expected else {
        return "IDX dimensions \(dims) overflow; the header is damaged"
      }
      return "IDX dimensions \(dims) need \(expected) data bytes but the file has \(actual); "
        + "the file is cut short or damaged"
    case .mnistBadMagic(let expected, let found):
      return "MNIST magic number is \(hex(found)), expected \(hex(expected)) "
        + "(0x00000803 images, 0x00000801 labels); are the file names swapped?"
    case .mnistBadImageSize(let rows, let columns):
      return "MNIST images are \(rows) x \(columns) pixels, expected 28 x 28"
    case .mnistCountMismatch(let images, let labels):
      return "\(images) images but \(labels) labels; the image and label files do not belong "
        + "together"
    case .mnistLabelOutOfRange(let index, let value):
      return "label \(index) is \(value), not a digit 0...9"
    case .mnistEmpty:
      return "the files hold 0 images; MNIST has 60,000 training and 10,000 test images: "
        + "download the four files again"
    default: return ""
    }
  }

  var csvDescription: String {
    switch self {
    case .csvEmpty:
      return "the CSV file is empty; it needs a header row naming the columns, then one row "
        + "per sample"
    case .csvNotUTF8(let line): return "line \(line): not valid UTF-8; save the file as UTF-8"
    case .csvUnterminatedQuote(let line):
      return "line \(line): a quoted field is not closed on its line"
    case .csvBlankLine(let line):
      return "line \(line): blank line before more rows; remove it"
    case .csvColumnCount(let line, let expected, let found):
      return "line \(line): \(found) cells, but the header names \(expected) columns"
    case .csvNotNumeric(let line, let column, let cell):
      let what = cell.isEmpty ? "an empty cell" : "\"\(cell)\""
      return "line \(line), column \"\(column)\": \(what) is not a number"
    case .csvNotFinite(let line, let column, let cell):
      return "line \(line), column \"\(column)\": \(cell) is not a valid input "
        + "(only finite numbers are)"
    case .csvNULByte(let line, let column):
      return "line \(line), cell \(column): a NUL byte (0x00); a CSV file holds text, is this a "
        + "binary file?"
    case .csvOutOfRange(let line, let column, let value, let type):
      return "line \(line), column \"\(column)\": \(value) is too large for \(type) (the model "
        + "computes in \(type)); rescale the inputs"
    case .csvCannotWrite(let reason): return "cannot write CSV: \(reason)"
    default: return ""
    }
  }

  var safeTensorsDescription: String {
    let rewrite = "the file is damaged or was not written by a safetensors writer"
    switch self {
    case .safeTensorsTooShort(let size):
      return "safetensors file is \(size) bytes, shorter than its 8-byte header length"
    case .safeTensorsHeaderTooLarge(let length, let fileSize, let limit):
      return "safetensors header length \(length) runs past the end of the \(fileSize)-byte "
        + "file or over the \(limit)-byte cap; \(rewrite)"
    case .safeTensorsHeaderNotUTF8: return "safetensors header is not valid UTF-8; \(rewrite)"
    case .safeTensorsHeaderNotJSON(let offset, let reason):
      return "safetensors header is not valid JSON at header byte \(offset): \(reason)"
    case .safeTensorsHeaderNotObject:
      return "safetensors header is not a JSON object of tensor entries; \(rewrite)"
    case .safeTensorsMalformedEntry(let name, let reason):
      return "tensor \"\(name)\": \(reason)"
    case .safeTensorsUnknownDType(let name, let dtype):
      return "tensor \"\(name)\": unknown dtype \"\(dtype)\""
    case .safeTensorsInvalidShape(let name, let reason):
      return "tensor \"\(name)\": invalid shape: \(reason)"
    case .safeTensorsOffsetsOutOfRange(let name, let begin, let end, let bufferSize):
      return "tensor \"\(name)\": data_offsets [\(begin), \(end)] lie outside the "
        + "\(bufferSize)-byte data buffer; \(rewrite)"
    case .safeTensorsOffsetsReversed(let name, let begin, let end):
      return "tensor \"\(name)\": data_offsets [\(begin), \(end)] end before they begin"
    case .safeTensorsByteCountMismatch(let name, let expected, let actual):
      return "tensor \"\(name)\": shape and dtype need \(expected) bytes but data_offsets "
        + "span \(actual)"
    case .safeTensorsOverlap(let name, let other):
      return "tensors \"\(other)\" and \"\(name)\" share bytes of the data buffer; \(rewrite)"
    case .safeTensorsUnindexedBytes(let begin, let end):
      return "bytes \(begin)..<\(end) of the data buffer belong to no tensor; \(rewrite)"
    case .safeTensorsDuplicateName(let name):
      return "the header names tensor \"\(name)\" twice"
    case .safeTensorsInvalidMetadata(let reason): return "invalid __metadata__: \(reason)"
    case .safeTensorsTensorNotFound(let name, let available):
      return "no tensor named \"\(name)\"; the file has "
        + (available.isEmpty ? "no tensors" : available.joined(separator: ", "))
    case .safeTensorsWrongDType(let name, let expected, let found):
      return "tensor \"\(name)\" is \(found), expected \(expected)"
    case .safeTensorsCannotWrite(let name, let reason):
      return "cannot write tensor \"\(name)\": \(reason)"
    default: return ""
    }
  }
}

/// Formats an unsigned integer as `0x` and zero-padded hexadecimal digits, two per byte.
private func hex<T: FixedWidthInteger & UnsignedInteger>(_ value: T) -> String {
  let digits = String(value, radix: 16)
  let width = T.bitWidth / 4
  return "0x" + String(repeating: "0", count: max(0, width - digits.count)) + digits
}
