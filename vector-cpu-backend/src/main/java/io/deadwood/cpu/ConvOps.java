package io.deadwood.cpu;

import io.deadwood.api.backend.Conv2dSpec;
import io.deadwood.api.tensor.Tensor;
import java.util.Arrays;

/**
 * Convolutions lowered to GEMM one sample at a time: im2col gives a [C*K*K, OH*OW] column matrix,
 * so forward is W[O, CKK] x col, backward-data is W^T x gy followed by col2im, and backward-filter
 * is gy x col^T summed over the batch. Samples are split statically between parts; a batch smaller
 * than the pool falls back to one sample at a time with the GEMM itself split.
 */
final class ConvOps {
    private final WorkerPool pool;
    private final Scratch[] scratch;
    private final GemmDriver driver;

    ConvOps(WorkerPool pool, Scratch[] scratch, GemmDriver driver) {
        this.pool = pool;
        this.scratch = scratch;
        this.driver = driver;
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
        SampleBody body = (gemm, part, n) -> {
            float[] col;
            int colOff;
            if (isPointwise(s)) {
                col = xd;
                colOff = n * xSample;
            } else {
                col = scratch[part].floats(Scratch.COLUMNS, ckk * ohw);
                colOff = 0;
                im2col(xd, n * xSample, s, col);
            }
            gemm.run(false, false, o, ohw, ckk, 1f, wd, 0, ckk, col, colOff, ohw, 0f, yd, n * o * ohw, ohw);
            if (bias != null) {
                float[] bd = bias.data();
                for (int oc = 0; oc < o; oc++) {
                    int base = (n * o + oc) * ohw;
                    float bv = bd[oc];
                    for (int i = 0; i < ohw; i++) yd[base + i] += bv;
                }
            }
        };
        forEachSample(s.batch(), body);
    }

    void backwardData(Tensor gy, Tensor w, Tensor gx, Conv2dSpec s) {
        int ckk = s.inChannels() * s.kernel() * s.kernel();
        int ohw = s.outHeight() * s.outWidth();
        int o = s.outChannels();
        float[] gyd = gy.data(), wd = w.data(), gxd = gx.data();
        int xSample = s.inChannels() * s.inHeight() * s.inWidth();
        SampleBody body = (gemm, part, n) -> {
            if (isPointwise(s)) {
                gemm.run(true, false, ckk, ohw, o, 1f, wd, 0, ckk, gyd, n * o * ohw, ohw, 0f, gxd, n * xSample, ohw);
                return;
            }
            float[] col = scratch[part].floats(Scratch.COLUMNS, ckk * ohw);
            gemm.run(true, false, ckk, ohw, o, 1f, wd, 0, ckk, gyd, n * o * ohw, ohw, 0f, col, 0, ohw);
            col2im(col, s, gxd, n * xSample);
        };
        forEachSample(s.batch(), body);
    }

    void backwardFilter(Tensor x, Tensor gy, Tensor gw, Tensor gbias, Conv2dSpec s) {
        int ckk = s.inChannels() * s.kernel() * s.kernel();
        int ohw = s.outHeight() * s.outWidth();
        int o = s.outChannels();
        float[] xd = x.data(), gyd = gy.data(), gwd = gw.data();
        int xSample = s.inChannels() * s.inHeight() * s.inWidth();
        int batch = s.batch();
        int parts = batch >= pool.threads() ? pool.threads() : 1;
        // Part p sums its fixed slice of samples into its own buffer (part 0 straight into gw);
        // the buffers are then added in part order, so the batch sum has one fixed order.
        pool.run(parts, p -> {
            Scratch sc = scratch[p];
            float[] target = p == 0 ? gwd : sc.floats(Scratch.PARTIAL, o * ckk);
            GemmCall gemm = parts == 1 ? driver::gemm : (ta, tb, m, n, k, al, a, ao, la, b, bo, lb, be, c, co, lc) ->
                    Gemm.gemm(sc.gemm, ta, tb, m, n, k, al, a, ao, la, b, bo, lb, be, c, co, lc);
            int from = WorkerPool.start(batch, parts, p), to = WorkerPool.end(batch, parts, p);
            for (int n = from; n < to; n++) {
                float beta = n == from ? 0f : 1f;
                if (isPointwise(s)) {
                    gemm.run(false, true, o, ckk, ohw, 1f, gyd, n * o * ohw, ohw, xd, n * xSample, ohw, beta, target, 0, ckk);
                } else {
                    float[] col = sc.floats(Scratch.COLUMNS, ckk * ohw);
                    im2col(xd, n * xSample, s, col);
                    gemm.run(false, true, o, ckk, ohw, 1f, gyd, n * o * ohw, ohw, col, 0, ohw, beta, target, 0, ckk);
                }
            }
        });
        for (int p = 1; p < parts; p++) {
            float[] partial = scratch[p].floats(Scratch.PARTIAL, o * ckk);
            for (int i = 0; i < o * ckk; i++) gwd[i] += partial[i];
        }
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

    /** Runs body once per sample: split over parts when the batch is big enough, else GEMM split. */
    private void forEachSample(int batch, SampleBody body) {
        if (batch >= pool.threads()) {
            int parts = pool.threads();
            pool.run(parts, p -> {
                Scratch sc = scratch[p];
                GemmCall gemm = (ta, tb, m, n, k, al, a, ao, la, b, bo, lb, be, c, co, lc) ->
                        Gemm.gemm(sc.gemm, ta, tb, m, n, k, al, a, ao, la, b, bo, lb, be, c, co, lc);
                for (int n = WorkerPool.start(batch, parts, p); n < WorkerPool.end(batch, parts, p); n++) {
                    body.run(gemm, p, n);
                }
            });
        } else {
            for (int n = 0; n < batch; n++) body.run(driver::gemm, 0, n);
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

    @FunctionalInterface
    private interface SampleBody {
        void run(GemmCall gemm, int part, int n);
    }

    /** The GEMM a sample uses: single-threaded on a part's buffers, or split over the pool. */
    @FunctionalInterface
    private interface GemmCall {
        void run(boolean transA, boolean transB, int m, int n, int k, float alpha,
                 float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                 float beta, float[] c, int cOff, int ldc);
    }
}
