package io.deadwood.methods.cropit;

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
 * CroP-it, iterative connectivity-preserving pruning of units at initialisation (Rachwan et al.
 * 2022, "Winning the Lottery Ahead of Time: Efficient Early Network Pruning"): a unit's importance
 * is how much removing it would change the gradient flow g . g, |d/dc (g . grad L)| for a gate c on
 * its output, so that training after the cut can still move the weights. Rounds of rising sparsity
 * re-score the narrowed network, as SNIP-it does for sensitivities.
 */
public final class CropItMethod implements PruningMethod<CropItConfig> {
    public static final String ID = "crop-it";

    @Override
    public String id() { return ID; }

    @Override
    public String description() {
        return "CroP-it (Rachwan et al. 2022): iterative unit pruning at initialisation that preserves gradient flow";
    }

    @Override
    public Class<CropItConfig> configType() { return CropItConfig.class; }

    @Override
    public CropItConfig defaultConfig() { return CropItConfig.defaults(); }

    /** Its {@code targetSparsity} is a fraction of all prunable units: a neuron sparsity. */
    @Override
    public Optional<CropItConfig> withSparsityTarget(CropItConfig c, SparsityTarget target) {
        if (target.kind() != SparsityTarget.Kind.NEURON) return Optional.empty();
        return Optional.of(new CropItConfig(target.value(), c.pruneAt(), c.scope(), c.minUnitsPerGroup(), c.rounds(), c.start(), c.batches()));
    }

    @Override
    public PruningSession open(CropItConfig config, PruningContext context) {
        return new GateRankingSession(ID, config.schedule(), context, config.rounds(), config.start(), config.batches()) {
            @Override
            protected Map<String, double[]> score(ProbePasses passes) {
                return GateScores.gradientFlow(passes);
            }
        };
    }
}
