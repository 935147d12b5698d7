package io.deadwood.methods.slimming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.checkpoint.StateCodec;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.api.train.StepContext;
import io.deadwood.api.train.TrainingContext;
import io.deadwood.api.prune.structured.StructuredPruningSession;
import io.deadwood.api.prune.structured.UnitNorms;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Slimming's run: the sparsity penalty from the first step until the last prune event, then
 * fine-tuning without it.
 *
 * <p>A group with BatchNorm is scored by |gamma| (the mean over its norms when a projection shortcut
 * brings a second one) and penalised by lambda * sum|gamma|, whose subgradient lambda * sign(gamma)
 * is added after backward. A group without BatchNorm (convnet, mlp, lenet5) has no scale to
 * penalise, so the producer's weight row stands in for it: the unit's scale is the row's L2 norm
 * and the penalty is group lasso, lambda * sum of row norms, with gradient lambda * w / ||row||.
 * Row norms depend on the layer's fan-in and initialisation while every gamma starts at 1, so for
 * global ranking each such group's norms are divided by the group's mean row norm at the start of
 * training: they start near 1 too, and a layer the penalty shrinks as a whole still shows it.
 */
final class SlimmingSession extends StructuredPruningSession {
    private final double lambda;
    private final Map<String, Double> rowNormAtStart = new HashMap<>();
    private List<UnitGroup> stepGroups = List.of();

    SlimmingSession(SlimmingConfig config, PruningContext context) {
        super(SlimmingMethod.ID, config.schedule(), context);
        this.lambda = config.lambda();
    }

    @Override
    public void onTrainingStart(TrainingContext run) {
        super.onTrainingStart(run);
        for (UnitGroup g : context.pruner().graph().groups()) {
            if (g.norms().isEmpty()) rowNormAtStart.putIfAbsent(g.name(), mean(UnitNorms.l2(g)));
        }
    }

    @Override
    protected JsonNode saveExtra() {
        ObjectNode o = StateCodec.object();
        new java.util.TreeMap<>(rowNormAtStart).forEach((g, v) -> o.put(g, StateCodec.dbl(v)));
        return o;
    }

    @Override
    protected void restoreExtra(JsonNode extra) {
        rowNormAtStart.clear();
        extra.properties().forEach(e -> rowNormAtStart.put(e.getKey(), StateCodec.dbl(e.getValue())));
    }

    @Override
    protected double[] scores(UnitGroup group, boolean global) {
        if (!group.norms().isEmpty()) return UnitNorms.batchNormScale(group);
        double[] l2 = UnitNorms.l2(group);
        if (!global) return l2;
        double ref = rowNormAtStart.getOrDefault(group.name(), mean(l2));
        if (!(ref > 0)) return l2;
        for (int u = 0; u < l2.length; u++) l2[u] /= ref;
        return l2;
    }

    private boolean regularising() {
        return lambda > 0 && !pruningDone();
    }

    @Override
    public double extraLoss(StepContext step) {
        if (!regularising()) {
            stepGroups = List.of();
            return 0;
        }
        // Read once per step: no cut happens between the loss and the gradient of one step.
        stepGroups = context.pruner().graph().groups();
        double sum = 0;
        for (UnitGroup g : stepGroups) {
            if (!g.norms().isEmpty()) {
                for (Parameter gamma : g.batchNormScales()) {
                    for (float v : gamma.value().data()) sum += Math.abs(v);
                }
            } else {
                for (double n : UnitNorms.l2(g)) sum += n;
            }
        }
        return lambda * sum;
    }

    @Override
    public void afterBackward(StepContext step) {
        for (UnitGroup g : stepGroups) {
            if (!g.norms().isEmpty()) {
                for (Parameter gamma : g.batchNormScales()) addSignGradient(gamma, lambda);
            } else {
                addGroupLassoGradient(g, lambda);
            }
        }
    }

    /** grad += lambda * sign(gamma); sign(0) = 0, the subgradient that leaves a zero scale at zero. */
    static void addSignGradient(Parameter gamma, double lambda) {
        float[] w = gamma.value().data(), g = gamma.grad().data();
        for (int i = 0; i < w.length; i++) g[i] += (float) (lambda * Math.signum(w[i]));
    }

    /** grad += lambda * w / ||row|| for every unit's row across the group's producer weights. */
    static void addGroupLassoGradient(UnitGroup group, double lambda) {
        double[] norms = UnitNorms.l2(group);
        for (Parameter p : group.producerWeights()) {
            int[] oi = UnitNorms.outerInner(p);
            int outer = oi[0], inner = oi[1], units = norms.length;
            float[] w = p.value().data(), g = p.grad().data();
            for (int o = 0; o < outer; o++) {
                for (int u = 0; u < units; u++) {
                    if (!(norms[u] > 0)) continue;
                    float k = (float) (lambda / norms[u]);
                    int off = (o * units + u) * inner;
                    for (int i = 0; i < inner; i++) g[off + i] += k * w[off + i];
                }
            }
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return v.length == 0 ? 0 : s / v.length;
    }
}
