import KANKernels

/// Runs `body` for every image `b < batch`, the images split over up to `threads` threads,
/// each thread with a scratch buffer of its own of `scratch` scalars (patches, say) that stays
/// in its core's cache from one image to the next.
///
/// - Parameters:
///   - batch: The number of images.
///   - threads: The largest number of threads.
///   - scratch: The scalars of each thread's buffer.
///   - body: The work on image `b`, given the thread's buffer; called concurrently.
func forEachImage<Scalar>(
  _ batch: Int, threads: Int, scratch: Int,
  _ body: (_ b: Int, _ scratch: UnsafeMutablePointer<Scalar>) -> Void
) {
  Parallelism.forEachChunk(batch, threads: threads, minimumChunk: 1) { images in
    let buffer = UnsafeMutablePointer<Scalar>.allocate(capacity: max(1, scratch))
    defer { buffer.deallocate() }
    for b in images { body(b, buffer) }
  }
}

/// An array of `count` scalars written by `fill`, which must set every one: the zero fill of
/// `[Scalar](repeating: 0, count:)` is skipped, a pass over memory that layers whose output is
/// written whole do not need.
///
/// - Parameters:
///   - count: The number of scalars.
///   - fill: Writes all `count` scalars through the pointer.
/// - Returns: The array.
func writtenArray<Scalar>(_ count: Int, _ fill: (UnsafeMutablePointer<Scalar>) -> Void) -> [Scalar]
{
  [Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
    if let base = buffer.baseAddress { fill(base) }
    initialized = count
  }
}
