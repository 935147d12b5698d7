package io.deadwood.methods.magnitude;

import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.prune.PruningSession;

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

    @Override
    public PruningSession open(MagnitudeConfig config, PruningContext context) {
        return new MagnitudeSession(config, context);
    }
}
