package io.deadwood.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed set of daemon threads that runs numbered parts of a job. Part p always covers the same
 * slice of the work (see {@link #start} / {@link #end}), whichever thread happens to run it, so a
 * result never depends on scheduling; per-part scratch memory is indexed by the part number.
 *
 * <p>Worker p always runs part p. A job is handed over through fields and a per-worker ticket
 * rather than an executor's task objects, so running one allocates nothing: the training loop
 * calls the pool dozens of times a step. The job's fields are written before the tickets (volatile)
 * and not touched again until every part has reported back, which is what makes them safe to read.
 */
final class WorkerPool implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();
    /**
     * How long a worker busy-waits for the next job before parking, in nanoseconds. Waking a parked
     * thread takes a system call and, on a virtual machine, tens of microseconds; a training step's
     * ops follow each other within that, and the gap between steps (the next batch) is about as long.
     */
    static final long SPIN_NANOS = Long.getLong("deadwood.cpu.spinMicros", 200) * 1000;

    private final int threads;
    private final Worker[] workers;
    /** Taken by the caller that owns the workers; a second caller meanwhile runs its parts itself. */
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Thread caller;
    private volatile boolean closed;

    // The job in progress: either a part body or a range body over [0, total).
    private IntConsumer partBody;
    private RangeBody rangeBody;
    private int total;
    private int parts;

    WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Worker[threads];
        int pool = POOLS.incrementAndGet();
        for (int p = 1; p < threads; p++) {
            workers[p] = new Worker(p, "vector-cpu-" + pool + "-" + p);
            workers[p].start();
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
     * The first failure in part order is rethrown after every part has finished.
     */
    void run(int parts, IntConsumer body) {
        dispatch(parts, body, null, 0);
    }

    /** Splits [0, total) into at most {@code threads} contiguous ranges of at least {@code grain} items. */
    void forRange(int total, int grain, RangeBody body) {
        dispatch(partsFor(total, grain), null, body, total);
    }

    int partsFor(int total, int grain) {
        if (total <= 0) return 0;
        long byGrain = Math.max(1, total / Math.max(1, grain));
        return (int) Math.min(threads, byGrain);
    }

    private void dispatch(int parts, IntConsumer partBody, RangeBody rangeBody, int total) {
        if (parts > threads) {
            throw new IllegalArgumentException("parts " + parts + " > threads " + threads);
        }
        if (parts <= 1 || !busy.compareAndSet(false, true)) {
            // One part, or the workers are taken (a call from another thread, or from inside a part):
            // the same parts in turn on this thread give the same result.
            for (int p = 0; p < parts; p++) runPart(p, parts, partBody, rangeBody, total);
            return;
        }
        try {
            if (closed) throw new IllegalStateException("worker pool is closed");
            this.partBody = partBody;
            this.rangeBody = rangeBody;
            this.total = total;
            this.parts = parts;
            caller = Thread.currentThread();
            pending.set(parts - 1);
            for (int p = 1; p < parts; p++) workers[p].wake();
            Throwable failure = null;
            try {
                runPart(0, parts, partBody, rangeBody, total);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            awaitWorkers();
            for (int p = 1; p < parts; p++) {
                Throwable t = workers[p].takeFailure();
                if (failure == null) failure = t;
            }
            if (failure instanceof RuntimeException re) throw re;
            if (failure instanceof Error err) throw err;
            if (failure != null) throw new IllegalStateException("worker failed", failure);
        } finally {
            this.partBody = null;
            this.rangeBody = null;
            busy.set(false);
        }
    }

    private static void runPart(int p, int parts, IntConsumer partBody, RangeBody rangeBody, int total) {
        if (rangeBody != null) {
            rangeBody.accept(p, start(total, parts, p), end(total, parts, p));
        } else {
            partBody.accept(p);
        }
    }

    private void awaitWorkers() {
        long deadline = 0;
        for (int spin = 0; pending.get() != 0; spin++) {
            if (spin < 64) {
                Thread.onSpinWait();
            } else if (deadline == 0) {
                deadline = System.nanoTime() + SPIN_NANOS;
            } else if (System.nanoTime() < deadline) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (int p = 1; p < threads; p++) LockSupport.unpark(workers[p]);
    }

    /** The work of one part: items [from, to). */
    @FunctionalInterface
    interface RangeBody {
        void accept(int part, int from, int to);
    }

    /** Runs part {@code part} of each job it is woken for, until the pool closes. */
    private final class Worker extends Thread {
        private final int part;
        private volatile int ticket;
        private volatile boolean parked;
        private Throwable failure;

        Worker(int part, String name) {
            super(name);
            this.part = part;
            setDaemon(true);
        }

        /** Called by the owning caller only, so the increment does not race. */
        void wake() {
            ticket++;
            // Dekker pairing with the worker: it sets parked, then rereads the ticket.
            if (parked) LockSupport.unpark(this);
        }

        Throwable takeFailure() {
            Throwable t = failure;
            failure = null;
            return t;
        }

        @Override
        public void run() {
            int seen = 0;
            while (true) {
                long deadline = 0;
                for (int spin = 0; ticket == seen && !closed; spin++) {
                    if (spin < 64) {
                        Thread.onSpinWait();
                    } else if (deadline == 0) {
                        deadline = System.nanoTime() + SPIN_NANOS;
                    } else if (System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        if (ticket == seen && !closed) LockSupport.park(WorkerPool.this);
                        parked = false;
                    }
                }
                if (closed) return;
                seen = ticket;
                try {
                    runPart(part, parts, partBody, rangeBody, total);
                } catch (Throwable t) {
                    failure = t;
                }
                if (pending.decrementAndGet() == 0) LockSupport.unpark(caller);
            }
        }
    }
}
