import KANKernelsCPU

/// Keeps freed memory in the process instead of returning it to the system; call once at start.
///
/// A training step allocates the same large activation and gradient buffers every time. glibc
/// serves blocks of 128 KiB and more with `mmap` and unmaps them on `free`, so every step pays
/// for fresh zeroed pages (page faults and `clear_page` were about 10% of a ResNet-KAN step).
/// With the mmap and trim thresholds at 1 GiB those blocks come from the heap and are reused:
/// the in-process form of `MALLOC_MMAP_THRESHOLD_` and `MALLOC_TRIM_THRESHOLD_`, the setting the
/// PyTorch peers are timed with. `kan` calls it first thing; a no-op without glibc.
public func keepFreedMemory() {
  kan_keep_freed_memory()
}
