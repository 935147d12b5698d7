package io.deadwood.api.train.schedule;

import java.util.Arrays;

/** The schedule shapes; {@link ScheduleConfig#create} picks one from a config. */
public final class Schedules {
    private Schedules() {
    }

    public static LrSchedule constant(double lr) {
        return new Constant(lr);
    }

    /** {@code lr * gamma^k}, k the number of milestones (fractions of the run) already reached. */
    public static LrSchedule step(double lr, double[] milestones, double gamma) {
        return new Step(lr, milestones.clone(), gamma);
    }

    /** Half a cosine from {@code lr} at step 0 to {@code floor} at the last step. */
    public static LrSchedule cosine(double lr, double floor) {
        return new Cosine(lr, floor);
    }

    /**
     * The one-cycle shape of PyTorch's {@code OneCycleLR} with cosine annealing: from
     * {@code peak / divFactor} up to {@code peak} at {@code pctStart} of the run, then down to
     * {@code peak / (divFactor * finalDivFactor)} at the end. Both legs are half cosines.
     */
    public static LrSchedule oneCycle(double peak, double pctStart, double divFactor, double finalDivFactor) {
        return new OneCycle(peak, pctStart, divFactor, finalDivFactor);
    }

    /**
     * A linear ramp over the first {@code warmupSteps} steps, from {@code 1/warmupSteps} of the
     * inner schedule's starting value up to it, after which the inner schedule runs over the
     * remaining steps (so a cosine starts its descent from the full value when warm-up ends).
     */
    public static LrSchedule withWarmup(LrSchedule inner, long warmupSteps) {
        if (warmupSteps < 0) throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
        return warmupSteps == 0 ? inner : new Warmup(inner, warmupSteps, 0);
    }

    /** As {@link #withWarmup(LrSchedule, long)}, the warm-up being a fraction of the run, rounded to steps. */
    public static LrSchedule withWarmupFraction(LrSchedule inner, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("warmupFraction must be in [0, 1), got " + fraction);
        }
        return fraction == 0 ? inner : new Warmup(inner, 0, fraction);
    }

    private static double progress(long step, long total) {
        if (total <= 0) return 1;
        return Math.min(1.0, Math.max(0.0, (double) step / total));
    }

    private static double halfCosine(double from, double to, double t) {
        return to + (from - to) * 0.5 * (1 + Math.cos(Math.PI * t));
    }

    private record Constant(double lr) implements LrSchedule {
        @Override public double lr(long step, long totalSteps) { return lr; }
    }

    private record Step(double lr, double[] milestones, double gamma) implements LrSchedule {
        @Override
        public double lr(long step, long totalSteps) {
            double t = progress(step, totalSteps);
            double v = lr;
            for (double m : milestones) if (t >= m) v *= gamma;
            return v;
        }

        @Override
        public String toString() {
            return "Step[lr=" + lr + ", milestones=" + Arrays.toString(milestones) + ", gamma=" + gamma + "]";
        }
    }

    private record Cosine(double lr, double floor) implements LrSchedule {
        @Override
        public double lr(long step, long totalSteps) {
            return halfCosine(lr, floor, progress(step, totalSteps));
        }
    }

    private record OneCycle(double peak, double pctStart, double divFactor, double finalDivFactor)
            implements LrSchedule {
        @Override
        public double lr(long step, long totalSteps) {
            double start = peak / divFactor;
            double end = start / finalDivFactor;
            double t = progress(step, totalSteps);
            if (t < pctStart) return halfCosine(start, peak, t / pctStart);
            return halfCosine(peak, end, (t - pctStart) / (1 - pctStart));
        }
    }

    private record Warmup(LrSchedule inner, long steps, double fraction) implements LrSchedule {
        @Override
        public double lr(long step, long totalSteps) {
            long wanted = steps > 0 ? steps : Math.round(fraction * totalSteps);
            long warm = Math.min(wanted, totalSteps);
            if (warm <= 0) return inner.lr(step, totalSteps);
            if (step < warm) return inner.lr(0, totalSteps - warm) * (step + 1) / warm;
            return inner.lr(step - warm, totalSteps - warm);
        }
    }
}
