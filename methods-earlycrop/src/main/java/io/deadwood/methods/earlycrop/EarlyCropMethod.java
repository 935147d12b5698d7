package io.deadwood.methods.earlycrop;

import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.prune.PruningSession;
import java.util.Optional;
import io.deadwood.api.prune.SparsityTarget;

/**
 * EarlyCroP-S (Rachwan et al. 2022, "Winning the Lottery Ahead of Time: Efficient Early Network
 * Pruning"): pruning at initialisation ranks units on weights that have not learnt anything yet,
 * and pruning late pays for the dense network most of the run. EarlyCroP-S waits only until the
 * weights settle (a few epochs), then removes in one shot the units whose removal would change the
 * gradient flow least, and trains on at the narrowed width.
 */
public final class EarlyCropMethod implements PruningMethod<EarlyCropConfig> {
    public static final String ID = "earlycrop-s";

    @Override
    public String id() { return ID; }

    @Override
    public String description() {
        return "EarlyCroP-S (Rachwan et al. 2022): one-shot gradient-flow unit pruning once the weights settle, early in training";
    }

    @Override
    public Class<EarlyCropConfig> configType() { return EarlyCropConfig.class; }

    @Override
    public EarlyCropConfig defaultConfig() { return EarlyCropConfig.defaults(); }

    /** Its {@code targetSparsity} is a fraction of all prunable units: a neuron sparsity. */
    @Override
    public Optional<EarlyCropConfig> withSparsityTarget(EarlyCropConfig c, SparsityTarget target) {
        if (target.kind() != SparsityTarget.Kind.NEURON) return Optional.empty();
        return Optional.of(new EarlyCropConfig(target.value(), c.pruneAt(), c.scope(), c.minUnitsPerGroup(), c.batches(), c.lazyCheck()));
    }

    @Override
    public PruningSession open(EarlyCropConfig config, PruningContext context) {
        return new EarlyCropSession(config, context);
    }
}
