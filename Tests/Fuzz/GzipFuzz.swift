// GzipFuzz: libFuzzer entry point for the gzip/DEFLATE decoder (built by run.sh, not SwiftPM).

/// Decompresses the input as a gzip file; thrown errors are expected, crashes are bugs.
///
/// - Parameters:
///   - data: The fuzzer's input.
///   - size: The input's length in bytes.
/// - Returns: 0, as libFuzzer requires.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  if let output = try? Gzip.decompress(bytes) {
    precondition(output.count <= bytes.count * 1032, "output larger than DEFLATE allows")
  }
  return 0
}
