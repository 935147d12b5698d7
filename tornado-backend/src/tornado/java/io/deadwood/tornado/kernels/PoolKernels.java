package io.deadwood.tornado.kernels;

import static io.deadwood.tornado.kernels.KernelArgs.O0;
import static io.deadwood.tornado.kernels.KernelArgs.O1;
import static io.deadwood.tornado.kernels.KernelArgs.O2;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/** Max pooling (first maximum wins) and global average pooling. */
public final class PoolKernels {
    // ip: 0 planes (N*C), 1 H, 2 W, 3 OH, 4 OW, 5 window, 6 stride
    public static final int PLANES = 0, IN_H = 1, IN_W = 2, OUT_H = 3, OUT_W = 4, WINDOW = 5, STRIDE = 6;

    private PoolKernels() {
    }

    /** One thread per output: y = max of its window, argmax = flat index into x of the first maximum. */
    public static void maxForward(KernelContext ctx, IntArray ip, FloatArray mem, IntArray imem) {
        int xO = ip.get(O0);
        int yO = ip.get(O1);
        int h = ip.get(IN_H);
        int w = ip.get(IN_W);
        int oh = ip.get(OUT_H);
        int ow = ip.get(OUT_W);
        int win = ip.get(WINDOW);
        int s = ip.get(STRIDE);
        int o = ctx.globalIdx;
        if (o < ip.get(PLANES) * oh * ow) {
            int j = o % ow;
            int i = (o / ow) % oh;
            int nc = o / (ow * oh);
            int best = (nc * h + i * s) * w + j * s;
            float bv = mem.get(xO + best);
            for (int u = 0; u < win; u++) {
                for (int v = 0; v < win; v++) {
                    int idx = (nc * h + i * s + u) * w + j * s + v;
                    float val = mem.get(xO + idx);
                    if (val > bv) {
                        best = idx;
                        bv = val;
                    }
                }
            }
            mem.set(yO + o, bv);
            imem.set(ip.get(O2) + o, best);
        }
    }

    /**
     * One thread per (n, c) plane: zero the plane of gx, then add each output's gradient at its
     * argmax in output order. ip: 0 planes, 1 plane size of gx, 2 plane size of gy.
     */
    public static void maxBackward(KernelContext ctx, IntArray ip, FloatArray mem, IntArray imem) {
        int gyO = ip.get(O0);
        int gxO = ip.get(O1);
        int plane = ctx.globalIdx;
        int inPlane = ip.get(1);
        int outPlane = ip.get(2);
        if (plane < ip.get(0)) {
            for (int q = 0; q < inPlane; q++) {
                mem.set(gxO + plane * inPlane + q, 0f);
            }
            for (int q = 0; q < outPlane; q++) {
                int o = plane * outPlane + q;
                int at = imem.get(ip.get(O2) + o);
                mem.set(gxO + at, mem.get(gxO + at) + mem.get(gyO + o));
            }
        }
    }

    /** y[nc] = mean of x over the plane (double sum). ip: 0 planes, 1 spatial. */
    public static void averageForward(KernelContext ctx, IntArray ip, FloatArray mem) {
        int xO = ip.get(O0);
        int yO = ip.get(O1);
        int nc = ctx.globalIdx;
        int sp = ip.get(1);
        if (nc < ip.get(0)) {
            double s = 0;
            for (int p = 0; p < sp; p++) {
                s += mem.get(xO + nc * sp + p);
            }
            mem.set(yO + nc, (float) (s / sp));
        }
    }

    /** gx[nc, p] = gy[nc] / spatial. ip: 0 planes, 1 spatial. */
    public static void averageBackward(KernelContext ctx, IntArray ip, FloatArray mem) {
        int gyO = ip.get(O0);
        int gxO = ip.get(O1);
        int idx = ctx.globalIdx;
        int sp = ip.get(1);
        if (idx < ip.get(0) * sp) {
            mem.set(gxO + idx, mem.get(gyO + idx / sp) / sp);
        }
    }
}
