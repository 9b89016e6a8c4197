// GEMMSizes: the one precondition every GEMM entry point runs on its sizes.

/// Traps with a clear message when a GEMM size or thread count is invalid.
///
///     m >= 0, n >= 0, k >= 0, threads >= 1
///
/// Callers validate user input; reaching this trap is a programming error.
func checkGEMMSizes(_ name: StaticString, m: Int, n: Int, k: Int, threads: Int) {
  precondition(m >= 0 && n >= 0 && k >= 0, "\(name): sizes must be >= 0, got m=\(m) n=\(n) k=\(k)")
  precondition(threads >= 1, "\(name): threads must be >= 1, got \(threads)")
}
