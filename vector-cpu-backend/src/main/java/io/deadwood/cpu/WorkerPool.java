package io.deadwood.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A fixed set of daemon threads that runs numbered parts of a job. Part p always covers the same
 * slice of the work (see {@link #start} / {@link #end}), whichever thread happens to run it, so a
 * result never depends on scheduling; per-part scratch memory is indexed by the part number.
 */
final class WorkerPool implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;
    private final ExecutorService executor;

    WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        if (threads == 1) {
            this.executor = null;
        } else {
            int pool = POOLS.incrementAndGet();
            AtomicInteger count = new AtomicInteger();
            this.executor = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "vector-cpu-" + pool + "-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    int threads() {
        return threads;
    }

    /** First index of part {@code part} when {@code total} items are split into {@code parts}. */
    static int start(int total, int parts, int part) {
        return (int) ((long) total * part / parts);
    }

    static int end(int total, int parts, int part) {
        return start(total, parts, part + 1);
    }

    /**
     * Runs body(0) .. body(parts-1), part 0 on the calling thread, and returns when all are done.
     * The first failure is rethrown after every part has finished.
     */
    void run(int parts, IntConsumer body) {
        if (parts <= 1 || executor == null) {
            for (int p = 0; p < parts; p++) body.accept(p);
            return;
        }
        if (parts > threads) {
            throw new IllegalArgumentException("parts " + parts + " > threads " + threads);
        }
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int part = p;
            futures.add(executor.submit(() -> body.accept(part)));
        }
        Throwable failure = null;
        try {
            body.accept(0);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) failure = e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = e;
            }
        }
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new IllegalStateException("worker failed", failure);
    }

    /** Splits [0, total) into at most {@code threads} contiguous ranges of at least {@code grain} items. */
    void forRange(int total, int grain, RangeBody body) {
        int parts = partsFor(total, grain);
        run(parts, p -> body.accept(p, start(total, parts, p), end(total, parts, p)));
    }

    int partsFor(int total, int grain) {
        if (total <= 0) return 0;
        long byGrain = Math.max(1, total / Math.max(1, grain));
        return (int) Math.min(threads, byGrain);
    }

    @Override
    public void close() {
        if (executor != null) executor.shutdownNow();
    }

    /** The work of one part: items [from, to). */
    @FunctionalInterface
    interface RangeBody {
        void accept(int part, int from, int to);
    }
}
