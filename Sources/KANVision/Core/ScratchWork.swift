import KAN
import KANKernels

/// Runs `body` for every item `n < count` (an image, a group of images), split over threads.
///
/// Each thread has a scratch buffer of its own of `scratch` scalars (an image's padded planes,
/// say) that stays in its core's cache from one item to the next. The buffer starts zero, so
/// what an item never writes (the padding of an image) stays zero for the next.
///
/// - Parameters:
///   - count: The number of items.
///   - threads: The largest number of threads.
///   - scratch: The scalars of each thread's buffer.
///   - body: The work on item `n`, given the thread's buffer; called concurrently.
func forEachItem<Scalar: KANScalar>(
  _ count: Int, threads: Int, scratch: Int,
  _ body: (_ n: Int, _ scratch: UnsafeMutablePointer<Scalar>) -> Void
) {
  Parallelism.forEachChunk(count, threads: threads, minimumChunk: 1) { items in
    let buffer = UnsafeMutablePointer<Scalar>.allocate(capacity: max(1, scratch))
    buffer.initialize(repeating: 0, count: max(1, scratch))
    defer { buffer.deallocate() }
    for n in items { body(n, buffer) }
  }
}

/// Copies a short run, `target[n] = source[n]` for `n < count`, eight lanes at a time and
/// inline: the rows of a small image are too short to be worth a call to `memmove`.
@inline(__always)
func copyRun<Scalar: KANScalar>(
  _ target: UnsafeMutablePointer<Scalar>, _ source: UnsafePointer<Scalar>, count: Int
) {
  var n = 0
  while n + 8 <= count {
    UnsafeMutableRawPointer(target + n).storeBytes(
      of: UnsafeRawPointer(source + n).loadUnaligned(as: SIMD8<Scalar>.self), as: SIMD8<Scalar>.self
    )
    n += 8
  }
  while n < count {
    target[n] = source[n]
    n += 1
  }
}
