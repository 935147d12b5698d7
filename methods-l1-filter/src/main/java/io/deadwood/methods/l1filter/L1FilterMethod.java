package io.deadwood.methods.l1filter;

import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.prune.PruningSession;
import java.util.Optional;
import io.deadwood.api.prune.SparsityTarget;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.api.prune.structured.StructuredPruningSession;
import io.deadwood.api.prune.structured.UnitNorms;

/**
 * L1-norm filter pruning (Li et al. 2017, "Pruning Filters for Efficient ConvNets"): a unit's
 * importance is the L1 norm of its producer weights (a conv filter, a dense neuron's row), and the
 * units with the smallest norms are removed. Filter norms grow with fan-in, so global ranking
 * divides every group's scores by that group's mean first.
 */
public final class L1FilterMethod implements PruningMethod<L1FilterConfig> {
    public static final String ID = "l1-filter";

    @Override
    public String id() { return ID; }

    @Override
    public String description() {
        return "L1-norm filter pruning (Li et al. 2017): removes the units whose weights have the smallest L1 norm";
    }

    @Override
    public Class<L1FilterConfig> configType() { return L1FilterConfig.class; }

    @Override
    public L1FilterConfig defaultConfig() { return L1FilterConfig.defaults(); }

    /** Its {@code targetSparsity} is a fraction of all prunable units: a neuron sparsity. */
    @Override
    public Optional<L1FilterConfig> withSparsityTarget(L1FilterConfig c, SparsityTarget target) {
        if (target.kind() != SparsityTarget.Kind.NEURON) return Optional.empty();
        return Optional.of(new L1FilterConfig(target.value(), c.pruneAt(), c.pruneEnd(), c.steps(), c.scope(), c.minUnitsPerGroup()));
    }

    @Override
    public PruningSession open(L1FilterConfig config, PruningContext context) {
        return new StructuredPruningSession(ID, config.schedule(), context) {
            @Override
            protected double[] scores(UnitGroup group, boolean global) {
                double[] l1 = UnitNorms.l1(group);
                return global ? UnitNorms.byMean(l1) : l1;
            }
        };
    }
}
