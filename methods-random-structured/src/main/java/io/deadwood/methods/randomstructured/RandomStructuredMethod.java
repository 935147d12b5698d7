package io.deadwood.methods.randomstructured;

import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.prune.PruningSession;
import java.util.Optional;
import io.deadwood.api.prune.SparsityTarget;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.api.prune.structured.StructuredPruningSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.checkpoint.SavableRandom;
import io.deadwood.api.checkpoint.StateCodec;

/**
 * Removes units uniformly at random on the same schedule as the other structured baselines: the
 * floor a pruning criterion has to beat. Random scores ranked lowest-first are a uniform draw, so
 * the shared selection serves here as well (with its per-group minimum).
 */
public final class RandomStructuredMethod implements PruningMethod<RandomStructuredConfig> {
    public static final String ID = "random-structured";

    @Override
    public String id() { return ID; }

    @Override
    public String description() {
        return "Random structured pruning: removes units chosen uniformly at random (the sanity floor)";
    }

    @Override
    public Class<RandomStructuredConfig> configType() { return RandomStructuredConfig.class; }

    @Override
    public RandomStructuredConfig defaultConfig() { return RandomStructuredConfig.defaults(); }

    /** Its {@code targetSparsity} is a fraction of all prunable units: a neuron sparsity. */
    @Override
    public Optional<RandomStructuredConfig> withSparsityTarget(RandomStructuredConfig c, SparsityTarget target) {
        if (target.kind() != SparsityTarget.Kind.NEURON) return Optional.empty();
        return Optional.of(new RandomStructuredConfig(target.value(), c.pruneAt(), c.pruneEnd(), c.steps(), c.scope(), c.minUnitsPerGroup()));
    }

    @Override
    public PruningSession open(RandomStructuredConfig config, PruningContext context) {
        SavableRandom rng = context.random(ID);
        return new StructuredPruningSession(ID, config.schedule(), context) {
            @Override
            protected double[] scores(UnitGroup group, boolean global) {
                double[] s = new double[group.size()];
                for (int u = 0; u < s.length; u++) s[u] = rng.nextDouble();
                return s;
            }

            @Override
            protected JsonNode saveExtra() { return StateCodec.random(rng); }

            @Override
            protected void restoreExtra(JsonNode extra) { StateCodec.random(rng, extra); }
        };
    }
}
