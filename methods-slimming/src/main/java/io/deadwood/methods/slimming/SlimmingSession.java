package io.deadwood.methods.slimming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.backend.Penalty;
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
            if (g.norms().isEmpty()) rowNormAtStart.putIfAbsent(g.name(), mean(UnitNorms.l2(g, context.backend())));
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
        if (!group.norms().isEmpty()) return UnitNorms.batchNormScale(group, context.backend());
        double[] l2 = UnitNorms.l2(group, context.backend());
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
        ComputeBackend backend = context.backend();
        double sum = 0;
        for (UnitGroup g : stepGroups) {
            if (!g.norms().isEmpty()) {
                for (Parameter gamma : g.batchNormScales()) sum = backend.penaltySum(Penalty.L1, gamma.value(), sum);
            } else {
                for (double n : UnitNorms.l2(g, backend)) sum += n;
            }
        }
        return lambda * sum;
    }

    @Override
    public void afterBackward(StepContext step) {
        ComputeBackend backend = context.backend();
        for (UnitGroup g : stepGroups) {
            if (!g.norms().isEmpty()) {
                // grad += lambda * sign(gamma); sign(0) = 0, the subgradient that leaves a zero scale at zero.
                for (Parameter gamma : g.batchNormScales()) {
                    backend.addPenaltyGradient(Penalty.L1, (float) lambda, gamma.value(), gamma.grad());
                }
            } else {
                addGroupLassoGradient(g, lambda, backend);
            }
        }
    }

    /** grad += lambda * w / ||row|| for every unit's row across the group's producer weights. */
    static void addGroupLassoGradient(UnitGroup group, double lambda, ComputeBackend backend) {
        double[] norms = UnitNorms.l2(group, backend);
        float[] scale = new float[norms.length];
        // A row of norm 0 has no direction to shrink in: NaN tells the op to leave it alone.
        for (int u = 0; u < norms.length; u++) scale[u] = norms[u] > 0 ? (float) (lambda / norms[u]) : Float.NaN;
        for (Parameter p : group.producerWeights()) {
            backend.unitAxpy(scale, p.value(), p.grad(), UnitNorms.axis(p, norms.length));
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return v.length == 0 ? 0 : s / v.length;
    }
}
