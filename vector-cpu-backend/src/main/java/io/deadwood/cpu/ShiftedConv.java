package io.deadwood.cpu;

import io.deadwood.api.backend.Conv2dSpec;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Stride-1 forward and backward-data convolutions on {@link ShiftedGemm}: each sample is copied once
 * into a zero-padded buffer (a 32 x 16 x 16 sample fits in L1) and the kernel reads its B rows from
 * there, so no im2col or col2im copy is made.
 *
 * <p>Backward-data is the same product on gy padded by K-1-pad, with the weights flipped in u and v
 * and their in/out channels swapped (done once per call): gx[c][h][w] is the sum over (o, u', v')
 * of W[o][c][K-1-u'][K-1-v'] * gyPadded[o][h+u'][w+v'].
 *
 * <p>Samples are split statically between parts; a batch smaller than the pool splits each
 * sample's output channels instead. Either way every element is summed in the same order.
 */
final class ShiftedConv {
    /** Grid columns per block: a multiple of NR. */
    private static final int BLOCK = 2 * Gemm.NR;

    private final WorkerPool pool;
    private final Scratch[] scratch;

    ShiftedConv(WorkerPool pool, Scratch[] scratch) {
        this.pool = pool;
        this.scratch = scratch;
    }

    /**
     * Below this many multiply-adds per output the product is bound by writing the output, and the
     * im2col GEMM, which stores its tiles straight into y, was faster (the first layer of convnet,
     * one input channel and a 3x3 kernel: 63 against 54 GFLOP/s on one thread).
     */
    private static final int MIN_DEPTH = 32;

    static boolean appliesForward(Conv2dSpec s) {
        return s.stride() == 1 && s.inChannels() * s.kernel() * s.kernel() >= MIN_DEPTH;
    }

    /** A padding beyond K-1 would need gy cropped rather than padded; im2col handles that. */
    static boolean appliesBackwardData(Conv2dSpec s) {
        return s.stride() == 1 && s.padding() <= s.kernel() - 1
                && s.outChannels() * s.kernel() * s.kernel() >= MIN_DEPTH;
    }

    void forward(float[] xd, float[] wd, float[] bias, float[] yd, Conv2dSpec s) {
        int ckk = s.inChannels() * s.kernel() * s.kernel();
        float[] packed = scratch[0].floats(Scratch.WEIGHTS, Gemm.packedASize(s.outChannels(), ckk));
        Gemm.packAFull(false, wd, 0, ckk, s.outChannels(), ckk, packed);
        run(new Plane(s.batch(), s.inChannels(), s.inHeight(), s.inWidth(), s.padding(), s.kernel()),
                packed, s.outChannels(), bias, xd, yd);
    }

    void backwardData(float[] gyd, float[] wd, float[] gxd, Conv2dSpec s) {
        int k = s.kernel(), kk = k * k, c = s.inChannels(), o = s.outChannels(), okk = o * kk;
        float[] flipped = scratch[0].floats(Scratch.COLUMNS, c * okk);
        for (int oc = 0; oc < o; oc++) {
            for (int ic = 0; ic < c; ic++) {
                int src = (oc * c + ic) * kk;
                int dst = ic * okk + oc * kk;
                for (int t = 0; t < kk; t++) flipped[dst + t] = wd[src + kk - 1 - t];
            }
        }
        float[] packed = scratch[0].floats(Scratch.WEIGHTS, Gemm.packedASize(c, okk));
        Gemm.packAFull(false, flipped, 0, okk, c, okk, packed);
        run(new Plane(s.batch(), o, s.outHeight(), s.outWidth(), k - 1 - s.padding(), k), packed, c, null, gyd, gxd);
    }

    /**
     * The input side of one product: batch images of channels x height x width, zero-padded by pad
     * on each side, under a kernel x kernel window; the output is height+2*pad-kernel+1 rows of
     * width+2*pad-kernel+1, computed on a grid of the padded width.
     */
    private record Plane(int batch, int channels, int height, int width, int pad, int kernel) {
        int paddedHeight() { return height + 2 * pad; }
        int paddedWidth() { return width + 2 * pad; }
        int outHeight() { return paddedHeight() - kernel + 1; }
        int outWidth() { return paddedWidth() - kernel + 1; }
        int gridCols() { return outHeight() * paddedWidth(); }
        int ldo() { return Gemm.roundUp(gridCols(), Gemm.NR); }
        /**
         * The last B row starts at the last offset and reads ldo floats, past the padded image by
         * kernel - 1 + ldo - gridCols; {@link PaddedRows} needs a vector of slack.
         */
        int imageSize() {
            return channels * paddedHeight() * paddedWidth() + kernel - 1 + ldo() - gridCols() + Gemm.L;
        }
    }

    private void run(Plane g, float[] packed, int m, float[] bias, float[] src, float[] dst) {
        int k = g.channels() * g.kernel() * g.kernel();
        int[] off = scratch[0].ints(k);
        int row = 0;
        for (int c = 0; c < g.channels(); c++) {
            for (int u = 0; u < g.kernel(); u++) {
                for (int v = 0; v < g.kernel(); v++) off[row++] = (c * g.paddedHeight() + u) * g.paddedWidth() + v;
            }
        }
        int mPanels = (m + Gemm.MR - 1) / Gemm.MR;
        int threads = pool.threads();
        int slices = g.batch() >= threads ? 1 : Math.min(threads, mPanels);
        int items = g.batch() * slices;
        int parts = Math.min(threads, items);
        int srcSample = g.channels() * g.height() * g.width();
        int dstSample = m * g.outHeight() * g.outWidth();
        pool.run(parts, p -> {
            Scratch sc = scratch[p];
            float[] img = sc.floats(Scratch.IMAGE, g.imageSize());
            // a vector past the last row's end is read (never used) by copyOut
            float[] grid = sc.floats(Scratch.GRID, mPanels * Gemm.MR * g.ldo() + Gemm.L);
            // the padding border and the slack past the image stay zero; samples overwrite the inside only
            Arrays.fill(img, 0, g.imageSize(), 0f);
            int loaded = -1;
            for (int item = WorkerPool.start(items, parts, p); item < WorkerPool.end(items, parts, p); item++) {
                int n = item / slices, slice = item % slices;
                if (n != loaded) {
                    pad(src, n * srcSample, g, img);
                    loaded = n;
                }
                int r0 = WorkerPool.start(mPanels, slices, slice) * Gemm.MR;
                int r1 = WorkerPool.end(mPanels, slices, slice) * Gemm.MR;
                // a block of grid columns at a time, each copied out while it is still in L1: with
                // few FMAs per output (the first layer's k = 9) the output's trips to L2 would dominate
                int done = 0;
                for (int q = 0; q < g.gridCols(); q += BLOCK) {
                    int q1 = Math.min(g.gridCols(), q + BLOCK);
                    ShiftedGemm.multiply(packed, m, k, off, img, q, q1, r0, r1, grid, g.ldo());
                    int rows = q1 == g.gridCols() ? g.outHeight() : q1 / g.paddedWidth();
                    copyOut(grid, g, done, rows, r0, Math.min(r1, m), bias, dst, n * dstSample);
                    done = rows;
                }
            }
        });
    }

    private static void pad(float[] src, int srcOff, Plane g, float[] img) {
        int h = g.height(), w = g.width(), wp = g.paddedWidth(), hp = g.paddedHeight(), pad = g.pad();
        for (int c = 0; c < g.channels(); c++) {
            PaddedRows.copy(src, srcOff + c * h * w, w, h, w, img, (c * hp + pad) * wp + pad, wp);
        }
    }

    /**
     * Output rows [i0, i1) of channels [r0, r1) without the grid's junk columns, plus the bias when
     * there is one. With a small kernel there are few FMAs per output, so this copy has to be
     * vectorised too. Masked stores take a slow path, so rows are written with whole vectors: the
     * last one of a row overlaps the one before (it rewrites the same values), and in a row
     * narrower than a vector it spills into the rows below, which are written afterwards. A channel's
     * last rows, whose spill would reach the next channel (already written), are copied lane by lane.
     */
    private static void copyOut(float[] grid, Plane g, int i0, int i1, int r0, int r1, float[] bias,
                                float[] dst, int dstOff) {
        int oh = g.outHeight(), ow = g.outWidth(), wp = g.paddedWidth(), ldo = g.ldo(), l = Gemm.L;
        int last = ow >= l ? ow - l : 0;
        for (int r = r0; r < r1; r++) {
            float bv = bias == null ? 0f : bias[r];
            FloatVector b = FloatVector.broadcast(Gemm.S, bv);
            for (int i = i0; i < i1; i++) {
                int from = r * ldo + i * wp, to = dstOff + (r * oh + i) * ow;
                if ((oh - i) * ow < l) {
                    for (int j = 0; j < ow; j++) dst[to + j] = bias == null ? grid[from + j] : grid[from + j] + bv;
                    continue;
                }
                for (int j = 0; ; j = Math.min(j + l, last)) {
                    FloatVector v = FloatVector.fromArray(Gemm.S, grid, from + j);
                    if (bias != null) v = v.add(b);
                    v.intoArray(dst, to + j);
                    if (j == last) break;
                }
            }
        }
    }
}
