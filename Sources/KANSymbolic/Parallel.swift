import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The number of processors online, the default thread count of the fits (at least 1).
let onlineProcessors: Int = {
  #if canImport(Glibc) || canImport(Darwin)
  return Swift.max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
  #else
  return 1
  #endif
}()

/// Maps `0..<count` to results on up to `threads` threads, in index order.
///
///     result[i] = body(i)      blocks of consecutive indices run concurrently
///
/// Each result depends only on its index, so the output is the same for every thread count.
///
/// - Parameters:
///   - count: The number of indices.
///   - threads: The largest number of concurrent blocks, `>= 1`.
///   - body: The work for one index; called concurrently.
/// - Returns: `[body(0), ..., body(count - 1)]`.
func parallelMap<T>(_ count: Int, threads: Int, _ body: (Int) -> T) -> [T] {
  let blocks = Swift.max(1, Swift.min(threads, count))
  if blocks == 1 { return (0..<count).map(body) }
  var results = [T?](repeating: nil, count: count)
  results.withUnsafeMutableBufferPointer { results in
    nonisolated(unsafe) let results = results
    withoutActuallyEscaping(body) { body in
      DispatchQueue.concurrentPerform(iterations: blocks) { block in
        for i in (block * count / blocks)..<((block + 1) * count / blocks) {
          results[i] = body(i)
        }
      }
    }
  }
  return results.compactMap { $0 }  // every slot was filled
}

/// Sums `body` over `0..<count` in fixed blocks of `sampleBlock` indices, blocks in parallel and
/// added in order, so the result is the same for every thread count.
///
///     total = body(block 0) + body(block 1) + ...     block k = [k B, min((k + 1) B, count))
///
/// - Parameters:
///   - count: The number of samples.
///   - threads: The largest number of concurrent blocks.
///   - add: The sum of two partial sums.
///   - body: The partial sum over one range of samples.
/// - Returns: The sum of the partial sums, or `nil` when `count == 0`.
func blockSum<T>(
  _ count: Int, threads: Int, add: (T, T) -> T, _ body: (Range<Int>) -> T
) -> T? {
  let blockCount = (count + sampleBlock - 1) / sampleBlock
  let partial = parallelMap(blockCount, threads: threads) { k in
    body((k * sampleBlock)..<Swift.min((k + 1) * sampleBlock, count))
  }
  return partial.dropFirst().reduce(partial.first) { total, next in total.map { add($0, next) } }
}

/// The number of samples a thread sums before its partial sum is added to the others.
let sampleBlock = 1 << 15
