// KANKernelsCPU: what the build and the processor offer the GEMM kernels.

#include "KANKernelsCPU.h"

int kan_wide_vectors_available(void) {
#if defined(__x86_64__) && defined(__AVX512F__)
  return __builtin_cpu_supports("avx512f") ? 1 : 0;
#else
  return 0;
#endif
}
