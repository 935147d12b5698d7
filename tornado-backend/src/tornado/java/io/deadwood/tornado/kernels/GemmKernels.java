package io.deadwood.tornado.kernels;

import static io.deadwood.tornado.kernels.KernelArgs.O0;
import static io.deadwood.tornado.kernels.KernelArgs.O1;
import static io.deadwood.tornado.kernels.KernelArgs.O2;
import static io.deadwood.tornado.kernels.KernelArgs.O3;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * C = alpha * op(A) op(B) + beta * C (+ bias per column), as one tiled kernel: each work group
 * computes a TILE x TILE block of C, walking k in steps of TILE through two tiles in local memory.
 * A, B and C are dense (lda = columns); op(A) is m x k, op(B) is k x n. Every thread sums its k terms
 * in the same order on every call, so results are bit-identical between calls.
 */
public final class GemmKernels {
    /** Edge of the square tile and of the work group. */
    public static final int TILE = 16;

    // ip: 0 m, 1 n, 2 k, 3 transA, 4 transB, 5 beta != 0, 6 has bias; A, B, bias, C at O0-O3; fp: 0 alpha, 1 beta
    public static final int M = 0, N = 1, K = 2, TRANS_A = 3, TRANS_B = 4, READ_C = 5, HAS_BIAS = 6;

    private GemmKernels() {
    }

    public static void gemm(KernelContext ctx, IntArray ip, FloatArray fp, FloatArray mem) {
        int m = ip.get(M);
        int n = ip.get(N);
        int k = ip.get(K);
        int transA = ip.get(TRANS_A);
        int transB = ip.get(TRANS_B);
        int a = ip.get(O0);
        int b = ip.get(O1);
        int c = ip.get(O3);
        int lr = ctx.localIdx;
        int lc = ctx.localIdy;
        int row = ctx.groupIdx * TILE + lr;
        int col = ctx.groupIdy * TILE + lc;
        float[] as = ctx.allocateFloatLocalArray(TILE * TILE);
        float[] bs = ctx.allocateFloatLocalArray(TILE * TILE);
        float sum = 0f;
        for (int t = 0; t < k; t += TILE) {
            int ak = t + lc;
            float av = 0f;
            if (row < m && ak < k) {
                av = transA == 1 ? mem.get(a + ak * m + row) : mem.get(a + row * k + ak);
            }
            as[lr * TILE + lc] = av;
            int bk = t + lr;
            float bv = 0f;
            if (col < n && bk < k) {
                bv = transB == 1 ? mem.get(b + col * k + bk) : mem.get(b + bk * n + col);
            }
            bs[lr * TILE + lc] = bv;
            ctx.localBarrier();
            for (int q = 0; q < TILE; q++) {
                sum += as[lr * TILE + q] * bs[q * TILE + lc];
            }
            ctx.localBarrier();
        }
        if (row < m && col < n) {
            float v = fp.get(0) * sum;
            if (ip.get(READ_C) == 1) {
                v += fp.get(1) * mem.get(c + row * n + col);
            }
            if (ip.get(HAS_BIAS) == 1) {
                v += mem.get(ip.get(O2) + col);
            }
            mem.set(c + row * n + col, v);
        }
    }

    /** out[j] = sum over rows i of x[i, j] (x is rows x cols), in row order. ip: 0 rows, 1 cols; x, out at O0, O1. */
    public static void columnSums(KernelContext ctx, IntArray ip, FloatArray mem) {
        int j = ctx.globalIdx;
        int rows = ip.get(0);
        int cols = ip.get(1);
        if (j < cols) {
            int x = ip.get(O0);
            double s = 0;
            for (int i = 0; i < rows; i++) {
                s += mem.get(x + i * cols + j);
            }
            mem.set(ip.get(O1) + j, (float) s);
        }
    }
}
