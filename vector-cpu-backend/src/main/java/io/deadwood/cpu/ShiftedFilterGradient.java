package io.deadwood.cpu;

import static io.deadwood.cpu.Gemm.L;
import static io.deadwood.cpu.Gemm.S;

import io.deadwood.api.backend.Conv2dSpec;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * The filter gradient of a stride-1 convolution, gw[o][(c, u, v)] = sum over samples n and output
 * pixels q of gy[n][o][q] * xPadded[n][c][q shifted by (u, v)], with the vectors running along q,
 * the axis being summed. On the padded-width grid of {@link ShiftedGemm} the shifted x row is a
 * plain slice of the padded sample, and gy is copied onto the same grid with zeros in the junk
 * columns, so neither an im2col matrix nor a transposed gy (the GEMM formulations need one or the
 * other, and at 16 lanes a transpose costs as much as the FMAs of a 3x3 layer) is built.
 *
 * <p>An 8 (o) x 3 (c, u, v) tile keeps 24 vector accumulators, one partial sum per lane, over all
 * the samples of a group (a number fixed by the layer's shape), and adds them to the part's running
 * sums; the lanes of those are added in lane order at the end. Every sum thus has one order
 * whichever part owns the tile: the result is the same on any thread count. (Starting the
 * accumulators from the running sums would save the add, but the loads push the method past what
 * C2 inlines, and its vectors get boxed.) Parts own whole tiles (split over o, or over (c, u, v) when o
 * has too few panels), so there are no partial sums to combine.
 */
final class ShiftedFilterGradient {
    private static final int TO = 8;
    private static final int TC = 3;
    /** Vector accumulators above this many floats (a 512 x 512 x 3 x 3 layer needs 38 M) go to im2col. */
    private static final int MAX_ACCUMULATORS = 1 << 22;
    /**
     * A group's gy rows for one o panel should stay in L1 while its (c, u, v) panels pass over them.
     * The group size depends on the shape only, as it fixes the order of the sums.
     */
    private static final int GROUP_FLOATS = 6 * 1024;

    private ShiftedFilterGradient() {
    }

    /**
     * Deeper than this, the GEMM of {@link ConvFilterGradient} wins: its transpose of gy costs less
     * per FMA as C*K*K grows, while this kernel, with 11 vector loads per 24 FMAs, stays near half
     * the FMA rate (one thread, batch 128: 1x28x28->32 3x3 65 against 25 GFLOP/s; 32x14x14->64
     * 120 against 143).
     */
    private static final int MAX_DEPTH = 64;

    static boolean applies(Conv2dSpec s) {
        int ckk = s.inChannels() * s.kernel() * s.kernel();
        long accumulators = (long) Gemm.roundUp(s.outChannels(), TO) * Gemm.roundUp(ckk, TC) * L;
        return s.stride() == 1 && ckk < MAX_DEPTH && accumulators <= MAX_ACCUMULATORS;
    }

    static void run(WorkerPool pool, Scratch[] scratch, float[] xd, float[] gyd, float[] gwd, Conv2dSpec s) {
        int c = s.inChannels(), k = s.kernel(), kk = k * k, ckk = c * kk, o = s.outChannels();
        int h = s.inHeight(), w = s.inWidth(), pad = s.padding();
        int hp = h + 2 * pad, wp = w + 2 * pad, oh = s.outHeight(), ow = s.outWidth();
        int gridLen = Gemm.roundUp(oh * wp, L);
        // the last (c, u, v) row starts at ((c-1)*hp + k-1)*wp + k-1 and reads gridLen floats
        int xImage = c * hp * wp + k - 1 + gridLen - oh * wp + L;
        int oPanels = (o + TO - 1) / TO, cPanels = (ckk + TC - 1) / TC;
        int[] off = scratch[0].ints(cPanels * TC);
        for (int r = 0; r < cPanels * TC; r++) {
            // rows past ckk read the image's start; their sums are never used
            off[r] = r < ckk ? ((r / kk * hp) + r % kk / k) * wp + r % k : 0;
        }
        boolean splitO = oPanels >= pool.threads();
        int parts = Math.min(pool.threads(), splitO ? oPanels : cPanels);
        int groupSize = Math.max(1, Math.min(s.batch(), GROUP_FLOATS / (TO * gridLen)));
        pool.run(parts, p -> {
            int po0 = splitO ? WorkerPool.start(oPanels, parts, p) : 0;
            int po1 = splitO ? WorkerPool.end(oPanels, parts, p) : oPanels;
            int pc0 = splitO ? 0 : WorkerPool.start(cPanels, parts, p);
            int pc1 = splitO ? cPanels : WorkerPool.end(cPanels, parts, p);
            int tiles = (po1 - po0) * (pc1 - pc0);
            // only the channels that this part's (c, u, v) rows read are copied
            int c0 = pc0 * TC / kk, c1 = Math.min(c, (Math.min(pc1 * TC, ckk) - 1) / kk + 1);
            int rows = (po1 - po0) * TO, gySample = rows * gridLen;
            Scratch sc = scratch[p];
            float[] acc = sc.floats(Scratch.PARTIAL, tiles * TO * TC * L);
            float[] xs = sc.floats(Scratch.IMAGE, groupSize * xImage);
            float[] gs = sc.floats(Scratch.GRID, groupSize * gySample + L);
            Arrays.fill(acc, 0, tiles * TO * TC * L, 0f);
            // padding, junk columns and rows past o stay zero; samples overwrite the inside only
            Arrays.fill(xs, 0, groupSize * xImage, 0f);
            Arrays.fill(gs, 0, groupSize * gySample + L, 0f);
            for (int n0 = 0; n0 < s.batch(); n0 += groupSize) {
                int group = Math.min(groupSize, s.batch() - n0);
                for (int g = 0; g < group; g++) {
                    int n = n0 + g;
                    for (int ic = c0; ic < c1; ic++) {
                        PaddedRows.copy(xd, (n * c + ic) * h * w, w, h, w, xs, g * xImage + (ic * hp + pad) * wp + pad, wp);
                    }
                    for (int r = 0; r < rows && po0 * TO + r < o; r++) {
                        PaddedRows.copy(gyd, (n * o + po0 * TO + r) * oh * ow, ow, oh, ow, gs, g * gySample + r * gridLen, wp);
                    }
                }
                int t = 0;
                for (int po = po0; po < po1; po++) {
                    for (int pc = pc0; pc < pc1; pc++, t++) {
                        int r = pc * TC;
                        tile(group, gridLen, gs, (po - po0) * TO * gridLen, gySample, xs, off[r], off[r + 1], off[r + 2],
                                xImage, sc.gemm.tile);
                        addTile(sc.gemm.tile, acc, t * TO * TC * L);
                    }
                }
            }
            sumLanes(acc, po0, po1, pc0, pc1, o, ckk, gwd);
        });
    }

    /** gw from the lanes of each accumulator, added in lane order. */
    private static void sumLanes(float[] acc, int po0, int po1, int pc0, int pc1, int o, int ckk, float[] gwd) {
        int t = 0;
        for (int po = po0; po < po1; po++) {
            for (int pc = pc0; pc < pc1; pc++, t++) {
                for (int i = 0; i < TO; i++) {
                    for (int j = 0; j < TC; j++) {
                        int oc = po * TO + i, r = pc * TC + j;
                        if (oc >= o || r >= ckk) continue;
                        int at = t * TO * TC * L + (i * TC + j) * L;
                        float sum = 0f;
                        for (int l = 0; l < L; l++) sum += acc[at + l];
                        gwd[oc * ckk + r] = sum;
                    }
                }
            }
        }
    }

    /** sums[at..] += tile, one vector at a time. */
    private static void addTile(float[] tile, float[] sums, int at) {
        for (int i = 0; i < TO * TC * L; i += L) {
            load(sums, at + i).add(load(tile, i)).intoArray(sums, at + i);
        }
    }

    /**
     * One tile over the group's samples, summed from zero into tile (TO x TC vectors): rows go to go + i * gridLen of each gy sample (gyStride
     * apart), the three (c, u, v) rows start at x0, x1, x2 of each x sample (xStride apart).
     */
    private static void tile(int group, int gridLen, float[] gy, int go, int gyStride, float[] x, int x0, int x1, int x2,
                             int xStride, float[] acc) {
        int at;
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a10 = a00, a11 = a00, a12 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a30 = a00, a31 = a00, a32 = a00;
        FloatVector a40 = a00, a41 = a00, a42 = a00, a50 = a00, a51 = a00, a52 = a00;
        FloatVector a60 = a00, a61 = a00, a62 = a00, a70 = a00, a71 = a00, a72 = a00;
        int g1 = gridLen, g2 = 2 * gridLen, g3 = 3 * gridLen, g4 = 4 * gridLen, g5 = 5 * gridLen, g6 = 6 * gridLen, g7 = 7 * gridLen;
        for (int n = 0; n < group; n++) {
            int gb = go + n * gyStride, xb = n * xStride;
            for (int q = 0; q < gridLen; q += L) {
                FloatVector v0 = load(x, xb + x0 + q), v1 = load(x, xb + x1 + q), v2 = load(x, xb + x2 + q);
                int gi = gb + q;
                FloatVector g = load(gy, gi);
                a00 = g.fma(v0, a00); a01 = g.fma(v1, a01); a02 = g.fma(v2, a02);
                g = load(gy, gi + g1);
                a10 = g.fma(v0, a10); a11 = g.fma(v1, a11); a12 = g.fma(v2, a12);
                g = load(gy, gi + g2);
                a20 = g.fma(v0, a20); a21 = g.fma(v1, a21); a22 = g.fma(v2, a22);
                g = load(gy, gi + g3);
                a30 = g.fma(v0, a30); a31 = g.fma(v1, a31); a32 = g.fma(v2, a32);
                g = load(gy, gi + g4);
                a40 = g.fma(v0, a40); a41 = g.fma(v1, a41); a42 = g.fma(v2, a42);
                g = load(gy, gi + g5);
                a50 = g.fma(v0, a50); a51 = g.fma(v1, a51); a52 = g.fma(v2, a52);
                g = load(gy, gi + g6);
                a60 = g.fma(v0, a60); a61 = g.fma(v1, a61); a62 = g.fma(v2, a62);
                g = load(gy, gi + g7);
                a70 = g.fma(v0, a70); a71 = g.fma(v1, a71); a72 = g.fma(v2, a72);
            }
        }
        at = 0;
        a00.intoArray(acc, at); a01.intoArray(acc, at + L); a02.intoArray(acc, at + 2 * L);
        a10.intoArray(acc, at + 3 * L); a11.intoArray(acc, at + 4 * L); a12.intoArray(acc, at + 5 * L);
        a20.intoArray(acc, at + 6 * L); a21.intoArray(acc, at + 7 * L); a22.intoArray(acc, at + 8 * L);
        a30.intoArray(acc, at + 9 * L); a31.intoArray(acc, at + 10 * L); a32.intoArray(acc, at + 11 * L);
        a40.intoArray(acc, at + 12 * L); a41.intoArray(acc, at + 13 * L); a42.intoArray(acc, at + 14 * L);
        a50.intoArray(acc, at + 15 * L); a51.intoArray(acc, at + 16 * L); a52.intoArray(acc, at + 17 * L);
        a60.intoArray(acc, at + 18 * L); a61.intoArray(acc, at + 19 * L); a62.intoArray(acc, at + 20 * L);
        a70.intoArray(acc, at + 21 * L); a71.intoArray(acc, at + 22 * L); a72.intoArray(acc, at + 23 * L);
    }

    private static FloatVector load(float[] a, int at) {
        return FloatVector.fromArray(S, a, at);
    }
}
