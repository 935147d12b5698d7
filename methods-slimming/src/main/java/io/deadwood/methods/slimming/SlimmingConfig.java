package io.deadwood.methods.slimming;

import io.deadwood.api.prune.structured.PruneSchedule;

/**
 * Settings of {@code slimming}; the schedule fields are checked by {@link PruneSchedule}.
 *
 * @param targetSparsity   fraction of all prunable units to remove (default 0.5)
 * @param pruneAt          fraction of the run's steps at which the first prune event happens (0.5)
 * @param pruneEnd         fraction at which the last event happens; null: {@code pruneAt}
 * @param steps            equal prune events from {@code pruneAt} to {@code pruneEnd} (1: one-shot)
 * @param scope            {@code global} (one threshold on |gamma| across all groups, as the paper
 *                         does) or {@code layer} (the same fraction from every group)
 * @param minUnitsPerGroup units every group keeps (1)
 * @param lambda           strength of the sparsity penalty, applied until the last prune event and
 *                         then dropped for fine-tuning (1e-4, the paper's CIFAR setting)
 */
public record SlimmingConfig(double targetSparsity, double pruneAt, Double pruneEnd, int steps, String scope,
                             int minUnitsPerGroup, double lambda) {

    public SlimmingConfig {
        new PruneSchedule(targetSparsity, pruneAt, pruneEnd, steps, scope, minUnitsPerGroup);
        if (!(lambda >= 0 && Double.isFinite(lambda))) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }
    }

    public static SlimmingConfig defaults() {
        return new SlimmingConfig(0.5, 0.5, null, 1, PruneSchedule.GLOBAL, 1, 1e-4);
    }

    public PruneSchedule schedule() {
        return new PruneSchedule(targetSparsity, pruneAt, pruneEnd, steps, scope, minUnitsPerGroup);
    }
}
