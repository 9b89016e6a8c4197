// WorkerPool: threads that stay alive between parallel loops, so that a fork-join costs a few
// atomic operations on shared words instead of waking Dispatch's threads (about 5 us each time
// a training step's serial work lets them fall asleep).

import Dispatch
import KANKernelsCPU

/// Persistent worker threads that run the chunks of one job at a time with the calling thread.
///
///     generation: even = closed (no job), odd = a job is open
///     caller:  write the job; generation += 1 (open); wake sleepers; take chunks;
///              wait until done == chunks; generation += 1 (closed); wait until every worker
///              that joined has left; return
///     worker:  wait for a new open generation (spin ~100 us, then sleep);
///              joined += 1; if still open: take chunks (next += 1) until none is left; left += 1
///
/// A worker reads the job only between joining and leaving, and the caller returns only after
/// the job is closed and every worker that joined has left, so the body never runs after
/// `run` returns and each chunk index is taken exactly once (`next` hands them out).
final class WorkerPool: @unchecked Sendable {
  /// The pool shared by all parallel loops: one worker per active processor beyond the caller.
  static let shared = WorkerPool(workers: Parallelism.processorCount - 1)

  /// The shared words, each on its own cache line.
  private enum Word: Int, CaseIterable {
    case busy, generation, joined, left, sleepers, next, done
  }

  private let words: UnsafeMutablePointer<Int>
  private let sleep = DispatchSemaphore(value: 0)
  private let workers: Int
  /// The open job's body and chunk count, written only while the pool is closed.
  private var body: ((Int) -> Void)?
  private var chunks = 0

  /// Starts `workers` threads that wait for jobs.
  private init(workers: Int) {
    self.workers = max(0, workers)
    words = allocatePackingBuffer(Word.allCases.count * 16)
    words.initialize(repeating: 0, count: Word.allCases.count * 16)
    for index in 0..<self.workers {
      DispatchQueue(label: "KANKernels.WorkerPool.\(index)").async { self.work() }
    }
  }

  /// The address of one shared word.
  private func word(_ word: Word) -> UnsafeMutablePointer<Int> { words + word.rawValue * 16 }

  /// Runs `body(c)` for c in 0 ..< chunks on the caller and the workers, unless busy.
  ///
  /// Returns when every chunk has finished; or returns false at once, running nothing, when the
  /// pool is already running a job (another thread's loop, or a loop nested in a chunk): the
  /// caller then uses Dispatch.
  ///
  /// - Parameters:
  ///   - chunks: The number of chunks, `>= 1`.
  ///   - body: The work of one chunk; called concurrently.
  /// - Returns: Whether the pool ran the job.
  func run(chunks: Int, _ body: (Int) -> Void) -> Bool {
    guard kan_atomic_compare_exchange(word(.busy), 0, 1) != 0 else { return false }
    withoutActuallyEscaping(body) { body in
      self.body = body
      self.chunks = chunks
      kan_atomic_store(word(.next), 0)
      kan_atomic_store(word(.done), 0)
      kan_atomic_fetch_add(word(.generation), 1)  // open
      for _ in 0..<kan_atomic_exchange(word(.sleepers), 0) { sleep.signal() }
      takeChunks()
      spin { kan_atomic_load(word(.done)) == chunks }
      kan_atomic_fetch_add(word(.generation), 1)  // closed
      let joined = kan_atomic_load(word(.joined))
      spin { kan_atomic_load(word(.left)) >= joined }
      self.body = nil
    }
    kan_atomic_store(word(.busy), 0)
    return true
  }

  /// Takes chunk indices from `next` and runs them until none is left.
  private func takeChunks() {
    guard let body else { return }
    while true {
      let chunk = kan_atomic_fetch_add(word(.next), 1)
      if chunk >= chunks { return }
      body(chunk)
      kan_atomic_fetch_add(word(.done), 1)
    }
  }

  /// A worker's life: wait for each new job, join it, take chunks, leave.
  private func work() {
    var seen = 0
    while true {
      seen = waitForJob(after: seen)
      kan_atomic_fetch_add(word(.joined), 1)
      if kan_atomic_load(word(.generation)) == seen { takeChunks() }
      kan_atomic_fetch_add(word(.left), 1)
    }
  }

  /// Waits until an open generation other than `seen` appears: spins for about 100 us, then
  /// sleeps until the next job wakes it.
  ///
  /// - Returns: The new generation.
  private func waitForJob(after seen: Int) -> Int {
    while true {
      var generation = seen
      let found = spin(limit: 100_000) {
        generation = kan_atomic_load(word(.generation))
        return generation != seen && generation % 2 == 1
      }
      if found { return generation }
      kan_atomic_fetch_add(word(.sleepers), 1)
      generation = kan_atomic_load(word(.generation))
      if generation != seen && generation % 2 == 1 {
        // A job opened meanwhile: take our sleeper count back, unless the caller has already
        // taken it (then its signal stays pending and a later wait returns at once).
        var count = kan_atomic_load(word(.sleepers))
        while count > 0 && kan_atomic_compare_exchange(word(.sleepers), count, count - 1) == 0 {
          count = kan_atomic_load(word(.sleepers))
        }
        return generation
      }
      sleep.wait()
    }
  }
}

/// Spins until `done()` is true or about `limit` nanoseconds have passed: pausing between checks
/// for the first 2 us, then also yielding the processor, so that on a busy machine a spinning
/// thread gives its core to the thread it waits for.
///
/// - Returns: Whether `done()` became true.
@discardableResult
private func spin(limit: UInt64 = .max, _ done: () -> Bool) -> Bool {
  let start = DispatchTime.now().uptimeNanoseconds
  var checks = 0
  var yielding = false
  while !done() {
    kan_pause()
    checks += 1
    if yielding {
      kan_yield()
    }
    if checks % 32 == 0 {
      let elapsed = DispatchTime.now().uptimeNanoseconds - start
      if elapsed > limit { return false }
      yielding = elapsed > 2000
    }
  }
  return true
}
