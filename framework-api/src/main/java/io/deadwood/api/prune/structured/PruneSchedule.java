package io.deadwood.api.prune.structured;

/**
 * When and how much the structured baselines prune: {@code steps} equal events spread evenly from
 * {@code pruneAt} to {@code pruneEnd} (fractions of the run's steps), together removing
 * {@code targetSparsity} of all prunable units. The reproduce suite sets {@code targetSparsity} to
 * the neuron sparsity DemP reached, so the baselines are compared at matched sparsity.
 *
 * @param pruneEnd         null means {@code pruneAt}; kept null rather than filled in so that a user
 *                         config naming only {@code pruneAt} moves the whole schedule
 * @param scope            {@code global}: rank units across groups; {@code layer}: the same fraction
 *                         from every group
 * @param minUnitsPerGroup units every group keeps whatever the target asks
 */
public record PruneSchedule(double targetSparsity, double pruneAt, Double pruneEnd, int steps, String scope,
                            int minUnitsPerGroup) {

    public static final String GLOBAL = "global";
    public static final String LAYER = "layer";

    public PruneSchedule {
        if (!(targetSparsity >= 0 && targetSparsity < 1)) {
            throw new IllegalArgumentException("targetSparsity must be in [0, 1), got " + targetSparsity);
        }
        if (!(pruneAt >= 0 && pruneAt < 1)) {
            throw new IllegalArgumentException("pruneAt must be in [0, 1), got " + pruneAt);
        }
        if (pruneEnd != null && !(pruneEnd >= pruneAt && pruneEnd < 1)) {
            throw new IllegalArgumentException("pruneEnd must be in [pruneAt, 1) = [" + pruneAt + ", 1), got " + pruneEnd);
        }
        if (steps < 1) throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        if (steps > 1 && (pruneEnd == null || pruneEnd == pruneAt)) {
            throw new IllegalArgumentException("pruneEnd must be after pruneAt when steps > 1 (" + steps
                    + " events at one step are one event); got pruneEnd " + pruneEnd);
        }
        if (!GLOBAL.equals(scope) && !LAYER.equals(scope)) {
            throw new IllegalArgumentException("scope must be 'global' or 'layer', got '" + scope + "'");
        }
        if (minUnitsPerGroup < 1) {
            throw new IllegalArgumentException("minUnitsPerGroup must be at least 1 (a group with no unit cuts the network), got "
                    + minUnitsPerGroup);
        }
    }

    public boolean global() { return GLOBAL.equals(scope); }

    public double end() { return pruneEnd == null ? pruneAt : pruneEnd; }

    /** The 0-based step of each event in a run of {@code totalSteps}; several may share a step in a short run. */
    public long[] eventSteps(long totalSteps) {
        long[] at = new long[steps];
        for (int k = 0; k < steps; k++) {
            double f = steps == 1 ? pruneAt : pruneAt + (end() - pruneAt) * k / (steps - 1);
            at[k] = Math.min(totalSteps - 1, (long) Math.floor(f * totalSteps));
        }
        return at;
    }

    /** Fraction of the original units removed once event {@code k} (0-based) is done. */
    public double sparsityAfter(int k) {
        return targetSparsity * (k + 1) / steps;
    }
}
