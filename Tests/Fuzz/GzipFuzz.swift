// GzipFuzz: libFuzzer entry point for the gzip/DEFLATE decoder (built by run.sh).

import KANData

/// Decompresses the input as a gzip file, and as a gzipped IDX file bounded by its header.
///
/// A file that inflates in full to a valid IDX file must give the same bytes through
/// `decompressIDX`. Thrown errors are expected, crashes are bugs.
///
/// - Parameters:
///   - data: The fuzzer's input.
///   - size: The input's length in bytes.
/// - Returns: 0, as libFuzzer requires.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let output = try? Gzip.decompress(bytes)
  if let output {
    precondition(output.count <= bytes.count * 1032, "output larger than DEFLATE allows")
  }
  let idx = try? Gzip.decompressIDX(bytes)
  if let output, (try? IDXArray(parsing: output)) != nil {
    precondition(idx == output, "decompressIDX differs on a valid IDX file")
  }
  return 0
}
