package io.deadwood.methods.magnitude;

import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.prune.PruningSession;
import io.deadwood.api.prune.SparsityTarget;
import java.util.Optional;

/**
 * Global unstructured magnitude pruning, one-shot or iterative with rewinding (lottery-ticket
 * style). Weights are masked, not removed: the pruner holds them at zero through training.
 * See {@link MagnitudeConfig} for the settings and their defaults.
 */
public final class MagnitudeMethod implements PruningMethod<MagnitudeConfig> {

    @Override
    public String id() { return "magnitude"; }

    @Override
    public String description() {
        return "global unstructured magnitude pruning, one-shot or iterative with rewinding (lottery ticket)";
    }

    @Override
    public Class<MagnitudeConfig> configType() { return MagnitudeConfig.class; }

    @Override
    public MagnitudeConfig defaultConfig() { return MagnitudeConfig.defaults(); }

    /**
     * One-shot mode prunes to {@code targetSparsity}, a fraction of the prunable weights: a weight
     * sparsity. The iterative mode's sparsity follows from rate and rounds, so it aims at none.
     */
    @Override
    public Optional<MagnitudeConfig> withSparsityTarget(MagnitudeConfig c, SparsityTarget target) {
        if (target.kind() != SparsityTarget.Kind.WEIGHT || !"one-shot".equals(c.mode())) return Optional.empty();
        return Optional.of(new MagnitudeConfig(c.mode(), c.rate(), c.rounds(), target.value(), c.rewind(), c.includeClassifier()));
    }

    @Override
    public PruningSession open(MagnitudeConfig config, PruningContext context) {
        return new MagnitudeSession(config, context);
    }
}
