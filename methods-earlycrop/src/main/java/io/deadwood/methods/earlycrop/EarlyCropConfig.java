package io.deadwood.methods.earlycrop;

import io.deadwood.api.prune.structured.PruneSchedule;

/**
 * Settings of {@code earlycrop-s}; the schedule fields are checked by {@link PruneSchedule}.
 *
 * @param targetSparsity   fraction of all prunable units to remove, in one shot (default 0.5)
 * @param pruneAt          fraction of the run's steps by which the prune happens at the latest, when
 *                         the weight-change check has not fired before (0.05; the code's prune_to)
 * @param scope            {@code global} (raw gradient-flow scores ranked together, as the paper does)
 *                         or {@code layer} (the same fraction from every group)
 * @param minUnitsPerGroup units every group keeps (1, as the code keeps a layer's best unit)
 * @param batches          probe batches the gradients are averaged over (5, the code's)
 * @param lazyCheck        prune as soon as the weights settle (see {@link EarlyCropSession}); false
 *                         prunes at {@code pruneAt} only (true)
 */
public record EarlyCropConfig(double targetSparsity, double pruneAt, String scope, int minUnitsPerGroup, int batches,
                              boolean lazyCheck) {

    public EarlyCropConfig {
        schedule(targetSparsity, pruneAt, scope, minUnitsPerGroup);
        if (batches < 1) throw new IllegalArgumentException("batches must be at least 1, got " + batches);
    }

    public static EarlyCropConfig defaults() {
        return new EarlyCropConfig(0.5, 0.05, PruneSchedule.GLOBAL, 1, 5, true);
    }

    public PruneSchedule schedule() {
        return schedule(targetSparsity, pruneAt, scope, minUnitsPerGroup);
    }

    private static PruneSchedule schedule(double targetSparsity, double pruneAt, String scope, int minUnitsPerGroup) {
        return new PruneSchedule(targetSparsity, pruneAt, null, 1, scope, minUnitsPerGroup);
    }
}
