package io.deadwood.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Dense;
import io.deadwood.api.nn.Flatten;
import io.deadwood.api.nn.ReLU;
import io.deadwood.api.nn.Sequential;
import io.deadwood.api.prune.Pruner;
import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.prune.PruningSession;
import io.deadwood.api.prune.UnitStatistics;
import io.deadwood.api.prune.saliency.ProbePasses;
import io.deadwood.api.train.StepContext;
import io.deadwood.api.train.TrainingContext;
import java.util.List;

/**
 * A small dense network whose units' sensitivities are known (every live unit fires on every sample;
 * a unit made dead never does), and a pruning session driven on it by hand: the fixture the
 * gate-sensitivity criteria test their rankings on.
 */
public final class SensitivityNet {
    public static final int[] SHAPE = {1, 2, 2};
    public final Model model;
    public final Dense fc1 = new Dense("fc1", 4, 6, true, true);
    public final Dense fc2 = new Dense("fc2", 6, 5, true, true);
    public final Dense out = new Dense("out", 5, 3, true, false);
    public final ReferenceBackend backend = new ReferenceBackend();
    public final SyntheticImages probe = new SyntheticImages(32, 3, SHAPE, 16, 5);
    public Pruner pruner;
    public PruningSession session;
    public TrainingContext run;

    public SensitivityNet() {
        model = new Model("tiny", new Sequential("tiny", List.of(new Flatten("flatten"), fc1, new ReLU("relu1"), fc2,
                new ReLU("relu2"), out)), SHAPE, 3);
        model.initialize(3);
        // Every unit but the dead ones is active on every sample, so its gate matters.
        fill(fc1.bias().orElseThrow().value().data(), 3f);
        fill(fc2.bias().orElseThrow().value().data(), 3f);
    }

    /** Unit u of d never fires (a bias far below any input's reach) although its weights are the largest. */
    public SensitivityNet dead(String layer, int u) {
        Dense d = layer.equals("fc1") ? fc1 : fc2;
        float[] w = d.weight().value().data();
        int in = d.inFeatures();
        for (int i = 0; i < in; i++) w[u * in + i] = 5f;
        d.bias().orElseThrow().value().data()[u] = -1000f;
        return this;
    }

    /** Opens the method on this network with the probe slice and the reference backend, over a run of totalSteps. */
    public SensitivityNet open(PruningMethod<?> method, JsonNode config, int totalSteps) {
        pruner = new Pruner(model);
        session = PruningMethods.open(method, config, new PruningContext(model, pruner, new UnitStatistics(model, probe),
                backend, 1, totalSteps, 1));
        run = new TrainingContext(model, backend, null, null, null, null, null, totalSteps);
        session.onTrainingStart(run);
        return this;
    }

    public SensitivityNet step(long k) {
        session.afterOptimizerStep(new StepContext(run, k, 1, (int) k, null, 0.1, 0, 0, null));
        return this;
    }

    public ProbePasses passes() {
        return new ProbePasses(model, backend, probe, 5);
    }

    /** Units cut from a group, each event's indices into the group as it then stood, one after the other. */
    public int[] cut(String group) {
        return pruner.history().stream().filter(e -> e.group().equals(group)).flatMapToInt(e -> java.util.Arrays.stream(e.units()))
                .toArray();
    }

    private static void fill(float[] v, float x) {
        java.util.Arrays.fill(v, x);
    }
}
