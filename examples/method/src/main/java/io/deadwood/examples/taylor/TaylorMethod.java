package io.deadwood.examples.taylor;

import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.prune.PruningSession;

/**
 * First-order Taylor importance for structured pruning, from P. Molchanov, A. Mallya, S. Tyree,
 * I. Frosio and J. Kautz, "Importance Estimation for Neural Network Pruning", CVPR 2019, which
 * refines P. Molchanov, S. Tyree, T. Karras, T. Aila and J. Kautz, "Pruning Convolutional Neural
 * Networks for Resource Efficient Inference", ICLR 2017.
 *
 * <p>A unit's importance is the squared first-order estimate of the loss change its removal
 * causes, (dL/dc)^2 for a gate c on its output, taken on each training batch and averaged over the
 * last {@code batches} batches before a prune event. Where the unit's group has BatchNorm the gate
 * sits after it, so dL/dc = gamma * dL/dgamma + beta * dL/dbeta (the 2019 paper's BN variant);
 * otherwise dL/dc is the sum over the unit's activation of activation x gradient (the 2017
 * criterion's quantity, before its absolute value and per-layer normalisation). The least
 * important units are cut at each event of the schedule until the target neuron sparsity.
 *
 * <p>The provider is stateless: {@link #open} makes a fresh {@link TaylorSession} per run.
 */
public final class TaylorMethod implements PruningMethod<TaylorConfig> {
    public static final String ID = "taylor";

    @Override
    public String id() { return ID; }

    @Override
    public String description() {
        return "Taylor FO (Molchanov et al. 2019): removes the units with the smallest mean squared gate gradient "
                + "over recent training batches";
    }

    @Override
    public Class<TaylorConfig> configType() { return TaylorConfig.class; }

    @Override
    public TaylorConfig defaultConfig() { return TaylorConfig.defaults(); }

    @Override
    public PruningSession open(TaylorConfig config, PruningContext context) {
        return new TaylorSession(config, context);
    }
}
