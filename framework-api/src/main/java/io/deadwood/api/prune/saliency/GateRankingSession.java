package io.deadwood.api.prune.saliency;

import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.api.prune.structured.PruneSchedule;
import io.deadwood.api.prune.structured.StructuredPruningSession;
import java.util.Map;

/**
 * A structured session whose scores come from gradients on the scoring slice, taken afresh for each
 * round: SNIP-it's iterative single-shot pruning, where an event is split into rounds of rising
 * sparsity so that each round ranks the units of the network the last round left. With one round
 * it is plain single-shot pruning.
 */
public abstract class GateRankingSession extends StructuredPruningSession {
    private final int rounds;
    private final double start;
    private final int batches;
    private Map<String, double[]> current = Map.of();

    protected GateRankingSession(String methodId, PruneSchedule schedule, PruningContext context, int rounds,
                                 double start, int batches) {
        super(methodId, schedule, context);
        this.rounds = rounds;
        this.start = start;
        this.batches = batches;
    }

    /** One score per unit of every group of the model as it stands; the lowest go first. */
    protected abstract Map<String, double[]> score(ProbePasses passes);

    /**
     * The cumulative sparsity after each round: SNIP-it's schedule target - (target - start) / 2^i
     * for i = 0 .. rounds - 2, then the target. One round when the target is not above {@code start}
     * (the schedule would otherwise begin beyond it), as DemP's reimplementation does.
     */
    public static double[] roundSparsities(double target, double start, int rounds) {
        if (rounds <= 1 || target <= start) return new double[] {target};
        double[] out = new double[rounds];
        for (int i = 0; i < rounds - 1; i++) out[i] = target - (target - start) * Math.pow(0.5, i);
        out[rounds - 1] = target;
        return out;
    }

    @Override
    protected void prune(double fraction, long step) {
        ProbePasses passes = passes();
        for (double s : roundSparsities(fraction, start, rounds)) {
            // A round that would cut nothing (rounding at a small width) costs passes and says nothing.
            if (Math.round(s * originalUnits()) <= removedTotal()) continue;
            current = score(passes);
            try {
                super.prune(s, step);
            } finally {
                current = Map.of();
            }
        }
    }

    @Override
    protected double[] scores(UnitGroup group, boolean global) {
        double[] s = current.get(group.name());
        if (s == null || s.length != group.size()) {
            throw new IllegalStateException("no scores for group " + group.name() + " of " + group.size() + " units");
        }
        return s.clone();
    }

    private ProbePasses passes() {
        if (context.statistics() == null || context.backend() == null) {
            throw new IllegalStateException("gradient scores need the probe slice and the backend in the pruning context");
        }
        return new ProbePasses(context.model(), context.backend(), context.statistics().probeData(), batches);
    }
}
