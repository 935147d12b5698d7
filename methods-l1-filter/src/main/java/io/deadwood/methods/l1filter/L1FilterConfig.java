package io.deadwood.methods.l1filter;

import io.deadwood.api.prune.structured.PruneSchedule;

/**
 * Settings of {@code l1-filter}; see {@link PruneSchedule} for what each field means and how it is
 * checked.
 *
 * @param targetSparsity   fraction of all prunable units to remove (default 0.5)
 * @param pruneAt          fraction of the run's steps at which the first prune event happens (0.5)
 * @param pruneEnd         fraction at which the last event happens; null: {@code pruneAt}
 * @param steps            equal prune events from {@code pruneAt} to {@code pruneEnd} (1: one-shot)
 * @param scope            {@code global} (scores divided by their group's mean, ranked together) or
 *                         {@code layer} (the same fraction from every group)
 * @param minUnitsPerGroup units every group keeps (1)
 */
public record L1FilterConfig(double targetSparsity, double pruneAt, Double pruneEnd, int steps, String scope,
                             int minUnitsPerGroup) {

    public L1FilterConfig {
        schedule(targetSparsity, pruneAt, pruneEnd, steps, scope, minUnitsPerGroup);
    }

    public static L1FilterConfig defaults() {
        return new L1FilterConfig(0.5, 0.5, null, 1, PruneSchedule.GLOBAL, 1);
    }

    public PruneSchedule schedule() {
        return schedule(targetSparsity, pruneAt, pruneEnd, steps, scope, minUnitsPerGroup);
    }

    private static PruneSchedule schedule(double targetSparsity, double pruneAt, Double pruneEnd, int steps, String scope,
                                          int minUnitsPerGroup) {
        return new PruneSchedule(targetSparsity, pruneAt, pruneEnd, steps, scope, minUnitsPerGroup);
    }
}
