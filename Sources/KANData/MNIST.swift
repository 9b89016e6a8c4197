// MNIST: the four gzipped IDX files of the digits database, checked and loaded into memory.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The MNIST database of handwritten digits: 60,000 training and 10,000 test images of 28 x 28
/// grey pixels, each with its digit.
///
/// `load(directory:)` reads the four files as distributed, gzipped, and decompresses them in
/// memory:
///
///     train-images.idx3-ubyte.gz   IDX magic 0x00000803, dimensions (60000, 28, 28)
///     train-labels.idx1-ubyte.gz   IDX magic 0x00000801, dimensions (60000)
///     t10k-images.idx3-ubyte.gz    IDX magic 0x00000803, dimensions (10000, 28, 28)
///     t10k-labels.idx1-ubyte.gz    IDX magic 0x00000801, dimensions (10000)
///
/// Pixels are 0 (background) to 255 (ink); labels are 0...9.
public struct MNIST: Equatable {
  /// The images and labels of one split (training or test).
  public struct Split: Equatable {
    /// The number of images, and of labels.
    public let count: Int
    /// Pixel rows per image (28).
    public let rows: Int
    /// Pixel columns per image (28).
    public let columns: Int
    /// The pixels; images is (count, rows, columns): pixel (r, c) of image n is at
    /// `(n * rows + r) * columns + c`.
    public let images: [UInt8]
    /// The digit of each image, 0...9.
    public let labels: [Int]

    /// Checks and combines a decompressed image file and label file.
    ///
    /// - Parameters:
    ///   - imageFile: An IDX file with magic 0x00000803 and dimensions (count, 28, 28).
    ///   - labelFile: An IDX file with magic 0x00000801 and dimensions (count), values 0...9.
    /// - Throws: `KANDataError.mnistBadMagic`, an `idx...` error, `mnistBadImageSize`,
    ///   `mnistCountMismatch` or `mnistLabelOutOfRange`.
    public init(imageFile: [UInt8], labelFile: [UInt8]) throws {
      let images = try MNIST.parse(imageFile, magic: 0x0803)
      let labels = try MNIST.parse(labelFile, magic: 0x0801)
      let (rows, columns) = (images.dimensions[1], images.dimensions[2])
      guard rows == 28, columns == 28 else {
        throw KANDataError.mnistBadImageSize(rows: rows, columns: columns)
      }
      guard images.dimensions[0] == labels.dimensions[0] else {
        throw KANDataError.mnistCountMismatch(
          images: images.dimensions[0], labels: labels.dimensions[0])
      }
      if let index = labels.bytes.firstIndex(where: { $0 > 9 }) {
        throw KANDataError.mnistLabelOutOfRange(index: index, value: labels.bytes[index])
      }
      count = images.dimensions[0]
      self.rows = rows
      self.columns = columns
      self.images = images.bytes
      self.labels = labels.bytes.map(Int.init)
    }

    /// The pixels of images `range`, scaled to [-1, 1] by `normalize(_:)`.
    ///
    /// - Parameter range: Image indices within `0..<count`.
    /// - Returns: (range.count, rows, columns) floats, laid out as `images`.
    public func normalizedPixels(of range: Range<Int>) -> [Float] {
      precondition(range.clamped(to: 0..<count) == range, "images \(range) outside 0..<\(count)")
      let size = rows * columns
      return images[(range.lowerBound * size)..<(range.upperBound * size)].map(MNIST.normalize)
    }
  }

  /// The 60,000 training images.
  public let train: Split
  /// The 10,000 test images.
  public let test: Split

  /// Maps a pixel 0...255 to [-1, 1].
  ///
  ///     x' = x / 127.5 - 1        0 -> -1,  127.5 -> 0,  255 -> 1
  ///
  /// - Parameter pixel: A grey level, 0 (background) to 255 (ink).
  /// - Returns: The scaled value.
  public static func normalize(_ pixel: UInt8) -> Float {
    Float(pixel) / 127.5 - 1
  }

  /// Loads the four gzipped MNIST files from `directory`.
  ///
  /// Each file must be a regular file of at most `FileSizeLimit.gzip` and is inflated no
  /// further than its IDX header declares (`Gzip.decompressIDX`); a split without images is
  /// an error.
  ///
  /// - Parameter directory: A directory holding the four files, such as `Data/mnist`; see
  ///   `locateDataDirectory(_:from:)`.
  /// - Returns: The training and test splits.
  /// - Throws: `KANDataError.cannotRead` or `.fileTooLarge`, or a `KANDataError.inFile` naming
  ///   the damaged file (`mnistEmpty` for a split of no images).
  public static func load(directory: URL) throws -> MNIST {
    func split(_ prefix: String) throws -> Split {
      let imageURL = directory.appendingPathComponent("\(prefix)-images.idx3-ubyte.gz")
      let labelURL = directory.appendingPathComponent("\(prefix)-labels.idx1-ubyte.gz")
      let images = try Gzip.decompressIDX(contentsOf: imageURL)
      let labels = try Gzip.decompressIDX(contentsOf: labelURL)
      do {
        let split = try Split(imageFile: images, labelFile: labels)
        guard split.count > 0 else { throw KANDataError.mnistEmpty }
        return split
      } catch let error as KANDataError {
        let path = [imageURL.path, labelURL.path].joined(separator: " + ")
        throw KANDataError.inFile(path: path, error: error)
      }
    }
    return MNIST(train: try split("train"), test: try split("t10k"))
  }

  /// Parses an IDX file after checking its magic number; guarantees `magic & 0xFF` dimensions.
  private static func parse(_ file: [UInt8], magic: UInt32) throws -> IDXArray {
    if file.count >= 4, case let found = IDXArray.bigEndian32(file, at: 0), found != magic {
      throw KANDataError.mnistBadMagic(expected: magic, found: found)
    }
    return try IDXArray(parsing: file)
  }
}
