package io.deadwood.cpu;

import io.deadwood.api.backend.Conv2dSpec;
import io.deadwood.api.tensor.Tensor;
import java.util.Arrays;

/**
 * Stride-1 convolutions with enough multiply-adds per output go to {@link ShiftedConv}, and
 * shallow stride-1 filter gradients to {@link ShiftedFilterGradient}; neither builds a column
 * matrix. The rest are lowered to GEMM one sample at a time: im2col gives a [C*K*K, OH*OW] column matrix,
 * so forward is W[O, CKK] x col, backward-data is W^T x gy followed by col2im, and backward-filter
 * is gy x col^T summed over the batch. Samples are split statically between parts, and the weights
 * are packed once per call; a batch smaller than the pool falls back to one sample at a time with
 * the GEMM itself split.
 */
final class ConvOps {
    private final WorkerPool pool;
    private final Scratch[] scratch;
    private final GemmDriver driver;
    private final ShiftedConv shifted;

    ConvOps(WorkerPool pool, Scratch[] scratch, GemmDriver driver) {
        this.pool = pool;
        this.scratch = scratch;
        this.driver = driver;
        this.shifted = new ShiftedConv(pool, scratch);
    }

    /** A 1x1 kernel with stride 1 and no padding reads x as it is: no column copy is needed. */
    private static boolean isPointwise(Conv2dSpec s) {
        return s.kernel() == 1 && s.stride() == 1 && s.padding() == 0;
    }

    void forward(Tensor x, Tensor w, Tensor bias, Tensor y, Conv2dSpec s) {
        int ckk = s.inChannels() * s.kernel() * s.kernel();
        int ohw = s.outHeight() * s.outWidth();
        int o = s.outChannels();
        float[] xd = x.data(), wd = w.data(), yd = y.data();
        int xSample = s.inChannels() * s.inHeight() * s.inWidth();
        if (ShiftedConv.appliesForward(s)) {
            shifted.forward(xd, wd, bias == null ? null : bias.data(), yd, s);
            return;
        }
        if (s.batch() >= pool.threads()) {
            // W is packed once for the whole batch, and im2col writes straight into the GEMM's
            // packed-panel layout: one pass over the columns instead of a copy and a repack
            float[] packedW = scratch[0].floats(Scratch.WEIGHTS, Gemm.packedASize(o, ckk));
            Gemm.packAFull(false, wd, 0, ckk, o, ckk, packedW);
            int parts = pool.threads();
            pool.run(parts, p -> {
                Scratch sc = scratch[p];
                float[] packed = sc.floats(Scratch.COLUMNS, Gemm.packedBSize(ohw, ckk));
                for (int n = WorkerPool.start(s.batch(), parts, p); n < WorkerPool.end(s.batch(), parts, p); n++) {
                    im2colPacked(xd, n * xSample, s, packed);
                    Gemm.gemmPacked(sc.gemm, o, ohw, ckk, 1f, packedW, packed, 0f, yd, n * o * ohw, ohw);
                    addBias(bias, yd, n, o, ohw);
                }
            });
            return;
        }
        for (int n = 0; n < s.batch(); n++) {
            float[] col = xd;
            int colOff = n * xSample;
            if (!isPointwise(s)) {
                col = scratch[0].floats(Scratch.COLUMNS, ckk * ohw);
                colOff = 0;
                im2col(xd, n * xSample, s, col);
            }
            driver.gemm(false, false, o, ohw, ckk, 1f, wd, 0, ckk, col, colOff, ohw, 0f, yd, n * o * ohw, ohw);
            addBias(bias, yd, n, o, ohw);
        }
    }

    private static void addBias(Tensor bias, float[] yd, int n, int o, int ohw) {
        if (bias == null) return;
        float[] bd = bias.data();
        for (int oc = 0; oc < o; oc++) {
            int base = (n * o + oc) * ohw;
            float bv = bd[oc];
            for (int i = 0; i < ohw; i++) yd[base + i] += bv;
        }
    }

    void backwardData(Tensor gy, Tensor w, Tensor gx, Conv2dSpec s) {
        int ckk = s.inChannels() * s.kernel() * s.kernel();
        int ohw = s.outHeight() * s.outWidth();
        int o = s.outChannels();
        float[] gyd = gy.data(), wd = w.data(), gxd = gx.data();
        int xSample = s.inChannels() * s.inHeight() * s.inWidth();
        if (ShiftedConv.appliesBackwardData(s)) {
            shifted.backwardData(gyd, wd, gxd, s);
            return;
        }
        if (s.batch() >= pool.threads()) {
            float[] packedWt = scratch[0].floats(Scratch.WEIGHTS, Gemm.packedASize(ckk, o));
            Gemm.packAFull(true, wd, 0, ckk, ckk, o, packedWt);
            int parts = pool.threads();
            pool.run(parts, p -> {
                Scratch sc = scratch[p];
                // gemmPacked never touches the workspace's own B buffer, so gy can be packed into it
                float[] packedGy = sc.gemm.packB(Gemm.packedBSize(ohw, o));
                for (int n = WorkerPool.start(s.batch(), parts, p); n < WorkerPool.end(s.batch(), parts, p); n++) {
                    Gemm.packBFull(false, gyd, n * o * ohw, ohw, o, ohw, packedGy);
                    if (isPointwise(s)) {
                        Gemm.gemmPacked(sc.gemm, ckk, ohw, o, 1f, packedWt, packedGy, 0f, gxd, n * xSample, ohw);
                    } else {
                        float[] col = sc.floats(Scratch.COLUMNS, ckk * ohw);
                        Gemm.gemmPacked(sc.gemm, ckk, ohw, o, 1f, packedWt, packedGy, 0f, col, 0, ohw);
                        col2im(col, s, gxd, n * xSample);
                    }
                }
            });
            return;
        }
        for (int n = 0; n < s.batch(); n++) {
            if (isPointwise(s)) {
                driver.gemm(true, false, ckk, ohw, o, 1f, wd, 0, ckk, gyd, n * o * ohw, ohw, 0f, gxd, n * xSample, ohw);
            } else {
                float[] col = scratch[0].floats(Scratch.COLUMNS, ckk * ohw);
                driver.gemm(true, false, ckk, ohw, o, 1f, wd, 0, ckk, gyd, n * o * ohw, ohw, 0f, col, 0, ohw);
                col2im(col, s, gxd, n * xSample);
            }
        }
    }

    void backwardFilter(Tensor x, Tensor gy, Tensor gw, Tensor gbias, Conv2dSpec s) {
        int ckk = s.inChannels() * s.kernel() * s.kernel();
        int ohw = s.outHeight() * s.outWidth();
        int o = s.outChannels();
        float[] xd = x.data(), gyd = gy.data(), gwd = gw.data();
        int xSample = s.inChannels() * s.inHeight() * s.inWidth();
        int batch = s.batch();
        if (ShiftedFilterGradient.applies(s)) {
            ShiftedFilterGradient.run(pool, scratch, xd, gyd, gwd, s);
            biasGradient(gyd, gbias, batch, o, ohw);
            return;
        }
        if (!isPointwise(s) && ConvFilterGradient.applies(s)) {
            ConvFilterGradient.run(pool, scratch, xd, gyd, gwd, s);
            biasGradient(gyd, gbias, batch, o, ohw);
            return;
        }
        int groups = Math.min(ConvFilterGradient.GROUPS, batch);
        int parts = batch >= pool.threads() ? Math.min(pool.threads(), groups) : 1;
        // The batch is cut into a fixed number of slices whatever the thread count; each is summed
        // in sample order (slice 0 straight into gw, the others into buffers), and the buffers are
        // added in slice order, so the sum has one order on any thread count.
        float[] partials = scratch[0].floats(Scratch.GRID, (groups - 1) * o * ckk);
        pool.run(parts, p -> {
            Scratch sc = scratch[p];
            GemmCall gemm = parts == 1 ? driver::gemm : (ta, tb, m, n, k, al, a, ao, la, b, bo, lb, be, c, co, lc) ->
                    Gemm.gemm(sc.gemm, ta, tb, m, n, k, al, a, ao, la, b, bo, lb, be, c, co, lc);
            for (int group = WorkerPool.start(groups, parts, p); group < WorkerPool.end(groups, parts, p); group++) {
                float[] target = group == 0 ? gwd : partials;
                int at = group == 0 ? 0 : (group - 1) * o * ckk;
                int from = WorkerPool.start(batch, groups, group), to = WorkerPool.end(batch, groups, group);
                for (int n = from; n < to; n++) {
                    float beta = n == from ? 0f : 1f;
                    if (isPointwise(s)) {
                        gemm.run(false, true, o, ckk, ohw, 1f, gyd, n * o * ohw, ohw, xd, n * xSample, ohw, beta, target, at, ckk);
                    } else {
                        float[] col = sc.floats(Scratch.COLUMNS, ckk * ohw);
                        im2col(xd, n * xSample, s, col);
                        gemm.run(false, true, o, ckk, ohw, 1f, gyd, n * o * ohw, ohw, col, 0, ohw, beta, target, at, ckk);
                    }
                }
            }
        });
        for (int g = 1; g < groups; g++) {
            int at = (g - 1) * o * ckk;
            for (int i = 0; i < o * ckk; i++) gwd[i] += partials[at + i];
        }
        biasGradient(gyd, gbias, batch, o, ohw);
    }

    private void biasGradient(float[] gyd, Tensor gbias, int batch, int o, int ohw) {
        if (gbias != null) {
            float[] gb = gbias.data();
            pool.forRange(o, 8, (part, from, to) -> {
                for (int oc = from; oc < to; oc++) {
                    double sum = 0;
                    for (int n = 0; n < batch; n++) sum += Kernels.sum(gyd, (n * o + oc) * ohw, ohw);
                    gb[oc] = (float) sum;
                }
            });
        }
    }

    /** col[(c*K+u)*K+v][i*OW+j] = x[c, i*stride-pad+u, j*stride-pad+v], zero outside the image. */
    static void im2col(float[] x, int xOff, Conv2dSpec s, float[] col) {
        int k = s.kernel(), st = s.stride(), pad = s.padding();
        int h = s.inHeight(), w = s.inWidth(), oh = s.outHeight(), ow = s.outWidth();
        int row = 0;
        for (int c = 0; c < s.inChannels(); c++) {
            int plane = xOff + c * h * w;
            for (int u = 0; u < k; u++) {
                for (int v = 0; v < k; v++, row++) {
                    int dst = row * oh * ow;
                    if (st == 1 && ow == w) {
                        SameWidth span = SameWidth.of(h, w, oh, u - pad, v - pad);
                        if (span.empty()) {
                            Arrays.fill(col, dst, dst + oh * ow, 0f);
                            continue;
                        }
                        Arrays.fill(col, dst, dst + span.q0(), 0f);
                        System.arraycopy(x, plane + span.src(), col, dst + span.q0(), span.q1() - span.q0());
                        Arrays.fill(col, dst + span.q1(), dst + oh * ow, 0f);
                        for (int i = span.iLo(); i < span.iHi(); i++) {
                            Arrays.fill(col, dst + i * w, dst + i * w + span.lead(), 0f);
                            Arrays.fill(col, dst + i * w + w - span.tail(), dst + i * w + w, 0f);
                        }
                        continue;
                    }
                    // output columns j whose input column j*st-pad+v lies inside [0, w)
                    int jLo = Math.max(0, ceilDiv(pad - v, st));
                    int jHi = Math.min(ow, ceilDiv(w + pad - v, st));
                    for (int i = 0; i < oh; i++, dst += ow) {
                        int hi = i * st - pad + u;
                        if (hi < 0 || hi >= h || jLo >= jHi) {
                            Arrays.fill(col, dst, dst + ow, 0f);
                            continue;
                        }
                        Arrays.fill(col, dst, dst + jLo, 0f);
                        int src = plane + hi * w + jLo * st - pad + v;
                        if (st == 1) {
                            System.arraycopy(x, src, col, dst + jLo, jHi - jLo);
                        } else {
                            for (int j = jLo; j < jHi; j++, src += st) col[dst + j] = x[src];
                        }
                        Arrays.fill(col, dst + jHi, dst + ow, 0f);
                    }
                }
            }
        }
    }

    /**
     * The im2col matrix of one sample written in {@link Gemm#gemmPacked}'s B layout: row r = (c, u, v)
     * of kc block pc goes to offset p*NR inside each NR-wide panel of output pixels.
     */
    static void im2colPacked(float[] x, int xOff, Conv2dSpec s, float[] pb) {
        int k = s.kernel(), st = s.stride(), pad = s.padding();
        int h = s.inHeight(), w = s.inWidth(), oh = s.outHeight(), ow = s.outWidth();
        int ohw = oh * ow, ckk = s.inChannels() * k * k, nr = Gemm.NR;
        int nPadded = Gemm.roundUp(ohw, nr);
        int row = 0;
        for (int c = 0; c < s.inChannels(); c++) {
            int plane = xOff + c * h * w;
            for (int u = 0; u < k; u++) {
                for (int v = 0; v < k; v++, row++) {
                    int pc = row / Gemm.KC * Gemm.KC;
                    int panel = nr * Math.min(Gemm.KC, ckk - pc);
                    int base = Gemm.packedBBlock(ohw, pc) + (row - pc) * nr;
                    if (st == 1 && ow == w) {
                        SameWidth span = SameWidth.of(h, w, oh, u - pad, v - pad);
                        if (span.empty()) {
                            putZeros(pb, base, panel, 0, nPadded);
                            continue;
                        }
                        putZeros(pb, base, panel, 0, span.q0());
                        putRun(pb, base, panel, span.q0(), x, plane + span.src(), span.q1() - span.q0());
                        putZeros(pb, base, panel, span.q1(), nPadded - span.q1());
                        for (int i = span.iLo(); i < span.iHi(); i++) {
                            for (int j = 0; j < span.lead(); j++) putZeros(pb, base, panel, i * w + j, 1);
                            for (int j = w - span.tail(); j < w; j++) putZeros(pb, base, panel, i * w + j, 1);
                        }
                        continue;
                    }
                    int jLo = Math.max(0, ceilDiv(pad - v, st));
                    int jHi = Math.max(jLo, Math.min(ow, ceilDiv(w + pad - v, st)));
                    int q = 0;
                    for (int i = 0; i < oh; i++, q += ow) {
                        int hi = i * st - pad + u;
                        if (hi < 0 || hi >= h) {
                            putZeros(pb, base, panel, q, ow);
                            continue;
                        }
                        putZeros(pb, base, panel, q, jLo);
                        int src = plane + hi * w + jLo * st - pad + v;
                        if (st == 1) {
                            putRun(pb, base, panel, q + jLo, x, src, jHi - jLo);
                        } else {
                            for (int j = jLo; j < jHi; j++, src += st) pb[base + (q + j) / nr * panel + (q + j) % nr] = x[src];
                        }
                        putZeros(pb, base, panel, q + jHi, ow - jHi);
                    }
                    putZeros(pb, base, panel, q, nPadded - q);
                }
            }
        }
    }

    /**
     * Stride 1 with the output as wide as the input (the usual "same" padding): then the valid
     * output rows of one (u, v) read a single contiguous stretch of the input plane, so one copy
     * fills pixels [q0, q1) and only the edge columns, into which the copy wrapped pixels of the
     * neighbouring row, are zeroed afterwards. Rows dy = u - pad and columns dx = v - pad away.
     */
    private record SameWidth(int width, int iLo, int iHi, int lead, int tail, int q0, int q1, int src) {
        static SameWidth of(int h, int w, int oh, int dy, int dx) {
            int iLo = Math.max(0, -dy), iHi = Math.max(iLo, Math.min(oh, h - dy));
            int lead = Math.max(0, -dx), tail = Math.max(0, dx);
            return new SameWidth(w, iLo, iHi, lead, tail, iLo * w + lead, iHi * w - tail, (iLo + dy) * w + lead + dx);
        }

        /** No pixel of the image is read: every row or every column lies in the padding. */
        boolean empty() {
            return iHi <= iLo || lead + tail >= width;
        }
    }

    /** Copies len pixels starting at pixel q into the panels, split where a panel ends. */
    private static void putRun(float[] pb, int base, int panel, int q, float[] x, int src, int len) {
        int nr = Gemm.NR;
        while (len > 0) {
            int run = Math.min(len, nr - q % nr);
            System.arraycopy(x, src, pb, base + q / nr * panel + q % nr, run);
            q += run;
            src += run;
            len -= run;
        }
    }

    private static void putZeros(float[] pb, int base, int panel, int q, int len) {
        int nr = Gemm.NR;
        while (len > 0) {
            int run = Math.min(len, nr - q % nr);
            int at = base + q / nr * panel + q % nr;
            Arrays.fill(pb, at, at + run, 0f);
            q += run;
            len -= run;
        }
    }

    /** gx[sample] = sum of the column entries that each input pixel fed, in fixed (c, u, v, i, j) order. */
    static void col2im(float[] col, Conv2dSpec s, float[] gx, int gxOff) {
        int k = s.kernel(), st = s.stride(), pad = s.padding();
        int h = s.inHeight(), w = s.inWidth(), oh = s.outHeight(), ow = s.outWidth();
        Arrays.fill(gx, gxOff, gxOff + s.inChannels() * h * w, 0f);
        int row = 0;
        for (int c = 0; c < s.inChannels(); c++) {
            int plane = gxOff + c * h * w;
            for (int u = 0; u < k; u++) {
                for (int v = 0; v < k; v++, row++) {
                    int src = row * oh * ow;
                    int jLo = Math.max(0, ceilDiv(pad - v, st));
                    int jHi = Math.min(ow, ceilDiv(w + pad - v, st));
                    for (int i = 0; i < oh; i++, src += ow) {
                        int hi = i * st - pad + u;
                        if (hi < 0 || hi >= h) continue;
                        int dst = plane + hi * w + jLo * st - pad + v;
                        for (int j = jLo; j < jHi; j++, dst += st) gx[dst] += col[src + j];
                    }
                }
            }
        }
    }

    /** Ceiling division that is also right for negative numerators. */
    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    /** The GEMM a sample uses: single-threaded on a part's buffers, or split over the pool. */
    @FunctionalInterface
    private interface GemmCall {
        void run(boolean transA, boolean transB, int m, int n, int k, float alpha,
                 float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                 float beta, float[] c, int cOff, int ldc);
    }
}
