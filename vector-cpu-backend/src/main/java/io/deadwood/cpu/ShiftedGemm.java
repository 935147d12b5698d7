package io.deadwood.cpu;

import static io.deadwood.cpu.Gemm.L;
import static io.deadwood.cpu.Gemm.MR;
import static io.deadwood.cpu.Gemm.NR;
import static io.deadwood.cpu.Gemm.S;

import jdk.incubator.vector.FloatVector;

/**
 * An implicit GEMM whose B operand is never built: row k of B is a zero-padded image read in place
 * from offset off[k], so out[r][q] = sum over k of A[r][k] * img[off[k] + q]. For a stride-1
 * convolution over an image padded to width Wp, off[(c, u, v)] = (c * Hp + u) * Wp + v makes q run
 * over the output on a grid Wp wide; the 2 * pad columns at the end of each grid row are junk that
 * the caller drops. This replaces im2col, which copied the image K*K times per sample.
 *
 * <p>A is packed by {@link Gemm#packAFull} (k step by k step), and the same 6 x 64 register tile as
 * {@link Gemm} does the FMAs. Every element is summed over k in ascending order, kc block by kc
 * block (the accumulators start from the sums of the blocks before), whatever rows or columns a
 * caller asks for, so splitting the rows between threads does not change the result.
 */
final class ShiftedGemm {
    private ShiftedGemm() {
    }

    /**
     * out[r][q] for rows [r0, r1) (multiples of MR; r1 at most m rounded up to MR) and columns
     * [q0, q1) (q0 a multiple of NR). out has rows of length ldo >= q1 rounded up to NR, and m
     * rounded up to MR rows; img must hold max(off) + ldo floats. Columns up to q1 rounded up to NR
     * and rows past m come out as junk.
     */
    static void multiply(float[] pa, int m, int k, int[] off, float[] img, int q0, int q1,
                         int r0, int r1, float[] out, int ldo) {
        int mPadded = Gemm.roundUp(m, MR);
        for (int jr = q0; jr < q1; jr += NR) {
            int width = q1 - jr;
            int span = width <= L ? L : width <= 2 * L ? 2 * L : NR;
            // zeroed just before use, so the accumulators load it from L1
            for (int r = r0; r < r1; r++) java.util.Arrays.fill(out, r * ldo + jr, r * ldo + jr + span, 0f);
            for (int pc = 0; pc < k; pc += Gemm.KC) {
                int kc = Math.min(Gemm.KC, k - pc);
                for (int ir = r0; ir < r1; ir += MR) {
                    int ao = pc * mPadded + ir * kc;
                    int co = ir * ldo + jr;
                    if (span == L) {
                        kernel1(kc, pa, ao, off, pc, img, jr, out, co, ldo);
                    } else if (span == 2 * L) {
                        kernel2(kc, pa, ao, off, pc, img, jr, out, co, ldo);
                    } else {
                        kernel4(kc, pa, ao, off, pc, img, jr, out, co, ldo);
                    }
                }
            }
        }
    }

    private static void kernel4(int kc, float[] pa, int ao, int[] off, int pc, float[] img, int q,
                                float[] out, int co, int ldo) {
        int o1 = co + ldo, o2 = o1 + ldo, o3 = o2 + ldo, o4 = o3 + ldo, o5 = o4 + ldo;
        FloatVector c00 = load(out, co), c01 = load(out, co + L), c02 = load(out, co + 2 * L), c03 = load(out, co + 3 * L);
        FloatVector c10 = load(out, o1), c11 = load(out, o1 + L), c12 = load(out, o1 + 2 * L), c13 = load(out, o1 + 3 * L);
        FloatVector c20 = load(out, o2), c21 = load(out, o2 + L), c22 = load(out, o2 + 2 * L), c23 = load(out, o2 + 3 * L);
        FloatVector c30 = load(out, o3), c31 = load(out, o3 + L), c32 = load(out, o3 + 2 * L), c33 = load(out, o3 + 3 * L);
        FloatVector c40 = load(out, o4), c41 = load(out, o4 + L), c42 = load(out, o4 + 2 * L), c43 = load(out, o4 + 3 * L);
        FloatVector c50 = load(out, o5), c51 = load(out, o5 + L), c52 = load(out, o5 + 2 * L), c53 = load(out, o5 + 3 * L);
        for (int p = 0; p < kc; p++) {
            int bi = off[pc + p] + q;
            FloatVector b0 = FloatVector.fromArray(S, img, bi);
            FloatVector b1 = FloatVector.fromArray(S, img, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, img, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, img, bi + 3 * L);
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
        c00.intoArray(out, co); c01.intoArray(out, co + L); c02.intoArray(out, co + 2 * L); c03.intoArray(out, co + 3 * L);
        c10.intoArray(out, o1); c11.intoArray(out, o1 + L); c12.intoArray(out, o1 + 2 * L); c13.intoArray(out, o1 + 3 * L);
        c20.intoArray(out, o2); c21.intoArray(out, o2 + L); c22.intoArray(out, o2 + 2 * L); c23.intoArray(out, o2 + 3 * L);
        c30.intoArray(out, o3); c31.intoArray(out, o3 + L); c32.intoArray(out, o3 + 2 * L); c33.intoArray(out, o3 + 3 * L);
        c40.intoArray(out, o4); c41.intoArray(out, o4 + L); c42.intoArray(out, o4 + 2 * L); c43.intoArray(out, o4 + 3 * L);
        c50.intoArray(out, o5); c51.intoArray(out, o5 + L); c52.intoArray(out, o5 + 2 * L); c53.intoArray(out, o5 + 3 * L);
    }

    // The last columns of a grid that ends one or two vectors into its final panel (an 8 x 8 image
    // padded to width 10 gives 80 columns: 64 + 16) would waste most of the wide tile on junk.
    private static void kernel1(int kc, float[] pa, int ao, int[] off, int pc, float[] img, int q,
                                float[] out, int co, int ldo) {
        int o1 = co + ldo, o2 = o1 + ldo, o3 = o2 + ldo, o4 = o3 + ldo, o5 = o4 + ldo;
        FloatVector c0 = load(out, co), c1 = load(out, o1), c2 = load(out, o2);
        FloatVector c3 = load(out, o3), c4 = load(out, o4), c5 = load(out, o5);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, img, off[pc + p] + q);
            int ai = ao + p * MR;
            c0 = b0.fma(FloatVector.broadcast(S, pa[ai]), c0);
            c1 = b0.fma(FloatVector.broadcast(S, pa[ai + 1]), c1);
            c2 = b0.fma(FloatVector.broadcast(S, pa[ai + 2]), c2);
            c3 = b0.fma(FloatVector.broadcast(S, pa[ai + 3]), c3);
            c4 = b0.fma(FloatVector.broadcast(S, pa[ai + 4]), c4);
            c5 = b0.fma(FloatVector.broadcast(S, pa[ai + 5]), c5);
        }
        c0.intoArray(out, co); c1.intoArray(out, o1); c2.intoArray(out, o2);
        c3.intoArray(out, o3); c4.intoArray(out, o4); c5.intoArray(out, o5);
    }

    private static void kernel2(int kc, float[] pa, int ao, int[] off, int pc, float[] img, int q,
                                float[] out, int co, int ldo) {
        int o1 = co + ldo, o2 = o1 + ldo, o3 = o2 + ldo, o4 = o3 + ldo, o5 = o4 + ldo;
        FloatVector c00 = load(out, co), c01 = load(out, co + L), c10 = load(out, o1), c11 = load(out, o1 + L);
        FloatVector c20 = load(out, o2), c21 = load(out, o2 + L), c30 = load(out, o3), c31 = load(out, o3 + L);
        FloatVector c40 = load(out, o4), c41 = load(out, o4 + L), c50 = load(out, o5), c51 = load(out, o5 + L);
        for (int p = 0; p < kc; p++) {
            int bi = off[pc + p] + q;
            FloatVector b0 = FloatVector.fromArray(S, img, bi);
            FloatVector b1 = FloatVector.fromArray(S, img, bi + L);
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
        c00.intoArray(out, co); c01.intoArray(out, co + L); c10.intoArray(out, o1); c11.intoArray(out, o1 + L);
        c20.intoArray(out, o2); c21.intoArray(out, o2 + L); c30.intoArray(out, o3); c31.intoArray(out, o3 + L);
        c40.intoArray(out, o4); c41.intoArray(out, o4 + L); c50.intoArray(out, o5); c51.intoArray(out, o5 + L);
    }

    private static FloatVector load(float[] a, int at) {
        return FloatVector.fromArray(S, a, at);
    }
}
