// KANKernelsCPU: what the build and the processor offer the GEMM kernels.

#ifndef KAN_KERNELS_CPU_H
#define KAN_KERNELS_CPU_H

/// Returns 1 when this target was compiled for AVX-512F and the processor running it has it,
/// else 0.
///
/// Both halves matter: the Swift kernels are compiled with the same flags as this file (release:
/// `-target-cpu native` / `-march=native`), so "compiled for AVX-512F" says a SIMD16<Float> is
/// one zmm register there rather than four xmm or two ymm ones; "the processor has it" guards
/// against a binary moved to another machine.
int kan_wide_vectors_available(void);

/// Asks the processor to bring the cache line holding `address` into L1 for reading: a hint,
/// never a fault, whatever the address.
static inline void kan_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
