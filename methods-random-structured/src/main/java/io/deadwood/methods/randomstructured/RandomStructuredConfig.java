package io.deadwood.methods.randomstructured;

import io.deadwood.api.prune.structured.PruneSchedule;

/**
 * Settings of {@code random-structured}; see {@link PruneSchedule} for how each field is checked.
 *
 * @param targetSparsity   fraction of all prunable units to remove (default 0.5)
 * @param pruneAt          fraction of the run's steps at which the first prune event happens (0.5)
 * @param pruneEnd         fraction at which the last event happens; null: {@code pruneAt}
 * @param steps            equal prune events from {@code pruneAt} to {@code pruneEnd} (1: one-shot)
 * @param scope            {@code global} (a uniform draw over all units) or {@code layer} (the same
 *                         fraction drawn from every group)
 * @param minUnitsPerGroup units every group keeps (1)
 */
public record RandomStructuredConfig(double targetSparsity, double pruneAt, Double pruneEnd, int steps, String scope,
                                     int minUnitsPerGroup) {

    public RandomStructuredConfig {
        new PruneSchedule(targetSparsity, pruneAt, pruneEnd, steps, scope, minUnitsPerGroup);
    }

    public static RandomStructuredConfig defaults() {
        return new RandomStructuredConfig(0.5, 0.5, null, 1, PruneSchedule.GLOBAL, 1);
    }

    public PruneSchedule schedule() {
        return new PruneSchedule(targetSparsity, pruneAt, pruneEnd, steps, scope, minUnitsPerGroup);
    }
}
