package io.deadwood.tornado.kernels;

import static io.deadwood.tornado.kernels.KernelArgs.O0;
import static io.deadwood.tornado.kernels.KernelArgs.O1;
import static io.deadwood.tornado.kernels.KernelArgs.O2;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.DoubleArray;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The pruning methods' per-step ops (see ComputeBackend): penalty gradients and sums, unit axpy,
 * masks, per-unit reductions and noise. As in {@link OptimizerKernels}, a float product is formed
 * in double and rounded to float explicitly, which is Java's float product exactly and keeps the
 * OpenCL compiler from fusing it with the add that follows. Unit u of entry i is (i / span) % units.
 */
public final class MethodKernels {
    /** Penalty kinds, in the order of io.deadwood.api.backend.Penalty. */
    public static final int L1 = 0, L2 = 1, POSITIVE_L2 = 2;
    /** Reductions, in the order of io.deadwood.api.backend.UnitReduction. */
    public static final int SUM = 0, ABS = 1, SQUARE = 2, ZEROS = 3;
    /** Threads of the penalty sum; each sums a contiguous chunk in double. */
    public static final int SUM_THREADS = 1024;
    /** Units per launch of the per-unit reduction (its sums come back in one double array). */
    public static final int UNITS_PER_LAUNCH = 4096;

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private MethodKernels() {
    }

    /** g += lambda * penalty'(w). ip: 0 size, 1 penalty kind; w at O0, g at O1; fp: 0 lambda. */
    public static void penaltyGradient(KernelContext ctx, IntArray ip, FloatArray fp, FloatArray mem) {
        int i = ctx.globalIdx;
        if (i < ip.get(0)) {
            int kind = ip.get(1);
            float w = mem.get(ip.get(O0) + i);
            float d;
            if (kind == L1) {
                // signum: zeros of either sign and NaN stay as they are
                d = w > 0f ? 1f : (w < 0f ? -1f : w);
            } else if (kind == L2) {
                d = 2f * w;
            } else {
                d = w > 0f ? 2f * w : 0f;
            }
            int gi = ip.get(O1) + i;
            float step = (float) ((double) fp.get(0) * d);
            mem.set(gi, mem.get(gi) + step);
        }
    }

    /**
     * partials[t] = the penalty summed in double over thread t's chunk, in index order; the host adds
     * the partials in thread order. ip: 0 size, 1 chunk, 2 penalty kind; w at O0.
     */
    public static void penaltyPartials(KernelContext ctx, IntArray ip, FloatArray mem, DoubleArray partials) {
        int t = ctx.globalIdx;
        if (t < SUM_THREADS) {
            int n = ip.get(0);
            int chunk = ip.get(1);
            int kind = ip.get(2);
            int w = ip.get(O0);
            double s = 0;
            for (int i = t * chunk; i < n && i < (t + 1) * chunk; i++) {
                double v = mem.get(w + i);
                if (kind == L1) {
                    s += TornadoMath.abs(v);
                } else if (kind == L2 || v > 0) {
                    s += v * v;
                }
            }
            partials.set(t, s);
        }
    }

    /**
     * y += scale[u] * x; a NaN scale leaves unit u alone. ip: 0 size, 1 units, 2 span; x at O0, y at
     * O1, scale (floats) at O2.
     */
    public static void unitAxpy(KernelContext ctx, IntArray ip, FloatArray mem) {
        int i = ctx.globalIdx;
        if (i < ip.get(0)) {
            float k = mem.get(ip.get(O2) + (i / ip.get(2)) % ip.get(1));
            if (k == k) {
                int yi = ip.get(O1) + i;
                float step = (float) ((double) k * mem.get(ip.get(O0) + i));
                mem.set(yi, mem.get(yi) + step);
            }
        }
    }

    /** x = 0 where mask == 0. ip: 0 size; x at O0, mask at O1. */
    public static void applyMask(KernelContext ctx, IntArray ip, FloatArray mem) {
        int i = ctx.globalIdx;
        if (i < ip.get(0)) {
            if (mem.get(ip.get(O1) + i) == 0f) {
                mem.set(ip.get(O0) + i, 0f);
            }
        }
    }

    /**
     * sums[j] = the reduction of unit first + j over every repeat, each repeat's span summed from 0 in
     * index order and the repeats added in order. ip: 0 outer, 1 units, 2 span, 3 kind, 4 first unit,
     * 5 units in this launch; x at O0.
     */
    public static void unitReduce(KernelContext ctx, IntArray ip, FloatArray mem, DoubleArray sums) {
        int j = ctx.globalIdx;
        if (j < ip.get(5)) {
            int outer = ip.get(0);
            int units = ip.get(1);
            int span = ip.get(2);
            int kind = ip.get(3);
            int u = ip.get(4) + j;
            int x = ip.get(O0);
            double total = 0;
            for (int o = 0; o < outer; o++) {
                int off = x + (o * units + u) * span;
                double s = 0;
                for (int i = 0; i < span; i++) {
                    float v = mem.get(off + i);
                    if (kind == SUM) {
                        s += v;
                    } else if (kind == ABS) {
                        s += TornadoMath.abs((double) v);
                    } else if (kind == SQUARE) {
                        s += (double) v * v;
                    } else if (v == 0f) {
                        s += 1;
                    }
                }
                total += s;
            }
            sums.set(j, total);
        }
    }

    /**
     * x += noise where the unit is live: the sequential generator's values, drawn on the host in the
     * reference's order and already scaled and rounded to float. ip: 0 size, 1 units, 2 span, 3 has
     * live flags; x at O0, noise at O1, live flags (ints) at O2.
     */
    public static void addNoise(KernelContext ctx, IntArray ip, FloatArray mem, IntArray imem) {
        int i = ctx.globalIdx;
        if (i < ip.get(0)) {
            if (ip.get(3) == 0 || imem.get(ip.get(O2) + (i / ip.get(2)) % ip.get(1)) != 0) {
                int xi = ip.get(O0) + i;
                mem.set(xi, mem.get(xi) + mem.get(ip.get(O1) + i));
            }
        }
    }

    /**
     * x += (float) (sigma * N(0, 1)) from the counter-based generator (io.deadwood.api.backend.CounterNoise)
     * where the unit is live. ip: 0 size, 1 units, 2 span, 3 has live flags, 4 and 5 the stream key's
     * high and low words; x at O0, live flags (ints) at O1; dp: 0 sigma.
     */
    public static void counterNoise(KernelContext ctx, IntArray ip, DoubleArray dp, FloatArray mem, IntArray imem) {
        int i = ctx.globalIdx;
        if (i < ip.get(0)) {
            if (ip.get(3) == 0 || imem.get(ip.get(O1) + (i / ip.get(2)) % ip.get(1)) != 0) {
                long key = ((long) ip.get(4) << 32) | (ip.get(5) & 0xffffffffL);
                long z = key + GOLDEN_GAMMA * (i + 1L);
                // TornadoVM's OpenCL code turns Java's >>> into a signed shift, so each shift is an
                // arithmetic one with the sign bits masked off
                z = (z ^ ((z >> 30) & 0x3ffffffffL)) * 0xbf58476d1ce4e5b9L;
                z = (z ^ ((z >> 27) & 0x1fffffffffL)) * 0x94d049bb133111ebL;
                z = z ^ ((z >> 31) & 0x1ffffffffL);
                double u1 = (((z >> 40) & 0xffffffL) + 1) * 0x1.0p-24;
                double u2 = (z & 0xffffffL) * 0x1.0p-24;
                double g = TornadoMath.sqrt(-2 * TornadoMath.log(u1)) * TornadoMath.cos(2 * Math.PI * u2);
                int xi = ip.get(O0) + i;
                mem.set(xi, mem.get(xi) + (float) (dp.get(0) * g));
            }
        }
    }
}
