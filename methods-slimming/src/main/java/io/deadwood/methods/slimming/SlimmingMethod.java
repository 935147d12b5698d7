package io.deadwood.methods.slimming;

import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.prune.PruningSession;
import java.util.Optional;
import io.deadwood.api.prune.SparsityTarget;

/**
 * Network slimming (Liu et al. 2017, "Learning Efficient Convolutional Networks through Network
 * Slimming"): trains with lambda * sum|gamma| over the BatchNorm scales, then removes the units with
 * the smallest |gamma|. Groups without BatchNorm fall back to group lasso on their producer weight
 * rows (see {@link SlimmingSession}).
 */
public final class SlimmingMethod implements PruningMethod<SlimmingConfig> {
    public static final String ID = "slimming";

    @Override
    public String id() { return ID; }

    @Override
    public String description() {
        return "Network slimming (Liu et al. 2017): L1 on BatchNorm scales while training, then removes the smallest";
    }

    @Override
    public Class<SlimmingConfig> configType() { return SlimmingConfig.class; }

    @Override
    public SlimmingConfig defaultConfig() { return SlimmingConfig.defaults(); }

    /** Its {@code targetSparsity} is a fraction of all prunable units: a neuron sparsity. */
    @Override
    public Optional<SlimmingConfig> withSparsityTarget(SlimmingConfig c, SparsityTarget target) {
        if (target.kind() != SparsityTarget.Kind.NEURON) return Optional.empty();
        return Optional.of(new SlimmingConfig(target.value(), c.pruneAt(), c.pruneEnd(), c.steps(), c.scope(), c.minUnitsPerGroup(), c.lambda()));
    }

    @Override
    public PruningSession open(SlimmingConfig config, PruningContext context) {
        return new SlimmingSession(config, context);
    }
}
