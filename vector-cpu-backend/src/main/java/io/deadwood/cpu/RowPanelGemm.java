package io.deadwood.cpu;

import static io.deadwood.cpu.Gemm.L;
import static io.deadwood.cpu.Gemm.MR;
import static io.deadwood.cpu.Gemm.NR;
import static io.deadwood.cpu.Gemm.S;

import jdk.incubator.vector.FloatVector;

/**
 * C = alpha A B + beta C for an A that is a plain row-major matrix (rows zero-padded to a multiple
 * of MR) and a B packed by {@link Gemm#packBFull}, with k in one block (k <= {@link Gemm#KC}).
 *
 * <p>This is for the convolution filter gradient, whose A is the im2col matrix: im2col writes it
 * in this layout directly, while {@link Gemm}'s k-step-major panels would need a packing pass
 * that costs as much as the im2col (on one thread the 32x14x14->64 filter gradient ran at 0.46
 * of the ceiling that way, 0.58 with this). Its kernel reads A's six rows kc apart, which costs
 * about a fifth of {@link Gemm}'s kernel speed; here the saved pass is worth more.
 */
final class RowPanelGemm {
    private RowPanelGemm() {
    }

    static void multiply(Gemm.Workspace ws, int m, int n, int k, float alpha, float[] a, float[] pb,
                         float beta, float[] c, int cOff, int ldc) {
        if (k > Gemm.KC) throw new IllegalArgumentException("k = " + k + " > " + Gemm.KC);
        for (int ic = 0; ic < m; ic += Gemm.MC) {
            int mc = Math.min(Gemm.MC, m - ic);
            for (int jr = 0; jr < n; jr += NR) {
                int cols = Math.min(NR, n - jr);
                for (int ir = 0; ir < mc; ir += MR) {
                    int rows = Math.min(MR, mc - ir);
                    kernel(k, a, (ic + ir) * k, pb, jr * k, ws.tile);
                    int ci = cOff + (ic + ir) * ldc + jr;
                    if (rows == MR && cols == NR) {
                        Gemm.storeFull(ws.tile, c, ci, ldc, alpha, beta, true);
                    } else {
                        Gemm.storeEdge(ws.tile, rows, cols, c, ci, ldc, alpha, beta, true);
                    }
                }
            }
        }
    }

    /** tile[MR x NR] = rows ao.. of A (kc apart) x one packed B panel; B's zero padding covers narrow n. */
    private static void kernel(int kc, float[] a, int ao, float[] pb, int bo, float[] tile) {
        int r1 = kc, r2 = 2 * kc, r3 = 3 * kc, r4 = 4 * kc, r5 = 5 * kc;
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00, c43 = c00;
        FloatVector c50 = c00, c51 = c00, c52 = c00, c53 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, pb, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, pb, bi + 3 * L);
            int ai = ao + p;
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02); c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(S, a[ai + r1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12); c13 = b3.fma(x, c13);
            x = FloatVector.broadcast(S, a[ai + r2]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21); c22 = b2.fma(x, c22); c23 = b3.fma(x, c23);
            x = FloatVector.broadcast(S, a[ai + r3]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31); c32 = b2.fma(x, c32); c33 = b3.fma(x, c33);
            x = FloatVector.broadcast(S, a[ai + r4]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41); c42 = b2.fma(x, c42); c43 = b3.fma(x, c43);
            x = FloatVector.broadcast(S, a[ai + r5]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51); c52 = b2.fma(x, c52); c53 = b3.fma(x, c53);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L); c02.intoArray(tile, 2 * L); c03.intoArray(tile, 3 * L);
        c10.intoArray(tile, NR); c11.intoArray(tile, NR + L); c12.intoArray(tile, NR + 2 * L); c13.intoArray(tile, NR + 3 * L);
        int t2 = 2 * NR, t3 = 3 * NR, t4 = 4 * NR, t5 = 5 * NR;
        c20.intoArray(tile, t2); c21.intoArray(tile, t2 + L); c22.intoArray(tile, t2 + 2 * L); c23.intoArray(tile, t2 + 3 * L);
        c30.intoArray(tile, t3); c31.intoArray(tile, t3 + L); c32.intoArray(tile, t3 + 2 * L); c33.intoArray(tile, t3 + 3 * L);
        c40.intoArray(tile, t4); c41.intoArray(tile, t4 + L); c42.intoArray(tile, t4 + 2 * L); c43.intoArray(tile, t4 + 3 * L);
        c50.intoArray(tile, t5); c51.intoArray(tile, t5 + L); c52.intoArray(tile, t5 + 2 * L); c53.intoArray(tile, t5 + 3 * L);
    }
}
