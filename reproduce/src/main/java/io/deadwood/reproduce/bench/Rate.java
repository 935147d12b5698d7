package io.deadwood.reproduce.bench;

import java.util.Arrays;

/**
 * Throughput of the best of several timed rounds after a warm-up. On a shared machine another
 * process only ever slows a round down, so the fastest round is the closest to what the code
 * does on its own; the same rule applies to the FMA ceiling and to the peers, so ratios compare
 * like with like.
 */
public final class Rate {
    private static final int ROUNDS = 7;
    private static final long WARMUP_NANOS = 400_000_000L;
    private static final long ROUND_NANOS = 120_000_000L;

    private Rate() {
    }

    /** Work units per second of {@code call}'s fastest round; a call does {@code workPerCall} units. */
    public static double best(double workPerCall, Runnable call) {
        long t0 = System.nanoTime();
        int warm = 0;
        while (warm < 3 || System.nanoTime() - t0 < WARMUP_NANOS) {
            call.run();
            warm++;
        }
        double[] rates = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            int calls = 0;
            long start = System.nanoTime(), now;
            do {
                call.run();
                calls++;
                now = System.nanoTime();
            } while (now - start < ROUND_NANOS);
            rates[r] = workPerCall * calls / ((now - start) / 1e9);
        }
        Arrays.sort(rates);
        return rates[ROUNDS - 1];
    }
}
