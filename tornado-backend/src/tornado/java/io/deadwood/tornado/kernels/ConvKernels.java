package io.deadwood.tornado.kernels;

import static io.deadwood.tornado.kernels.KernelArgs.O0;
import static io.deadwood.tornado.kernels.KernelArgs.O1;
import static io.deadwood.tornado.kernels.KernelArgs.O2;
import static io.deadwood.tornado.kernels.KernelArgs.O3;
import static io.deadwood.tornado.kernels.KernelArgs.O4;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * Direct 2-d convolution over NCHW input and OIHW weights. Each output element is one thread that
 * sums its terms in a fixed order (deterministic, no atomics). The filter gradient is reduced in two
 * passes: partial sums over groups of the batch, then a fixed-order sum of the groups.
 */
public final class ConvKernels {
    // ip layout shared by the three kernels
    public static final int BATCH = 0, IN_C = 1, IN_H = 2, IN_W = 3, OUT_C = 4, KSIZE = 5, STRIDE = 6, PAD = 7,
            OUT_H = 8, OUT_W = 9, HAS_BIAS = 10, GROUPS = 11;

    private ConvKernels() {
    }

    public static void forward(KernelContext ctx, IntArray ip, FloatArray mem) {
        int xO = ip.get(O0);
        int wO = ip.get(O1);
        int biasO = ip.get(O2);
        int yO = ip.get(O3);
        int nC = ip.get(IN_C);
        int h = ip.get(IN_H);
        int wd = ip.get(IN_W);
        int o = ip.get(OUT_C);
        int k = ip.get(KSIZE);
        int s = ip.get(STRIDE);
        int p = ip.get(PAD);
        int oh = ip.get(OUT_H);
        int ow = ip.get(OUT_W);
        int idx = ctx.globalIdx;
        int total = ip.get(BATCH) * o * oh * ow;
        if (idx < total) {
            int j = idx % ow;
            int i = (idx / ow) % oh;
            int oc = (idx / (ow * oh)) % o;
            int n = idx / (ow * oh * o);
            float sum = 0f;
            for (int c = 0; c < nC; c++) {
                for (int u = 0; u < k; u++) {
                    int hh = i * s - p + u;
                    if (hh >= 0 && hh < h) {
                        for (int v = 0; v < k; v++) {
                            int ww = j * s - p + v;
                            if (ww >= 0 && ww < wd) {
                                sum += mem.get(xO + ((n * nC + c) * h + hh) * wd + ww) * mem.get(wO + ((oc * nC + c) * k + u) * k + v);
                            }
                        }
                    }
                }
            }
            if (ip.get(HAS_BIAS) == 1) {
                sum += mem.get(biasO + oc);
            }
            mem.set(yO + idx, sum);
        }
    }

    /** gx[n, c, h, w] = sum over (o, u, v) whose output position covers (h, w). */
    public static void backwardData(KernelContext ctx, IntArray ip, FloatArray mem) {
        int gyO = ip.get(O0);
        int wO = ip.get(O1);
        int gxO = ip.get(O2);
        int nC = ip.get(IN_C);
        int h = ip.get(IN_H);
        int wd = ip.get(IN_W);
        int o = ip.get(OUT_C);
        int k = ip.get(KSIZE);
        int s = ip.get(STRIDE);
        int p = ip.get(PAD);
        int oh = ip.get(OUT_H);
        int ow = ip.get(OUT_W);
        int idx = ctx.globalIdx;
        int total = ip.get(BATCH) * nC * h * wd;
        if (idx < total) {
            int ww = idx % wd;
            int hh = (idx / wd) % h;
            int c = (idx / (wd * h)) % nC;
            int n = idx / (wd * h * nC);
            float sum = 0f;
            for (int oc = 0; oc < o; oc++) {
                for (int u = 0; u < k; u++) {
                    int ti = hh + p - u;
                    if (ti >= 0 && ti % s == 0 && ti / s < oh) {
                        int i = ti / s;
                        for (int v = 0; v < k; v++) {
                            int tj = ww + p - v;
                            if (tj >= 0 && tj % s == 0 && tj / s < ow) {
                                int j = tj / s;
                                sum += mem.get(gyO + ((n * o + oc) * oh + i) * ow + j) * mem.get(wO + ((oc * nC + c) * k + u) * k + v);
                            }
                        }
                    }
                }
            }
            mem.set(gxO + idx, sum);
        }
    }

    /**
     * Pass one of the filter gradient: partial[g, e] for batch group g and weight e of the O*C*K*K
     * weights (the O bias entries follow them in each group's row; see {@link #biasPartial}). Weights
     * and biases are separate kernels: TornadoVM 5.2 merged the results of loops in the two arms of
     * one if/else wrongly.
     */
    public static void filterPartial(KernelContext ctx, IntArray ip, FloatArray mem) {
        int xO = ip.get(O0);
        int gyO = ip.get(O1);
        int partialO = ip.get(O2);
        int batch = ip.get(BATCH);
        int nC = ip.get(IN_C);
        int h = ip.get(IN_H);
        int wd = ip.get(IN_W);
        int o = ip.get(OUT_C);
        int k = ip.get(KSIZE);
        int s = ip.get(STRIDE);
        int p = ip.get(PAD);
        int oh = ip.get(OUT_H);
        int ow = ip.get(OUT_W);
        int groups = ip.get(GROUPS);
        int wSize = o * nC * k * k;
        int idx = ctx.globalIdx;
        if (idx < groups * wSize) {
            int g = idx / wSize;
            int e = idx % wSize;
            int n0 = g * batch / groups;
            int n1 = (g + 1) * batch / groups;
            int v = e % k;
            int u = (e / k) % k;
            int c = (e / (k * k)) % nC;
            int oc = e / (k * k * nC);
            float sum = 0f;
            for (int n = n0; n < n1; n++) {
                for (int i = 0; i < oh; i++) {
                    int hh = i * s - p + u;
                    if (hh >= 0 && hh < h) {
                        for (int j = 0; j < ow; j++) {
                            int ww = j * s - p + v;
                            if (ww >= 0 && ww < wd) {
                                sum += mem.get(gyO + ((n * o + oc) * oh + i) * ow + j) * mem.get(xO + ((n * nC + c) * h + hh) * wd + ww);
                            }
                        }
                    }
                }
            }
            mem.set(partialO + g * (wSize + o) + e, sum);
        }
    }

    /** Pass one of the bias gradient: partial[g, O*C*K*K + o] = sum of gy over group g's samples. */
    public static void biasPartial(KernelContext ctx, IntArray ip, FloatArray mem) {
        int gyO = ip.get(O1);
        int partialO = ip.get(O2);
        int batch = ip.get(BATCH);
        int o = ip.get(OUT_C);
        int k = ip.get(KSIZE);
        int plane = ip.get(OUT_H) * ip.get(OUT_W);
        int groups = ip.get(GROUPS);
        int wSize = o * ip.get(IN_C) * k * k;
        int idx = ctx.globalIdx;
        if (idx < groups * o) {
            int g = idx / o;
            int oc = idx % o;
            int n0 = g * batch / groups;
            int n1 = (g + 1) * batch / groups;
            float sum = 0f;
            for (int n = n0; n < n1; n++) {
                for (int q = 0; q < plane; q++) {
                    sum += mem.get(gyO + (n * o + oc) * plane + q);
                }
            }
            mem.set(partialO + g * (wSize + o) + wSize + oc, sum);
        }
    }

    /** Pass two: gw[e] (or gbias[e - O*C*K*K]) = sum over groups g of partial[g, e], in group order. */
    public static void backwardFilterReduce(KernelContext ctx, IntArray ip, FloatArray mem) {
        int partialO = ip.get(O2);
        int o = ip.get(OUT_C);
        int k = ip.get(KSIZE);
        int wSize = o * ip.get(IN_C) * k * k;
        int entries = wSize + o;
        int groups = ip.get(GROUPS);
        int e = ctx.globalIdx;
        if (e < entries) {
            float sum = 0f;
            for (int g = 0; g < groups; g++) {
                sum += mem.get(partialO + g * entries + e);
            }
            // the weights' gradient goes to gw (O3), the biases' to gbias (O4) when there is one
            if (e < wSize) {
                mem.set(ip.get(O3) + e, sum);
            } else if (ip.get(HAS_BIAS) == 1) {
                mem.set(ip.get(O4) + e - wSize, sum);
            }
        }
    }
}
