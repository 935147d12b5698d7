package io.deadwood.cpu;

import io.deadwood.api.backend.CounterNoise;
import io.deadwood.api.backend.MethodOps;
import io.deadwood.api.backend.Penalty;
import io.deadwood.api.backend.UnitAxis;
import io.deadwood.api.backend.UnitReduction;
import io.deadwood.api.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The pruning methods' per-step ops. Elementwise ones split the elements into contiguous ranges
 * and compute each element with the reference's float expression (a multiply then an add, never a
 * fused one), so they give the reference's bits on any thread count. Per-unit sums split the units
 * and keep each unit's order; the penalty sum runs in index order on the calling thread, since a
 * split would change the rounding of a double sum that runs across tensors.
 *
 * <p>As in {@link ElementOps}, a call's operands reach its parts through fields and bodies bound
 * once, so a call allocates nothing; the calls are synchronized.
 */
final class MethodMaths {
    private static final FloatVector ZERO = FloatVector.zero(Kernels.S);

    private final WorkerPool pool;
    private final WorkerPool.RangeBody gradientPart = this::gradientPart;
    private final WorkerPool.RangeBody maskPart = this::maskPart;
    private final WorkerPool.RangeBody axpyPart = this::axpyPart;
    private final WorkerPool.RangeBody reducePart = this::reducePart;
    private final WorkerPool.RangeBody noisePart = this::noisePart;
    private final long[] touched;

    // The call in progress.
    private float[] a;
    private float[] b;
    private float[] scale;
    private double[] sums;
    private boolean[] live;
    private Penalty penalty;
    private UnitReduction reduction;
    private float lambda;
    private double sigma;
    private long key;
    private int units;
    private int span;
    private int outer;

    MethodMaths(WorkerPool pool) {
        this.pool = pool;
        this.touched = new long[pool.threads()];
    }

    synchronized void addPenaltyGradient(Penalty p, float l, Tensor w, Tensor g) {
        MethodOps.sameSize(w, g, "addPenaltyGradient");
        a = w.data();
        b = g.data();
        penalty = p;
        lambda = l;
        pool.forRange(a.length, ElementOps.ELEMENT_GRAIN, gradientPart);
    }

    /**
     * Plain loops, one per penalty: C2 vectorises them itself (signum included) and measured them
     * faster than a Vector API body of compares and blends.
     */
    private void gradientPart(int part, int from, int to) {
        float[] w = a, g = b;
        float l = lambda;
        switch (penalty) {
            case L1 -> {
                for (int i = from; i < to; i++) g[i] += l * Math.signum(w[i]);
            }
            case L2 -> {
                for (int i = from; i < to; i++) g[i] += l * (2 * w[i]);
            }
            case POSITIVE_L2 -> {
                for (int i = from; i < to; i++) g[i] += l * (w[i] > 0 ? 2 * w[i] : 0);
            }
        }
    }

    /** In index order on this thread: see the class comment. */
    double penaltySum(Penalty p, Tensor w, double start) {
        return MethodOps.penaltySum(p, w, start);
    }

    synchronized void applyMask(Tensor x, Tensor mask) {
        MethodOps.sameSize(x, mask, "applyMask");
        a = x.data();
        b = mask.data();
        pool.forRange(a.length, ElementOps.ELEMENT_GRAIN, maskPart);
    }

    private void maskPart(int part, int from, int to) {
        float[] x = a, m = b;
        int i = from;
        for (; i <= to - Kernels.L; i += Kernels.L) {
            VectorMask<Float> zero = FloatVector.fromArray(Kernels.S, m, i).compare(VectorOperators.EQ, 0f);
            if (zero.anyTrue()) FloatVector.fromArray(Kernels.S, x, i).blend(ZERO, zero).intoArray(x, i);
        }
        for (; i < to; i++) {
            if (m[i] == 0f) x[i] = 0f;
        }
    }

    synchronized void unitAxpy(float[] k, Tensor x, Tensor y, UnitAxis axis) {
        MethodOps.sameSize(x, y, "unitAxpy");
        MethodOps.checkUnits(axis, x, k.length);
        a = x.data();
        b = y.data();
        scale = k;
        units = axis.units();
        span = axis.span();
        if (span > 0) pool.forRange(a.length, ElementOps.ELEMENT_GRAIN, axpyPart);
    }

    /** Walks the range one unit's span at a time, since the scale changes only between spans. */
    private void axpyPart(int part, int from, int to) {
        float[] x = a, y = b;
        for (int i = from; i < to; ) {
            int end = Math.min(to, (i / span + 1) * span);
            float k = scale[(i / span) % units];
            if (k == k) {
                for (; i <= end - Kernels.L; i += Kernels.L) {
                    FloatVector.fromArray(Kernels.S, y, i).add(FloatVector.fromArray(Kernels.S, x, i).mul(k)).intoArray(y, i);
                }
                for (; i < end; i++) y[i] += k * x[i];
            }
            i = end;
        }
    }

    synchronized void unitReduce(Tensor x, UnitAxis axis, UnitReduction r, double[] acc) {
        outer = MethodOps.checkUnits(axis, x, acc.length);
        a = x.data();
        sums = acc;
        reduction = r;
        units = axis.units();
        span = axis.span();
        long perUnit = Math.max(1L, (long) outer * span);
        pool.forRange(units, (int) Math.max(1, ElementOps.ELEMENT_GRAIN / perUnit), reducePart);
    }

    private void reducePart(int part, int from, int to) {
        float[] x = a;
        for (int o = 0; o < outer; o++) {
            for (int u = from; u < to; u++) {
                int off = (o * units + u) * span, end = off + span;
                double s = 0;
                switch (reduction) {
                    case SUM -> { for (int i = off; i < end; i++) s += x[i]; }
                    case ABS -> { for (int i = off; i < end; i++) s += Math.abs(x[i]); }
                    case SQUARE -> { for (int i = off; i < end; i++) s += (double) x[i] * x[i]; }
                    // a count is exact in any order, so this one can use the vector count
                    case ZEROS -> s = Kernels.countZeros(x, off, span);
                }
                sums[u] += s;
            }
        }
    }

    synchronized long addCounterNoise(Tensor x, UnitAxis axis, boolean[] liveUnits, double s, long seed, long stream) {
        MethodOps.checkUnits(axis, x, liveUnits == null ? axis.units() : liveUnits.length);
        a = x.data();
        live = liveUnits;
        sigma = s;
        key = CounterNoise.streamKey(seed, stream);
        units = axis.units();
        span = axis.span();
        java.util.Arrays.fill(touched, 0);
        // each draw costs a log and a cos, so smaller ranges than the elementwise grain pay for a thread
        pool.forRange(a.length, ElementOps.ELEMENT_GRAIN / 16, noisePart);
        long total = 0;
        for (long t : touched) total += t;
        return total;
    }

    private void noisePart(int part, int from, int to) {
        float[] x = a;
        long n = 0;
        for (int i = from; i < to; i++) {
            if (live != null && !live[(i / span) % units]) continue;
            x[i] += (float) (sigma * CounterNoise.gaussian(key, i));
            n++;
        }
        touched[part] = n;
    }
}
