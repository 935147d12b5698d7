package io.deadwood.methods.demp;

import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.api.prune.Pruner;
import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.UnitStatistics;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.api.train.StepContext;
import io.deadwood.testkit.ReferenceBackend;
import io.deadwood.testkit.SyntheticImages;

/** Small models, contexts and steps for DemP's own tests. */
final class Tiny {
    static final int[] SHAPE = {1, 8, 8};

    private Tiny() {
    }

    static Model model(String name, long seed) {
        Model m = ModelZoo.create(name, 0.125, SHAPE, 4);
        m.initialize(seed);
        return m;
    }

    static SyntheticImages probe(long seed) {
        return new SyntheticImages(16, 4, SHAPE, 16, seed);
    }

    /** A context for a run of {@code epochs} x {@code stepsPerEpoch} steps on the reference backend. */
    static PruningContext context(Model model, int epochs, int stepsPerEpoch) {
        return new PruningContext(model, new Pruner(model), new UnitStatistics(model, probe(3)), new ReferenceBackend(),
                epochs, stepsPerEpoch, 11);
    }

    /** What the session's hooks read of a step: only its index matters to DemP. */
    static StepContext step(long step) {
        return new StepContext(null, step, 1, 0, null, 0.05, 0, 0, null);
    }

    static void zeroGradients(Model model) {
        model.parameters().forEach(p -> p.grad().fill(0f));
    }

    static float[][] values(Model model) {
        return model.parameters().stream().map(p -> p.value().data().clone()).toArray(float[][]::new);
    }

    static Tensor constantImages(int n, float v) {
        Tensor x = Tensor.zeros(n, SHAPE[0], SHAPE[1], SHAPE[2]);
        x.fill(v);
        return x;
    }
}
