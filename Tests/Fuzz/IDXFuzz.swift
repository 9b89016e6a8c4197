// IDXFuzz: libFuzzer entry point for the IDX reader and the MNIST checks (built by run.sh).

import KANData

/// Parses the input as an IDX file, then as an MNIST image file and label file.
///
/// The images are the `4 x first byte` bytes after the first byte, the labels the rest.
/// Thrown errors are expected; crashes are bugs.
///
/// - Parameters:
///   - data: The fuzzer's input.
///   - size: The input's length in bytes.
/// - Returns: 0, as libFuzzer requires.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  if let array = try? IDXArray(parsing: bytes) {
    precondition(array.dimensions.reduce(1, *) == array.bytes.count, "size check bypassed")
  }
  guard let first = bytes.first else { return 0 }
  let split = min(1 + Int(first) * 4, bytes.count)
  if let mnist = try? MNIST.Split(
    imageFile: Array(bytes[1..<split]), labelFile: Array(bytes[split...]))
  {
    precondition(mnist.labels.allSatisfy { (0...9).contains($0) }, "label check bypassed")
    _ = mnist.normalizedPixels(of: 0..<mnist.count)
  }
  return 0
}
