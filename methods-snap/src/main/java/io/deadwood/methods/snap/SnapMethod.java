package io.deadwood.methods.snap;

import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.prune.PruningSession;
import java.util.Optional;
import io.deadwood.api.prune.SparsityTarget;
import io.deadwood.api.prune.saliency.GateRankingSession;
import io.deadwood.api.prune.saliency.GateScores;
import io.deadwood.api.prune.saliency.ProbePasses;
import java.util.Map;

/**
 * SNAP, the structured form of SNIP-it (Verdenius et al. 2020, "Pruning via Iterative Ranking of
 * Sensitivity Statistics"): a unit's importance is |dL/dc| for a gate c on its output, the loss
 * change its removal would cause to first order. Pruning happens at initialisation, in rounds of
 * rising sparsity, re-scoring the narrowed network after each, so that units whose importance
 * only shows once others are gone are not all cut at once.
 */
public final class SnapMethod implements PruningMethod<SnapConfig> {
    public static final String ID = "snap";

    @Override
    public String id() { return ID; }

    @Override
    public String description() {
        return "SNAP (Verdenius et al. 2020): iterative unit pruning at initialisation by gate sensitivity |dL/dc|";
    }

    @Override
    public Class<SnapConfig> configType() { return SnapConfig.class; }

    @Override
    public SnapConfig defaultConfig() { return SnapConfig.defaults(); }

    /** Its {@code targetSparsity} is a fraction of all prunable units: a neuron sparsity. */
    @Override
    public Optional<SnapConfig> withSparsityTarget(SnapConfig c, SparsityTarget target) {
        if (target.kind() != SparsityTarget.Kind.NEURON) return Optional.empty();
        return Optional.of(new SnapConfig(target.value(), c.pruneAt(), c.scope(), c.minUnitsPerGroup(), c.rounds(), c.start(), c.batches()));
    }

    @Override
    public PruningSession open(SnapConfig config, PruningContext context) {
        return new GateRankingSession(ID, config.schedule(), context, config.rounds(), config.start(), config.batches()) {
            @Override
            protected Map<String, double[]> score(ProbePasses passes) {
                return GateScores.sensitivity(passes);
            }
        };
    }
}
