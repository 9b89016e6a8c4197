// KANKernelsCPU: what the build and the processor offer the GEMM kernels, and the few processor
// instructions Swift has no spelling for (prefetch, pause, atomic words).

#ifndef KAN_KERNELS_CPU_H
#define KAN_KERNELS_CPU_H

#include <sched.h>
#include <stdint.h>

/// Returns 1 when this target was compiled for AVX-512F and the processor running it has it,
/// else 0.
///
/// Both halves matter: the Swift kernels are compiled with the same flags as this file (release:
/// `-target-cpu native` / `-march=native`), so "compiled for AVX-512F" says a SIMD16<Float> is
/// one zmm register there rather than four xmm or two ymm ones; "the processor has it" guards
/// against a binary moved to another machine.
int kan_wide_vectors_available(void);

/// Keeps freed memory in the process (glibc: raises the mmap and trim thresholds to 1 GiB, the
/// in-process form of MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_); a no-op elsewhere.
void kan_keep_freed_memory(void);

/// Asks the processor to bring the cache line holding `address` into L1 for reading: a hint,
/// never a fault, whatever the address.
static inline void kan_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

/// Tells the processor this thread is spinning on a shared word (x86 `pause`, arm64 `yield`).
static inline void kan_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

/// Gives the rest of this thread's time slice to another thread.
static inline void kan_yield(void) { sched_yield(); }

// Sequentially consistent operations on a machine word shared between threads.

/// Returns *word.
static inline intptr_t kan_atomic_load(const intptr_t *word) {
  return __atomic_load_n(word, __ATOMIC_SEQ_CST);
}

/// Sets *word = value.
static inline void kan_atomic_store(intptr_t *word, intptr_t value) {
  __atomic_store_n(word, value, __ATOMIC_SEQ_CST);
}

/// Adds delta to *word; returns the value before.
static inline intptr_t kan_atomic_fetch_add(intptr_t *word, intptr_t delta) {
  return __atomic_fetch_add(word, delta, __ATOMIC_SEQ_CST);
}

/// Sets *word = value; returns the value before.
static inline intptr_t kan_atomic_exchange(intptr_t *word, intptr_t value) {
  return __atomic_exchange_n(word, value, __ATOMIC_SEQ_CST);
}

/// Sets *word = desired if it equals expected; returns 1 if it did, else 0.
static inline int kan_atomic_compare_exchange(intptr_t *word, intptr_t expected,
                                              intptr_t desired) {
  return __atomic_compare_exchange_n(word, &expected, desired, 0, __ATOMIC_SEQ_CST,
                                     __ATOMIC_SEQ_CST);
}

#endif
