package io.deadwood.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-threaded packed SGEMM in the Goto/BLIS layout: B is packed into kc x NR column panels,
 * A into MR-tall panels stored k step by k step, and a 6 x (4 vectors) register tile does the
 * FMAs. Packing absorbs every transpose, stride and offset, and the zero padding of the packed
 * panels means the kernel never needs a tail: edge tiles go through a scratch tile.
 *
 * <p>Callers that reuse an operand (convolution weights across a batch) or can produce one
 * already packed (im2col) use {@link #packAFull}, {@link #packBFull} and {@link #gemmPacked}.
 *
 * <p>Every element of C is summed over k in ascending order, kc block by kc block, with the same
 * arithmetic wherever it falls in the tiling. The result therefore does not depend on how the
 * caller splits C between threads.
 */
final class Gemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int MR = 6;
    static final int NR = 4 * L;
    // One kc block covers k up to 1024, so C is read and written once per element instead of once
    // per 512 of k (that pass cost a tenth of the time at n = 1024). A kc x NR sliver of B (256 KiB)
    // streams from L2, and the mc x kc block of A (384 KiB) stays in L2 beside it across one nc
    // block; a taller A block means fewer passes over B, which is larger than L2.
    static final int KC = 1024;
    static final int MC = 16 * MR;
    static final int NC = Math.max(NR, 2048 / NR * NR);

    private Gemm() {
    }

    /** Per-thread packing memory, kept between calls so steady-state calls allocate nothing. */
    static final class Workspace {
        float[] packA = new float[0];
        float[] packB = new float[0];
        final float[] tile = new float[MR * NR];

        float[] packA(int size) {
            if (packA.length < size) packA = new float[size];
            return packA;
        }

        float[] packB(int size) {
            if (packB.length < size) packB = new float[size];
            return packB;
        }
    }

    /** C[m x n] = alpha * op(A) op(B) + beta * C; same contract as {@code ComputeBackend.gemm}. */
    static void gemm(Workspace ws, boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) return;
        if (k <= 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int ncPadded = roundUp(nc, NR);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float[] pb = ws.packB(ncPadded * kc);
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, pb, 0);
                multiplyPackedB(ws, transA, m, nc, kc, pc, alpha, a, aOff, lda, pb, 0, beta, c, cOff + jc, ldc);
            }
        }
    }

    /**
     * Size of B prepacked for {@link #gemmPacked}: for each kc block in turn, the NR-wide panels
     * of all n columns, element (p, j) of a block at {@code (j / NR) * NR * kc + p * NR + j % NR}.
     */
    static int packedBSize(int n, int k) {
        return roundUp(n, NR) * k;
    }

    /** Offset of the kc block that starts at row {@code pc} of a prepacked B with n columns. */
    static int packedBBlock(int n, int pc) {
        return pc * roundUp(n, NR);
    }

    /** C[:, 0..nc) (+)= alpha op(A)[:, pc..pc+kc) x one packed kc block of B. */
    private static void multiplyPackedB(Workspace ws, boolean transA, int m, int nc, int kc, int pc, float alpha,
                                        float[] a, int aOff, int lda, float[] pb, int pbOff,
                                        float beta, float[] c, int cOff, int ldc) {
        for (int ic = 0; ic < m; ic += MC) {
            int mc = Math.min(MC, m - ic);
            float[] pa = ws.packA(roundUp(mc, MR) * kc);
            packA(transA, a, aOff, lda, ic, mc, pc, kc, pa, 0);
            multiplyBlock(ws, mc, nc, kc, pc == 0, alpha, pa, 0, pb, pbOff, beta, c, cOff + ic * ldc, ldc);
        }
    }

    /** Size of A prepacked for {@link #gemmPacked}: MR-tall panels of all m rows, kc block by kc block. */
    static int packedASize(int m, int k) {
        return roundUp(m, MR) * k;
    }

    /** Packs all of op(A) (m x k) for {@link #gemmPacked}; done once when A is reused across calls. */
    static void packAFull(boolean transA, float[] a, int aOff, int lda, int m, int k, float[] pa) {
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            // MC rows at a time, as gemm packs them, keeps the transposed case's write streams few
            for (int ic = 0; ic < m; ic += MC) {
                packA(transA, a, aOff, lda, ic, Math.min(MC, m - ic), pc, kc, pa, pc * roundUp(m, MR) + ic * kc);
            }
        }
    }

    /** Packs all of op(B) (k x n) in the {@link #packedBSize} layout. */
    static void packBFull(boolean transB, float[] b, int bOff, int ldb, int k, int n, float[] pb) {
        for (int pc = 0; pc < k; pc += KC) {
            packB(transB, b, bOff, ldb, pc, Math.min(KC, k - pc), 0, n, pb, packedBBlock(n, pc));
        }
    }

    /**
     * C = alpha op(A) B + beta C with both operands prepacked ({@link #packAFull}, {@link #packBFull}).
     */
    static void gemmPacked(Workspace ws, int m, int n, int k, float alpha, float[] pa, float[] pb,
                           float beta, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) return;
        if (k <= 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        int mPadded = roundUp(m, MR);
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            for (int ic = 0; ic < m; ic += MC) {
                multiplyBlock(ws, Math.min(MC, m - ic), n, kc, pc == 0, alpha, pa, pc * mPadded + ic * kc,
                        pb, packedBBlock(n, pc), beta, c, cOff + ic * ldc, ldc);
            }
        }
    }

    /** The macro-kernel: an mc x kc packed block of A against nc columns of one packed kc block of B. */
    private static void multiplyBlock(Workspace ws, int mc, int nc, int kc, boolean first, float alpha,
                                      float[] pa, int paOff, float[] pb, int pbOff,
                                      float beta, float[] c, int cOff, int ldc) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int bo = pbOff + jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                int ao = paOff + ir * kc;
                if (cols <= L) {
                    kernel1(kc, pa, ao, pb, bo, ws.tile);
                } else if (cols <= 2 * L) {
                    kernel2(kc, pa, ao, pb, bo, ws.tile);
                } else {
                    kernel(kc, pa, ao, pb, bo, ws.tile);
                }
                int ci = cOff + ir * ldc + jr;
                if (rows == MR && cols == NR) {
                    storeFull(ws.tile, c, ci, ldc, alpha, beta, first);
                } else {
                    storeEdge(ws.tile, rows, cols, c, ci, ldc, alpha, beta, first);
                }
            }
        }
    }

    static int roundUp(int x, int to) {
        return (x + to - 1) / to * to;
    }

    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) c[row + j] = beta == 0f ? 0f : beta * c[row + j];
        }
    }

    /** Packs op(B)[pc.., jc..] into NR-wide panels, p-major within a panel, zero-padded to NR. */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] pb, int pbOff) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int dst = pbOff + jr * kc;
            if (!transB) {
                int src = bOff + pc * ldb + jc + jr;
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, src + p * ldb, pb, dst + p * NR, cols);
                    for (int j = cols; j < NR; j++) pb[dst + p * NR + j] = 0f;
                }
            } else {
                // a column of op(B) is a row of B: read 16 of its floats (one cache line), then move
                // to the next column, so the panel rows being written stay in L1
                for (int p0 = 0; p0 < kc; p0 += 16) {
                    int p1 = Math.min(kc, p0 + 16);
                    for (int j = 0; j < cols; j++) {
                        int src = bOff + (jc + jr + j) * ldb + pc;
                        for (int p = p0; p < p1; p++) pb[dst + p * NR + j] = b[src + p];
                    }
                }
                for (int p = 0; p < kc; p++) {
                    for (int j = cols; j < NR; j++) pb[dst + p * NR + j] = 0f;
                }
            }
        }
    }

    /**
     * Packs op(A)[ic.., pc..] into MR-tall panels, zero-padded to MR rows, p-major (element (r, p)
     * of a panel at p*MR + r): the kernel's six broadcasts then read one cache line per k step.
     * Row-major panels (r*kc + p) pack with plain array copies but cost the kernel about a fifth
     * of its speed: six scattered broadcast streams and strides it cannot fold into its addresses.
     */
    private static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc, float[] pa, int paOff) {
        if (!transA) {
            for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                int dst = paOff + ir * kc;
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (ic + ir + r) * lda + pc;
                    for (int p = 0; p < kc; p++) pa[dst + p * MR + r] = a[src + p];
                }
                for (int r = rows; r < MR; r++) {
                    for (int p = 0; p < kc; p++) pa[dst + p * MR + r] = 0f;
                }
            }
            return;
        }
        for (int p = 0; p < kc; p++) {
            int src = aOff + (pc + p) * lda + ic;
            for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                int dst = paOff + ir * kc + p * MR;
                for (int r = 0; r < rows; r++) pa[dst + r] = a[src + ir + r];
                for (int r = rows; r < MR; r++) pa[dst + r] = 0f;
            }
        }
    }

    /** tile[MR x NR] = packed A panel x packed B panel, 24 vector accumulators. */
    private static void kernel(int kc, float[] pa, int ao, float[] pb, int bo, float[] tile) {
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
            int ai = ao + p * MR;
            FloatVector a = FloatVector.broadcast(S, pa[ai]);
            c00 = b0.fma(a, c00); c01 = b1.fma(a, c01); c02 = b2.fma(a, c02); c03 = b3.fma(a, c03);
            a = FloatVector.broadcast(S, pa[ai + 1]);
            c10 = b0.fma(a, c10); c11 = b1.fma(a, c11); c12 = b2.fma(a, c12); c13 = b3.fma(a, c13);
            a = FloatVector.broadcast(S, pa[ai + 2]);
            c20 = b0.fma(a, c20); c21 = b1.fma(a, c21); c22 = b2.fma(a, c22); c23 = b3.fma(a, c23);
            a = FloatVector.broadcast(S, pa[ai + 3]);
            c30 = b0.fma(a, c30); c31 = b1.fma(a, c31); c32 = b2.fma(a, c32); c33 = b3.fma(a, c33);
            a = FloatVector.broadcast(S, pa[ai + 4]);
            c40 = b0.fma(a, c40); c41 = b1.fma(a, c41); c42 = b2.fma(a, c42); c43 = b3.fma(a, c43);
            a = FloatVector.broadcast(S, pa[ai + 5]);
            c50 = b0.fma(a, c50); c51 = b1.fma(a, c51); c52 = b2.fma(a, c52); c53 = b3.fma(a, c53);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L); c02.intoArray(tile, 2 * L); c03.intoArray(tile, 3 * L);
        c10.intoArray(tile, NR); c11.intoArray(tile, NR + L); c12.intoArray(tile, NR + 2 * L); c13.intoArray(tile, NR + 3 * L);
        int t2 = 2 * NR, t3 = 3 * NR, t4 = 4 * NR, t5 = 5 * NR;
        c20.intoArray(tile, t2); c21.intoArray(tile, t2 + L); c22.intoArray(tile, t2 + 2 * L); c23.intoArray(tile, t2 + 3 * L);
        c30.intoArray(tile, t3); c31.intoArray(tile, t3 + L); c32.intoArray(tile, t3 + 2 * L); c33.intoArray(tile, t3 + 3 * L);
        c40.intoArray(tile, t4); c41.intoArray(tile, t4 + L); c42.intoArray(tile, t4 + 2 * L); c43.intoArray(tile, t4 + 3 * L);
        c50.intoArray(tile, t5); c51.intoArray(tile, t5 + L); c52.intoArray(tile, t5 + 2 * L); c53.intoArray(tile, t5 + 3 * L);
    }

    // Narrow panels (the last columns of an awkward n, e.g. 196 = 3 x 64 + 4) would waste most of
    // the full kernel's lanes on zero padding; these read only the first one or two vectors.
    private static void kernel1(int kc, float[] pa, int ao, float[] pb, int bo, float[] tile) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bo + p * NR);
            int ai = ao + p * MR;
            c0 = b0.fma(FloatVector.broadcast(S, pa[ai]), c0);
            c1 = b0.fma(FloatVector.broadcast(S, pa[ai + 1]), c1);
            c2 = b0.fma(FloatVector.broadcast(S, pa[ai + 2]), c2);
            c3 = b0.fma(FloatVector.broadcast(S, pa[ai + 3]), c3);
            c4 = b0.fma(FloatVector.broadcast(S, pa[ai + 4]), c4);
            c5 = b0.fma(FloatVector.broadcast(S, pa[ai + 5]), c5);
        }
        c0.intoArray(tile, 0); c1.intoArray(tile, NR); c2.intoArray(tile, 2 * NR);
        c3.intoArray(tile, 3 * NR); c4.intoArray(tile, 4 * NR); c5.intoArray(tile, 5 * NR);
    }

    private static void kernel2(int kc, float[] pa, int ao, float[] pb, int bo, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
            int ai = ao + p * MR;
            FloatVector a = FloatVector.broadcast(S, pa[ai]);
            c00 = b0.fma(a, c00); c01 = b1.fma(a, c01);
            a = FloatVector.broadcast(S, pa[ai + 1]);
            c10 = b0.fma(a, c10); c11 = b1.fma(a, c11);
            a = FloatVector.broadcast(S, pa[ai + 2]);
            c20 = b0.fma(a, c20); c21 = b1.fma(a, c21);
            a = FloatVector.broadcast(S, pa[ai + 3]);
            c30 = b0.fma(a, c30); c31 = b1.fma(a, c31);
            a = FloatVector.broadcast(S, pa[ai + 4]);
            c40 = b0.fma(a, c40); c41 = b1.fma(a, c41);
            a = FloatVector.broadcast(S, pa[ai + 5]);
            c50 = b0.fma(a, c50); c51 = b1.fma(a, c51);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L);
        c10.intoArray(tile, NR); c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR); c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR); c51.intoArray(tile, 5 * NR + L);
    }

    // Both store paths use the same unfused arithmetic (alpha*acc, then + beta*c or c + ...), so an
    // element gets the same bits whether it lands in a full tile or an edge tile.
    static void storeFull(float[] tile, float[] c, int ci, int ldc, float alpha, float beta, boolean first) {
        for (int r = 0; r < MR; r++) {
            int row = ci + r * ldc;
            for (int v = 0; v < NR; v += L) {
                FloatVector acc = FloatVector.fromArray(S, tile, r * NR + v).mul(alpha);
                if (first) {
                    if (beta != 0f) acc = acc.add(FloatVector.fromArray(S, c, row + v).mul(beta));
                } else {
                    acc = FloatVector.fromArray(S, c, row + v).add(acc);
                }
                acc.intoArray(c, row + v);
            }
        }
    }

    static void storeEdge(float[] tile, int rows, int cols, float[] c, int ci, int ldc,
                                  float alpha, float beta, boolean first) {
        for (int r = 0; r < rows; r++) {
            int row = ci + r * ldc;
            for (int j = 0; j < cols; j++) {
                float acc = alpha * tile[r * NR + j];
                if (first) {
                    c[row + j] = beta == 0f ? acc : acc + beta * c[row + j];
                } else {
                    c[row + j] = c[row + j] + acc;
                }
            }
        }
    }
}
