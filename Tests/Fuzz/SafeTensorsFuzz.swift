// SafeTensorsFuzz: libFuzzer entry point for the safetensors reader and writer (built by run.sh).

import KANData

/// Parses the input as a safetensors file and reads every tensor.
///
/// A file of F32 tensors must survive writing and reading back bit for bit. Thrown errors are
/// expected; crashes are bugs.
///
/// - Parameters:
///   - data: The fuzzer's input.
///   - size: The input's length in bytes.
/// - Returns: 0, as libFuzzer requires.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  guard let file = try? SafeTensorsFile(bytes: bytes) else { return 0 }
  do {
    var tensors: [SafeTensorsWriter.Tensor] = []
    for tensor in file.tensors {
      let raw = try file.rawBytes(named: tensor.name)
      precondition(raw.count == tensor.byteRange.count, "raw size differs from its range")
      if tensor.dtype == .float32 {
        tensors.append((tensor.name, tensor.shape, try file.floats(named: tensor.name)))
      }
    }
    guard tensors.count == file.tensors.count else { return 0 }
    let written = try SafeTensorsWriter.encode(tensors: tensors, metadata: file.metadata)
    let reread = try SafeTensorsFile(bytes: written)
    precondition(reread.metadata == file.metadata && reread.names == file.names)
    for tensor in tensors {
      let values = try reread.floats(named: tensor.name)
      precondition(values.map(\.bitPattern) == tensor.values.map(\.bitPattern))
      let shape = try reread.shape(named: tensor.name)
      precondition(shape == tensor.shape)
    }
  } catch {
    preconditionFailure("a valid file failed to read back: \(error)")
  }
  return 0
}
