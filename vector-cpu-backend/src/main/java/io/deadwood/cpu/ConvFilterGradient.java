package io.deadwood.cpu;

import io.deadwood.api.backend.Conv2dSpec;
import java.util.Arrays;

/**
 * The filter gradient of a convolution as gw^T = sum over samples of col x gy^T, where col is the
 * sample's im2col matrix [C*K*K, OH*OW]. Taking col as the A operand is what makes this fast:
 * col is A (written by im2col in place when a sample's pixels fit one k block, see
 * {@link RowPanelGemm}), while the transposing pack falls on gy, which is O/(C*K*K) the size (a
 * ninth or less for a 3x3 layer whose channels do not shrink). Putting col on the B side instead
 * would transpose all of it for every sample.
 *
 * <p>The batch is cut into {@link #GROUPS} slices whatever the thread count; each slice is summed
 * in sample order into its own [C*K*K, O] buffer, by whichever part owns it, and the buffers are
 * then added in slice order while transposing into gw, so the sum has one order on any thread count.
 */
final class ConvFilterGradient {
    /** Slices of the batch: enough for two or four threads; each costs a C*K*K x O buffer. */
    static final int GROUPS = 4;

    private ConvFilterGradient() {
    }

    /** True when this scheme beats the B-side one: the transposing pack is then the smaller. */
    static boolean applies(Conv2dSpec s) {
        return s.inChannels() * s.kernel() * s.kernel() >= s.outChannels();
    }

    static void run(WorkerPool pool, Scratch[] scratch, float[] xd, float[] gyd, float[] gwd, Conv2dSpec s) {
        int ckk = s.inChannels() * s.kernel() * s.kernel();
        int ohw = s.outHeight() * s.outWidth();
        int o = s.outChannels();
        int xSample = s.inChannels() * s.inHeight() * s.inWidth();
        int batch = s.batch();
        int groups = Math.min(GROUPS, batch);
        int parts = Math.min(pool.threads(), groups);
        float[] partials = scratch[0].floats(Scratch.GRID, groups * ckk * o);
        pool.run(parts, p -> {
            Scratch sc = scratch[p];
            float[] packedCol = sc.floats(Scratch.PACKED, Gemm.packedASize(ckk, ohw));
            float[] packedGyT = sc.gemm.packB(Gemm.packedBSize(o, ohw));
            // with one k block, im2col writes A as RowPanelGemm reads it: rows padded with zeros to MR
            boolean direct = ohw <= Gemm.KC;
            if (direct) Arrays.fill(packedCol, ckk * ohw, Gemm.roundUp(ckk, Gemm.MR) * ohw, 0f);
            for (int group = WorkerPool.start(groups, parts, p); group < WorkerPool.end(groups, parts, p); group++) {
                int from = WorkerPool.start(batch, groups, group), to = WorkerPool.end(batch, groups, group);
                for (int n = from; n < to; n++) {
                    float beta = n == from ? 0f : 1f;
                    Gemm.packBFull(true, gyd, n * o * ohw, ohw, ohw, o, packedGyT);
                    if (direct) {
                        ConvOps.im2col(xd, n * xSample, s, packedCol);
                        RowPanelGemm.multiply(sc.gemm, ckk, o, ohw, 1f, packedCol, packedGyT, beta,
                                partials, group * ckk * o, o);
                        continue;
                    }
                    float[] col = sc.floats(Scratch.COLUMNS, ckk * ohw);
                    ConvOps.im2col(xd, n * xSample, s, col);
                    Gemm.packAFull(false, col, 0, ohw, ckk, ohw, packedCol);
                    Gemm.gemmPacked(sc.gemm, ckk, o, ohw, 1f, packedCol, packedGyT, beta,
                            partials, group * ckk * o, o);
                }
            }
        });
        // gw[oc][r] = partial_0[r][oc] + partial_1[r][oc] + ..., split over output channels
        pool.forRange(o, 8, (part, from, to) -> {
            for (int oc = from; oc < to; oc++) {
                for (int r = 0; r < ckk; r++) gwd[oc * ckk + r] = partials[r * o + oc];
            }
            for (int q = 1; q < groups; q++) {
                int base = q * ckk * o;
                for (int oc = from; oc < to; oc++) {
                    for (int r = 0; r < ckk; r++) gwd[oc * ckk + r] += partials[base + r * o + oc];
                }
            }
        });
    }
}
