// FileSizeLimit: the largest file of each kind swift-kan reads, checked before it reads.

/// The largest number of bytes swift-kan reads for one kind of input, so that a hostile or
/// mistaken file (a link to /dev/zero, a 1 MB gzip that inflates to 1 GiB) fails with a message
/// instead of filling memory.
///
///     kind              cap        the largest legitimate file it has to hold
///     model file        1 GiB      100 million F32 parameters (ModelLimits in KAN) plus grids
///     CSV file          256 MiB    MNIST's 10,000 test images as text is ~80 MB
///     gzip file         64 MiB     MNIST's train-images.idx3-ubyte.gz is 9.9 MB
///     inflated data     256 MiB    MNIST's train-images.idx3-ubyte is 47 MB
public struct FileSizeLimit: Equatable, Sendable {
  /// The largest size accepted, in bytes.
  public let bytes: Int
  /// What the limit is for, as a message names it: "model file".
  public let kind: String

  /// A limit of `bytes` for files of `kind`.
  ///
  /// - Parameters:
  ///   - bytes: The largest size accepted, clamped to `0...2^62` so that sizes derived from it
  ///     cannot overflow.
  ///   - kind: What the files are, for messages.
  public init(bytes: Int, kind: String) {
    self.bytes = min(max(bytes, 0), 1 << 62)
    self.kind = kind
  }

  /// Model files (safetensors): 1 GiB.
  public static let model = FileSizeLimit(bytes: 1 << 30, kind: "model file")
  /// CSV files of samples: 256 MiB.
  public static let csv = FileSizeLimit(bytes: 256 << 20, kind: "CSV file")
  /// Compressed gzip files: 64 MiB.
  public static let gzip = FileSizeLimit(bytes: 64 << 20, kind: "gzip file")
  /// What a gzip file inflates to: 256 MiB.
  public static let inflated = FileSizeLimit(bytes: 256 << 20, kind: "decompressed file")

  /// `bytes` in the largest binary unit that divides it: `1 GiB`, `256 MiB`, `1000 bytes`.
  public var text: String {
    for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")]
    where bytes >= 1 << shift && bytes % (1 << shift) == 0 {
      return "\(bytes >> shift) \(unit)"
    }
    return "\(bytes) bytes"
  }
}
