package io.deadwood.tornado;

import java.util.Map;
import java.util.TreeMap;

/**
 * Per-kernel device time from TornadoVM's profiler, when profiling is on. A kernel that ran on the
 * device reports device time; one that TornadoVM ran as plain Java after a bailout reports none.
 */
public final class KernelStats {
    private final boolean profiling;
    private final Map<String, long[]> byPlan = new TreeMap<>();

    KernelStats(boolean profiling) {
        this.profiling = profiling;
    }

    boolean profiling() { return profiling; }

    synchronized void record(String plan, long kernelNanos, long compileNanos) {
        long[] s = byPlan.computeIfAbsent(plan, k -> new long[3]);
        s[0]++;
        s[1] += kernelNanos;
        s[2] += compileNanos;
    }

    /** Plan kind -> {executions, device kernel nanoseconds, compile nanoseconds}. */
    public synchronized Map<String, long[]> snapshot() {
        Map<String, long[]> copy = new TreeMap<>();
        byPlan.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }
}
