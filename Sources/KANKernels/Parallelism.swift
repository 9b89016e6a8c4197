// Parallelism: split an index range into contiguous chunks and run them on the worker pool.

import Dispatch

// FoundationEssentials gives ProcessInfo without the rest of Foundation (no ICU).
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Thread-count policy and the one place the kernels fan out work across cores.
public enum Parallelism {
  /// The thread count the kernels use when the caller passes none; starts at the active processor
  /// count.
  ///
  /// Set it once at start-up (for example from a `--threads` option); it is not synchronized.
  nonisolated(unsafe) public static var defaultThreads: Int = processorCount

  /// The number of active processors.
  static let processorCount = ProcessInfo.processInfo.activeProcessorCount

  /// Runs `body` over `0..<count` split into at most `threads` contiguous chunks.
  ///
  ///     chunks = min(threads, count / minimumChunk), at least 1
  ///     chunk c covers [c * count / chunks, (c + 1) * count / chunks)
  ///
  /// The chunks run on the calling thread and the persistent workers of `WorkerPool`, which
  /// hand each chunk to whichever thread is free; serially on the calling thread when only one
  /// chunk results (`threads == 1` or `count < 2 * minimumChunk`); or with
  /// `DispatchQueue.concurrentPerform` when the pool is busy (a loop on another thread, or one
  /// nested in a chunk). Each index is visited exactly once and every call of `body` returns
  /// before this function does.
  ///
  /// - Parameters:
  ///   - count: The number of indices, `count >= 0`.
  ///   - threads: The largest number of chunks, `threads >= 1`.
  ///   - minimumChunk: The smallest number of indices worth a chunk of its own, `>= 1`.
  ///   - body: Work over one contiguous range of indices; called concurrently.
  public static func forEachChunk(
    _ count: Int, threads: Int, minimumChunk: Int, _ body: (Range<Int>) -> Void
  ) {
    precondition(count >= 0, "forEachChunk: count must be >= 0, got \(count)")
    precondition(threads >= 1, "forEachChunk: threads must be >= 1, got \(threads)")
    precondition(minimumChunk >= 1, "forEachChunk: minimumChunk must be >= 1, got \(minimumChunk)")
    if count == 0 { return }
    let chunks = max(1, min(threads, count / minimumChunk))
    if chunks == 1 {
      body(0..<count)
      return
    }
    let chunk = { (c: Int) in body((c * count / chunks)..<((c + 1) * count / chunks)) }
    if WorkerPool.shared.run(chunks: chunks, chunk) { return }
    withoutActuallyEscaping(chunk) { chunk in
      DispatchQueue.concurrentPerform(iterations: chunks, execute: chunk)
    }
  }
}
