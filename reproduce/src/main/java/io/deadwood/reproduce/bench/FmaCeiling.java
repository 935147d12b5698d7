package io.deadwood.reproduce.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The FMA ceiling: a loop of independent vector FMAs with nothing else in it, on 1..n platform
 * threads at once. It is measured in the same run as every figure it is compared with, because the
 * clock boosts and the machine is shared: an absolute GFLOP/s from another run says little.
 */
public final class FmaCeiling {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Independent accumulators: enough to cover FMA latency times the FMA pipes of current cores. */
    private static final int CHAINS = 24;
    private static final int ITERATIONS = 2_000_000;
    private static volatile float sink;

    private FmaCeiling() {
    }

    /** Best-round GFLOP/s of the FMA loop on {@code threads} threads together. */
    public static double measure(int threads) {
        double flopsPerCall = 2.0 * CHAINS * S.length() * ITERATIONS * threads;
        return Rate.best(flopsPerCall, () -> runOn(threads)) / 1e9;
    }

    /** Starts measuring kernels between two ceiling measurements on {@code threads} threads. */
    public static Bracket bracket(int threads) {
        return new Bracket(threads, measure(threads));
    }

    /**
     * Kernels timed between a ceiling measured before them and one measured after. Each is set
     * against the higher of the two: another process that held a core during one ceiling
     * measurement would otherwise make every ratio look better than it is.
     */
    public static final class Bracket {
        private final int threads;
        private final double before;
        private final java.util.List<String> names = new java.util.ArrayList<>();
        private final java.util.List<Double> gflops = new java.util.ArrayList<>();

        private Bracket(int threads, double before) {
            this.threads = threads;
            this.before = before;
        }

        /** Times {@code call}, which does {@code flopsPerCall} floating-point operations. */
        public void add(String name, double flopsPerCall, Runnable call) {
            names.add(name);
            gflops.add(Rate.best(flopsPerCall, call) / 1e9);
        }

        /** Measures the ceiling again; returns the ceiling row, then a row per kernel. */
        public java.util.List<BenchRow> close() {
            double after = measure(threads), ceiling = Math.max(before, after);
            java.util.List<BenchRow> rows = new java.util.ArrayList<>();
            rows.add(BenchRow.alone("fma ceiling", threads, ceiling, "GFLOP/s",
                    String.format(java.util.Locale.ROOT, "FMA-only vector loop, higher of %.1f before and %.1f after", before, after)));
            for (int i = 0; i < names.size(); i++) {
                rows.add(BenchRow.against(names.get(i), threads, gflops.get(i), "GFLOP/s", "fma ceiling", ceiling));
            }
            return rows;
        }
    }

    public static int vectorBits() {
        return S.vectorBitSize();
    }

    private static void runOn(int threads) {
        Thread[] others = new Thread[threads - 1];
        for (int t = 0; t < others.length; t++) {
            others[t] = Thread.ofPlatform().daemon().start(() -> loop(ITERATIONS));
        }
        loop(ITERATIONS);
        for (Thread t : others) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static void loop(int iterations) {
        FloatVector a = FloatVector.broadcast(S, 0.999f), b = FloatVector.broadcast(S, 0.001f);
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        FloatVector c8 = c0, c9 = c0, c10 = c0, c11 = c0, c12 = c0, c13 = c0, c14 = c0, c15 = c0;
        FloatVector c16 = c0, c17 = c0, c18 = c0, c19 = c0, c20 = c0, c21 = c0, c22 = c0, c23 = c0;
        for (int i = 0; i < iterations; i++) {
            c0 = a.fma(c0, b); c1 = a.fma(c1, b); c2 = a.fma(c2, b); c3 = a.fma(c3, b);
            c4 = a.fma(c4, b); c5 = a.fma(c5, b); c6 = a.fma(c6, b); c7 = a.fma(c7, b);
            c8 = a.fma(c8, b); c9 = a.fma(c9, b); c10 = a.fma(c10, b); c11 = a.fma(c11, b);
            c12 = a.fma(c12, b); c13 = a.fma(c13, b); c14 = a.fma(c14, b); c15 = a.fma(c15, b);
            c16 = a.fma(c16, b); c17 = a.fma(c17, b); c18 = a.fma(c18, b); c19 = a.fma(c19, b);
            c20 = a.fma(c20, b); c21 = a.fma(c21, b); c22 = a.fma(c22, b); c23 = a.fma(c23, b);
        }
        FloatVector s = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10)
                .add(c11).add(c12).add(c13).add(c14).add(c15).add(c16).add(c17).add(c18).add(c19).add(c20)
                .add(c21).add(c22).add(c23);
        sink = s.lane(0);
    }
}
