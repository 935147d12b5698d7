package io.deadwood.api.backend;

import io.deadwood.api.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * The scalar definitions of the ops that pruning methods run every step, on the host arrays. They
 * are {@link ComputeBackend}'s defaults and the reference every backend's own versions must match
 * bit for bit (apart from {@link #addCounterNoise}'s log and cos on a device).
 */
public final class MethodOps {
    private MethodOps() {
    }

    public static void addPenaltyGradient(Penalty penalty, float lambda, Tensor w, Tensor g) {
        sameSize(w, g, "addPenaltyGradient");
        float[] wd = w.data(), gd = g.data();
        switch (penalty) {
            case L1 -> {
                for (int i = 0; i < wd.length; i++) gd[i] += lambda * Math.signum(wd[i]);
            }
            case L2 -> {
                for (int i = 0; i < wd.length; i++) gd[i] += lambda * (2 * wd[i]);
            }
            case POSITIVE_L2 -> {
                for (int i = 0; i < wd.length; i++) gd[i] += lambda * (wd[i] > 0 ? 2 * wd[i] : 0);
            }
        }
    }

    public static double penaltySum(Penalty penalty, Tensor w, double start) {
        double s = start;
        for (float v : w.data()) s += penalty.value(v);
        return s;
    }

    public static void unitAxpy(float[] scale, Tensor x, Tensor y, UnitAxis axis) {
        sameSize(x, y, "unitAxpy");
        float[] xd = x.data(), yd = y.data();
        int outer = checkUnits(axis, x, scale.length), units = axis.units(), span = axis.span();
        for (int o = 0; o < outer; o++) {
            for (int u = 0; u < units; u++) {
                float k = scale[u];
                if (k != k) continue;
                int off = (o * units + u) * span;
                for (int i = off; i < off + span; i++) yd[i] += k * xd[i];
            }
        }
    }

    public static void applyMask(Tensor x, Tensor mask) {
        sameSize(x, mask, "applyMask");
        float[] xd = x.data(), md = mask.data();
        for (int i = 0; i < xd.length; i++) {
            if (md[i] == 0f) xd[i] = 0f;
        }
    }

    public static void unitReduce(Tensor x, UnitAxis axis, UnitReduction reduction, double[] acc) {
        float[] d = x.data();
        int outer = checkUnits(axis, x, acc.length), units = axis.units(), span = axis.span();
        for (int o = 0; o < outer; o++) {
            for (int u = 0; u < units; u++) {
                int off = (o * units + u) * span;
                double s = 0;
                for (int i = off; i < off + span; i++) s += reduction.term(d[i]);
                acc[u] += s;
            }
        }
    }

    public static long addGaussianNoise(Tensor x, UnitAxis axis, boolean[] live, double sigma, RandomGenerator rng) {
        float[] d = x.data();
        int outer = checkUnits(axis, x, live == null ? axis.units() : live.length), units = axis.units();
        int span = axis.span();
        long touched = 0;
        for (int o = 0; o < outer; o++) {
            for (int u = 0; u < units; u++) {
                if (live != null && !live[u]) continue;
                int off = (o * units + u) * span;
                for (int i = off; i < off + span; i++) d[i] += (float) (sigma * rng.nextGaussian());
                touched += span;
            }
        }
        return touched;
    }

    public static long addCounterNoise(Tensor x, UnitAxis axis, boolean[] live, double sigma, long seed, long stream) {
        float[] d = x.data();
        checkUnits(axis, x, live == null ? axis.units() : live.length);
        long key = CounterNoise.streamKey(seed, stream), touched = 0;
        for (int i = 0; i < d.length; i++) {
            if (live != null && !live[axis.unitOf(i)]) continue;
            d[i] += (float) (sigma * CounterNoise.gaussian(key, i));
            touched++;
        }
        return touched;
    }

    /** Checks that {@code x} is whole repeats of the axis and that a per-unit array has one entry per unit. */
    public static int checkUnits(UnitAxis axis, Tensor x, int perUnit) {
        if (perUnit != axis.units()) {
            throw new IllegalArgumentException("per-unit array has " + perUnit + " entries for " + axis.units() + " units");
        }
        return axis.outer(x.size());
    }

    public static void sameSize(Tensor a, Tensor b, String op) {
        if (a.size() != b.size()) throw new IllegalArgumentException(op + ": sizes differ, " + a + " vs " + b);
    }
}
