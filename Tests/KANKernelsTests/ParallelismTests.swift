// Parallelism.forEachChunk: every index exactly once, in at most `threads` contiguous chunks.

import Dispatch
import KANKernels
import Testing

/// Collects the chunks forEachChunk hands out, from any thread.
final class ChunkLog: @unchecked Sendable {
  private var chunks: [Range<Int>] = []
  private let queue = DispatchQueue(label: "ChunkLog")

  func append(_ chunk: Range<Int>) { queue.sync { chunks.append(chunk) } }

  var sorted: [Range<Int>] { queue.sync { chunks.sorted { $0.lowerBound < $1.lowerBound } } }
}

@Suite("Parallelism.forEachChunk: contiguous chunks covering 0..<count once")
struct ParallelismTests {
  @Test(
    "chunks tile 0..<count in at most `threads` pieces",
    arguments: [(0, 2, 1), (1, 2, 1), (7, 1, 1), (7, 3, 1), (100, 2, 1), (100, 4, 60), (5, 8, 1)])
  func chunksCoverEveryIndexOnce(count: Int, threads: Int, minimumChunk: Int) {
    let log = ChunkLog()
    Parallelism.forEachChunk(count, threads: threads, minimumChunk: minimumChunk) { log.append($0) }
    let chunks = log.sorted
    #expect(chunks.count <= max(1, threads))
    #expect(chunks.allSatisfy { !$0.isEmpty })
    var next = 0
    for chunk in chunks {
      #expect(chunk.lowerBound == next, "gap or overlap at \(next): \(chunks)")
      next = chunk.upperBound
    }
    #expect(next == count, "chunks \(chunks) do not end at \(count)")
  }

  @Test("a count below twice the minimum chunk runs as one chunk")
  func smallCountRunsSerially() {
    let log = ChunkLog()
    Parallelism.forEachChunk(100, threads: 4, minimumChunk: 51) { log.append($0) }
    #expect(log.sorted == [0..<100])
  }
}
