package io.deadwood.reproduce.bench;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.data.DataSplits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Training throughput at 1, 2, 4, ... threads, with where the time goes. For each model and thread
 * count it trains as {@link TrainBench} does (warm-up first, then a timed stretch) and gives
 * images/s, the parallel efficiency against one thread (images/s at t threads over t times those at
 * one), and per op: microseconds per step, its share of the step, and its own efficiency. The time
 * outside the ops (the loader, the trainer's bookkeeping) is an op of its own, {@code outside ops}.
 */
public final class ScalingBench {
    private static final long WARM_NANOS = 2_000_000_000L, TIMED_NANOS = 3_000_000_000L;
    private static final int WARM_STEPS = 8, TIMED_MIN_STEPS = 5;

    private ScalingBench() {
    }

    /** 1, 2, 4, ... up to {@code cores}, and {@code cores} itself. */
    public static int[] threadCounts(int cores) {
        List<Integer> out = new ArrayList<>();
        for (int t = 1; t < cores; t *= 2) out.add(t);
        out.add(cores);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    public static List<BenchRow> run(IntFunction<ComputeBackend> open, DataSplits data, List<TrainBench.Entry> entries,
                                     int[] threadCounts) {
        return run(open, data, entries, threadCounts, WARM_NANOS, TIMED_NANOS);
    }

    /** As above with the warm-up and timed stretches given (tests keep them short). */
    static List<BenchRow> run(IntFunction<ComputeBackend> open, DataSplits data, List<TrainBench.Entry> entries,
                              int[] threadCounts, long warmNanos, long timedNanos) {
        List<BenchRow> rows = new ArrayList<>();
        for (TrainBench.Entry e : entries) {
            double single = Double.NaN;
            Map<TimedBackend.Op, long[]> singleOps = null;
            long singleSteps = 0;
            for (int t : threadCounts) {
                try (TimedBackend timed = new TimedBackend(open.apply(t))) {
                    TrainBench.Stepper stepper = TrainBench.Stepper.of(e.model(), e.width(), timed, data);
                    while (stepper.steps < WARM_STEPS) stepper.step();
                    stepper.imagesPerSecond(warmNanos, 1);
                    timed.reset();
                    long before = stepper.steps, t0 = System.nanoTime();
                    double ips = stepper.imagesPerSecond(timedNanos, TIMED_MIN_STEPS);
                    long wall = System.nanoTime() - t0, steps = stepper.steps - before;
                    Map<TimedBackend.Op, long[]> ops = timed.snapshot();
                    if (Double.isNaN(single)) {
                        single = ips / t;
                        singleOps = ops;
                        singleSteps = steps;
                    }
                    String what = e.label() + " " + t + (t == 1 ? " thread" : " threads");
                    rows.add(BenchRow.against(what, t, ips, "images/s", "t x 1 thread", single * t));
                    long inOps = 0;
                    for (var op : ops.entrySet()) {
                        inOps += op.getValue()[0];
                        double ms = op.getValue()[0] / 1e3 / steps;
                        long[] one = singleOps.get(op.getKey());
                        double oneMs = one == null ? Double.NaN : one[0] / 1e3 / singleSteps;
                        rows.add(opRow(what + ": " + op.getKey().label(), t, ms, oneMs, op.getValue()[0] / (double) wall));
                    }
                    double outside = (wall - inOps) / 1e3 / steps;
                    rows.add(BenchRow.alone(what + ": outside ops", t, outside, "us/step",
                            String.format("%.0f%% of the step", 100.0 * (wall - inOps) / wall)));
                }
            }
        }
        return rows;
    }

    /** An op's time per step, against what it would be with one thread's time spread perfectly over t. */
    private static BenchRow opRow(String name, int t, double ms, double oneThreadMs, double share) {
        String note = String.format("%.0f%% of the step", 100 * share);
        if (Double.isNaN(oneThreadMs)) return BenchRow.alone(name, t, ms, "us/step", note);
        return new BenchRow(name, t, ms, "us/step", "1 thread / t", oneThreadMs / t, oneThreadMs / t / ms, note);
    }
}
