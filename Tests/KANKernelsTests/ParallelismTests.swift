// Parallelism.forEachChunk: every index exactly once, in at most `threads` contiguous chunks,
// however the calls follow, nest or overlap (the worker pool's handshake).

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

  /// Adds one to visits[i] for every index i forEachChunk hands out; returns after the call.
  func visit(_ visits: UnsafeMutableBufferPointer<Int>, threads: Int) {
    Parallelism.forEachChunk(visits.count, threads: threads, minimumChunk: 1) { chunk in
      for i in chunk { visits[i] += 1 }
    }
  }

  @Test("2000 calls in a row each visit every index once, and finish before returning")
  func repeatedCallsVisitEachIndexOnce() {
    // Each call must see the previous one's writes done: a chunk still running after its
    // call returned would leave a count at 1 while the next call reads it.
    var visits = [Int](repeating: 0, count: 37)
    visits.withUnsafeMutableBufferPointer { visits in
      for call in 1...2000 {
        visit(visits, threads: 2 + call % 3)
        #expect(visits.allSatisfy { $0 == call }, "call \(call): \(Array(visits))")
        if visits.contains(where: { $0 != call }) { break }
      }
    }
  }

  @Test("a loop nested in a chunk, and loops on several threads at once, visit each index once")
  func nestedAndConcurrentCallsVisitEachIndexOnce() {
    let outer = 4
    let inner = 50
    let visits = UnsafeMutableBufferPointer<Int>.allocate(capacity: outer * inner)
    defer { visits.deallocate() }
    visits.initialize(repeating: 0)
    // Nested: each outer chunk runs an inner loop while the outer one holds the pool.
    Parallelism.forEachChunk(outer, threads: 2, minimumChunk: 1) { rows in
      for row in rows {
        visit(
          UnsafeMutableBufferPointer(rebasing: visits[(row * inner)..<((row + 1) * inner)]),
          threads: 2)
      }
    }
    #expect(visits.allSatisfy { $0 == 1 })
    // Concurrent: four threads each run their own loops at the same time.
    DispatchQueue.concurrentPerform(iterations: outer) { row in
      for _ in 0..<100 {
        visit(
          UnsafeMutableBufferPointer(rebasing: visits[(row * inner)..<((row + 1) * inner)]),
          threads: 2)
      }
    }
    #expect(visits.allSatisfy { $0 == 101 })
  }
}
