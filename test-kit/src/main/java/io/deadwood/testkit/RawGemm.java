package io.deadwood.testkit;

/**
 * A backend's GEMM on raw arrays, for {@link BackendContract}'s GEMM checks: C = alpha * op(A) *
 * op(B) + beta * C, where op(A) is m x k and op(B) is k x n; A is m x k (lda >= k) when not
 * transposed, else k x m (lda >= m); likewise B; when beta is 0, C is not read. It is not part of
 * the SPI (layers use the tensor ops), so a backend that has one hands it to the contract.
 */
@FunctionalInterface
public interface RawGemm {
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
              float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
              float beta, float[] c, int cOffset, int ldc);
}
