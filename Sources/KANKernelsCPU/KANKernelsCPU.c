// KANKernelsCPU: what the build and the processor offer the GEMM kernels.

#include "KANKernelsCPU.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

int kan_wide_vectors_available(void) {
#if defined(__x86_64__) && defined(__AVX512F__)
  return __builtin_cpu_supports("avx512f") ? 1 : 0;
#else
  return 0;
#endif
}

void kan_keep_freed_memory(void) {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}
