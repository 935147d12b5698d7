package io.deadwood.methods.ap;

import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.prune.PruningSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AP, Activating-while-Pruning: wraps any base method and, each cycle, also prunes the static
 * negative weights (those that moved least), which raises pre-activations and so lowers the
 * dynamic dead neuron rate of the pruned network. See {@link ApConfig}.
 */
public final class ApMethod implements PruningMethod<ApConfig> {
    private static final Logger LOG = LoggerFactory.getLogger(ApMethod.class);

    private final PruningMethods methods;

    /** Finds the base method among those on this class's class path (plugins included). */
    public ApMethod() {
        this(null);
    }

    /** With a fixed set of base methods (tests). */
    ApMethod(PruningMethods methods) {
        this.methods = methods;
    }

    @Override
    public String id() { return "ap"; }

    @Override
    public String description() {
        return "AP: wraps a base method and also prunes the least-moved negative weights to lower the dead neuron rate";
    }

    @Override
    public Class<ApConfig> configType() { return ApConfig.class; }

    @Override
    public ApConfig defaultConfig() { return ApConfig.defaults(); }

    @Override
    public PruningSession open(ApConfig config, PruningContext context) {
        PruningMethods found = methods != null ? methods : PruningMethods.discover(ApMethod.class.getClassLoader());
        PruningMethod<?> inner = found.get(config.inner());
        var innerConfig = config.innerConfigFor(PruningMethods.toJson(inner.defaultConfig()));
        PruningSession session = PruningMethods.open(inner, innerConfig, context);
        if (session.cycles() < 2) {
            LOG.warn("ap: base method '{}' trains a single cycle, so AP never prunes; give it more cycles", inner.id());
        }
        LOG.info("ap: base method '{}' with {}; p {}, pAp {}", inner.id(), innerConfig, config.p(), config.pAp());
        return new ApSession(config, context, inner.id(), session);
    }
}
