package io.deadwood.api.train;

/**
 * Where a run stands: the training cycle, the epoch and step within it, and the steps taken over the
 * whole run. One clock per run; the trainer moves it at the start of every step and the cycle loop at
 * the start of every cycle, and everything else (the pruner's event records, the metrics, checkpoints,
 * error messages) reads it instead of counting for itself.
 */
public final class RunClock {
    private int cycle;
    private int epoch;
    private long step;
    private long runSteps;
    private boolean stepped;

    /** The cycle in progress, from 0 (0 for runs that train once). */
    public int cycle() { return cycle; }

    /** The epoch of the step in progress or last run, from 1; 0 before the run's first step. */
    public int epoch() { return epoch; }

    /**
     * 0-based index within its cycle of the step in progress or last run (the schedules' step); 0 before
     * the run's first step. A new cycle keeps the last cycle's figures until its own first step, so that
     * a cut its start hook makes is recorded where the run stood.
     */
    public long step() { return step; }

    /** Steps begun over the whole run, all cycles together. */
    public long runSteps() { return runSteps; }

    /** A new cycle starts; its steps count from 0 again. */
    public void startCycle(int cycle) {
        this.cycle = cycle;
        this.stepped = false;
    }

    /** A step starts (called by the trainer before the step's forward pass). */
    public void startStep(int epoch, long step) {
        this.epoch = epoch;
        this.step = step;
        this.stepped = true;
        runSteps++;
    }

    /** Puts the clock back where a checkpoint found it. */
    public void set(int cycle, int epoch, long step, long runSteps, boolean stepped) {
        this.cycle = cycle;
        this.epoch = epoch;
        this.step = step;
        this.runSteps = runSteps;
        this.stepped = stepped;
    }

    /** Whether the cycle in progress has begun a step. */
    public boolean stepped() { return stepped; }

    /** For messages: {@code at step 13 (epoch 1, cycle 0)}, the step 1-based as the trainer reports it. */
    public String describe() {
        if (!stepped) return "before the first step of cycle " + cycle;
        return "at step " + (step + 1) + " (epoch " + epoch + ", cycle " + cycle + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
