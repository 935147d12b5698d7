package io.deadwood.methods.snap;

import io.deadwood.api.prune.structured.PruneSchedule;

/**
 * Settings of {@code snap}; the schedule fields are checked by {@link PruneSchedule}.
 *
 * @param targetSparsity   fraction of all prunable units to remove (default 0.5)
 * @param pruneAt          fraction of the run's steps at which all rounds run (0: after the first
 *                         step, i.e. at initialisation)
 * @param scope            {@code global} (raw gate sensitivities ranked together, as the paper does)
 *                         or {@code layer} (the same fraction from every group)
 * @param minUnitsPerGroup units every group keeps (1, as SNAP keeps a layer's best unit)
 * @param rounds           prune rounds, each re-scoring the network the last one left (7: SNIP-it's
 *                         default of 5 halving steps, plus the first round and the target)
 * @param start            sparsity after the first round (0.5, SNIP-it's default); a target not above
 *                         it is reached in one round
 * @param batches          probe batches the gradients are averaged over (5, SNIP-it's)
 */
public record SnapConfig(double targetSparsity, double pruneAt, String scope, int minUnitsPerGroup, int rounds,
                         double start, int batches) {

    public SnapConfig {
        schedule(targetSparsity, pruneAt, scope, minUnitsPerGroup);
        if (rounds < 1) throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        if (!(start > 0 && start < 1)) throw new IllegalArgumentException("start must be in (0, 1), got " + start);
        if (batches < 1) throw new IllegalArgumentException("batches must be at least 1, got " + batches);
    }

    public static SnapConfig defaults() {
        return new SnapConfig(0.5, 0.0, PruneSchedule.GLOBAL, 1, 7, 0.5, 5);
    }

    public PruneSchedule schedule() {
        return schedule(targetSparsity, pruneAt, scope, minUnitsPerGroup);
    }

    private static PruneSchedule schedule(double targetSparsity, double pruneAt, String scope, int minUnitsPerGroup) {
        return new PruneSchedule(targetSparsity, pruneAt, null, 1, scope, minUnitsPerGroup);
    }
}
