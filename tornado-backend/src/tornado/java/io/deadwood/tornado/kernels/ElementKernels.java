package io.deadwood.tornado.kernels;

import static io.deadwood.tornado.kernels.KernelArgs.O0;
import static io.deadwood.tornado.kernels.KernelArgs.O1;
import static io.deadwood.tornado.kernels.KernelArgs.O2;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/** One thread per element: ReLU forward and backward, add and accumulate, channel masks, zero counts. */
public final class ElementKernels {
    public static final int RELU = 0, RELU_BACKWARD = 1, ADD = 2;
    /** Threads of the zero count; each counts a contiguous chunk. */
    public static final int COUNT_THREADS = 1024;

    private ElementKernels() {
    }

    /**
     * ip: 0 op, 1 size; operands a, b, out at O0-O2. RELU: out = max(a, 0) (NaN kept); RELU_BACKWARD:
     * out = a > 0 ? b : 0; ADD: out = a + b.
     */
    public static void elementwise(KernelContext ctx, IntArray ip, FloatArray m) {
        int i = ctx.globalIdx;
        int op = ip.get(0);
        if (i < ip.get(1)) {
            float x = m.get(ip.get(O0) + i);
            float v;
            if (op == RELU) {
                v = x > 0f || x != x ? x : 0f;
            } else if (op == RELU_BACKWARD) {
                v = x > 0f ? m.get(ip.get(O1) + i) : 0f;
            } else {
                v = x + m.get(ip.get(O1) + i);
            }
            m.set(ip.get(O2) + i, v);
        }
    }

    /** x[n, c, p] = 0 where keep[c] == 0. ip: 0 size, 1 channels, 2 spatial; x at O0, keep (ints) at O1. */
    public static void maskChannels(KernelContext ctx, IntArray ip, FloatArray m, IntArray im) {
        int i = ctx.globalIdx;
        if (i < ip.get(0)) {
            int ch = (i / ip.get(2)) % ip.get(1);
            if (im.get(ip.get(O1) + ch) == 0) {
                m.set(ip.get(O0) + i, 0f);
            }
        }
    }

    /** counts[t] = zeros of x in thread t's chunk. ip: 0 size, 1 chunk; x at O0, counts (ints) at O1. */
    public static void countZeros(KernelContext ctx, IntArray ip, FloatArray m, IntArray im) {
        int t = ctx.globalIdx;
        if (t < COUNT_THREADS) {
            int n = ip.get(0);
            int chunk = ip.get(1);
            int x = ip.get(O0);
            int count = 0;
            for (int i = t * chunk; i < n && i < (t + 1) * chunk; i++) {
                if (m.get(x + i) == 0f) {
                    count++;
                }
            }
            im.set(ip.get(O1) + t, count);
        }
    }

    /**
     * arena[O0 + i] = staging[ip[1] + i] for i < ip[0]: the upload half of a host copy (a step's
     * uploads share one staging array, each from its own offset).
     */
    public static void stageIn(KernelContext ctx, IntArray ip, FloatArray m, FloatArray staging) {
        int i = ctx.globalIdx;
        if (i < ip.get(0)) {
            m.set(ip.get(O0) + i, staging.get(ip.get(1) + i));
        }
    }

    /** staging[i] = arena[O0 + i] for i < ip[0]: the download half of a host copy. */
    public static void stageOut(KernelContext ctx, IntArray ip, FloatArray m, FloatArray staging) {
        int i = ctx.globalIdx;
        if (i < ip.get(0)) {
            staging.set(i, m.get(ip.get(O0) + i));
        }
    }

    /** {@link #stageIn} for the int arena. */
    public static void stageIntsIn(KernelContext ctx, IntArray ip, IntArray im, IntArray staging) {
        int i = ctx.globalIdx;
        if (i < ip.get(0)) {
            im.set(ip.get(O0) + i, staging.get(ip.get(1) + i));
        }
    }

    /** {@link #stageOut} for the int arena. */
    public static void stageIntsOut(KernelContext ctx, IntArray ip, IntArray im, IntArray staging) {
        int i = ctx.globalIdx;
        if (i < ip.get(0)) {
            staging.set(i, im.get(ip.get(O0) + i));
        }
    }

    /** Zeroes both arenas (the owner graph's task, run once when they are allocated). ip: 0 floats, 1 ints. */
    public static void clear(KernelContext ctx, IntArray ip, FloatArray m, IntArray im) {
        int i = ctx.globalIdx;
        if (i < ip.get(0)) {
            m.set(i, 0f);
        }
        if (i < ip.get(1)) {
            im.set(i, 0);
        }
    }
}
