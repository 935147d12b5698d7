package io.deadwood.examples.taylor;

import io.deadwood.api.prune.structured.PruneSchedule;

/**
 * Settings of {@code taylor}. Jackson reads the record from the user's JSON (merged over
 * {@link #defaults()}, unknown fields refused); the compact constructor is the one place values are
 * checked, and its messages name the field so that the user's {@code error:} line does too.
 *
 * @param targetSparsity   fraction of all prunable units to remove (0.5)
 * @param pruneAt          fraction of the run's steps at which the first prune event happens (0.1)
 * @param pruneEnd         fraction at which the last event happens (0.5); null: {@code pruneAt}
 * @param steps            equal prune events from {@code pruneAt} to {@code pruneEnd} (5), each
 *                         followed by training, as the paper alternates pruning and fine-tuning
 * @param scope            {@code global} (raw importances ranked together, as the paper does) or
 *                         {@code layer} (the same fraction from every group)
 * @param minUnitsPerGroup units every group keeps (1)
 * @param batches          training batches the importance is averaged over before each event (10)
 */
public record TaylorConfig(double targetSparsity, double pruneAt, Double pruneEnd, int steps, String scope,
                           int minUnitsPerGroup, int batches) {

    public TaylorConfig {
        schedule(targetSparsity, pruneAt, pruneEnd, steps, scope, minUnitsPerGroup);
        if (batches < 1) throw new IllegalArgumentException("batches must be at least 1, got " + batches);
    }

    public static TaylorConfig defaults() {
        return new TaylorConfig(0.5, 0.1, 0.5, 5, PruneSchedule.GLOBAL, 1, 10);
    }

    public PruneSchedule schedule() {
        return schedule(targetSparsity, pruneAt, pruneEnd, steps, scope, minUnitsPerGroup);
    }

    /** PruneSchedule checks the schedule fields and names the one at fault. */
    private static PruneSchedule schedule(double targetSparsity, double pruneAt, Double pruneEnd, int steps,
                                          String scope, int minUnitsPerGroup) {
        return new PruneSchedule(targetSparsity, pruneAt, pruneEnd, steps, scope, minUnitsPerGroup);
    }
}
