package io.deadwood.methods.demp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Dense;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.nn.Flatten;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.nn.ReLU;
import io.deadwood.api.nn.Sequential;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.testkit.ReferenceBackend;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A unit whose ReLU never opens gets no gradient; with live-only noise its parameters stay put. */
class UpdateNoiseTest {
    private static final int DEAD = 1;

    /** flatten -> fc1 (3 units, unit 1 dead on positive inputs) -> relu -> classifier (2 classes). */
    private static Model modelWithADeadUnit() {
        Dense fc1 = new Dense("fc1", 64, 3, true, true);
        Dense classifier = new Dense("classifier", 3, 2, true, false);
        Model model = new Model("tiny", new Sequential("tiny", List.of(new Flatten("flatten"), fc1, new ReLU("relu1"),
                classifier)), Tiny.SHAPE, 2);
        model.initialize(4);
        float[] w = fc1.weight().value().data();
        for (int u = 0; u < 3; u++) {
            for (int i = 0; i < 64; i++) w[u * 64 + i] = u == DEAD ? -0.1f : 0.01f * (1 + (i + u) % 5);
            fc1.bias().orElseThrow().value().set(u, u == DEAD ? -1f : 0.1f);
        }
        return model;
    }

    /** One real forward and backward on positive inputs, so the dead unit's gradient rows are exactly zero. */
    private static void backward(Model model) {
        var backend = new ReferenceBackend();
        ExecutionContext train = new ExecutionContext(backend, true);
        Tensor x = Tiny.constantImages(4, 1f);
        for (int i = 0; i < x.size(); i++) x.set(i, 0.5f + (i % 7) * 0.1f);
        Tensor logits = model.forward(x, train);
        Tensor grad = Tensor.zeros(logits.shape());
        backend.softmaxCrossEntropy(logits, new int[] {0, 1, 1, 0}, 0f, grad);
        model.backward(grad, train);
    }

    private static float[][] noiseOneStep(Model model, boolean liveOnly) {
        return noiseOneStep(model, liveOnly, DempConfig.SEQUENTIAL);
    }

    private static float[][] noiseOneStep(Model model, boolean liveOnly, String generator) {
        DempConfig config = DempConfig.DEFAULT.withRegularizer("l2").withLambdaMax(0).withNoise(0.1, liveOnly)
                .withNoiseGenerator(generator);
        DempSession session = new DempSession(config, Tiny.context(model, 1, 10));
        backward(model);
        session.afterBackward(Tiny.step(3));
        float[][] before = Tiny.values(model);
        session.afterOptimizerStep(Tiny.step(3));
        return before;
    }

    @ParameterizedTest
    @ValueSource(strings = {DempConfig.SEQUENTIAL, DempConfig.COUNTER})
    void liveOnlyLeavesTheDeadUnitsParametersAlone(String generator) {
        Model model = modelWithADeadUnit();
        float[][] before = noiseOneStep(model, true, generator);
        List<Parameter> params = model.parameters();
        for (int k = 0; k < params.size(); k++) {
            Parameter p = params.get(k);
            float[] now = p.value().data();
            for (int i = 0; i < now.length; i++) {
                boolean deadRow = p.name().startsWith("fc1.") && (p.value().rank() == 1 ? i : i / 64) == DEAD;
                if (deadRow) assertEquals(0f, p.grad().get(i), "precondition: dead row has no gradient");
                if (deadRow) {
                    assertEquals(before[k][i], now[i], p.name() + "[" + i + "] belongs to the dead unit");
                } else {
                    assertNotEquals(before[k][i], now[i], p.name() + "[" + i + "] belongs to a live unit");
                }
            }
        }
    }

    @Test
    void noiseAllTouchesEveryParameter() {
        Model model = modelWithADeadUnit();
        float[][] before = noiseOneStep(model, false);
        List<Parameter> params = model.parameters();
        for (int k = 0; k < params.size(); k++) {
            float[] now = params.get(k).value().data();
            for (int i = 0; i < now.length; i++) assertNotEquals(before[k][i], now[i], params.get(k).name() + "[" + i + "]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {DempConfig.SEQUENTIAL, DempConfig.COUNTER})
    void noiseIsDrawnFromTheRunsSeed(String generator) {
        Model a = modelWithADeadUnit(), b = modelWithADeadUnit();
        noiseOneStep(a, true, generator);
        noiseOneStep(b, true, generator);
        float[][] va = Tiny.values(a), vb = Tiny.values(b);
        for (int k = 0; k < va.length; k++) assertArrayEquals(va[k], vb[k]);
    }

    @ParameterizedTest
    @ValueSource(strings = {DempConfig.SEQUENTIAL, DempConfig.COUNTER})
    void theNoiseHasTheScheduledScale(String generator) {
        Model model = modelWithADeadUnit();
        Dense fc1 = (Dense) model.layers().stream().filter(l -> l.name().equals("fc1")).findFirst().orElseThrow();
        float[] before = fc1.weight().value().data().clone();
        DempConfig config = DempConfig.DEFAULT.withRegularizer("l2").withLambdaMax(0).withNoise(0.1, false)
                .withNoiseGenerator(generator);
        DempSession session = new DempSession(config, Tiny.context(model, 1, 10));
        session.afterOptimizerStep(Tiny.step(3)); // peak at 0.3 * 10 steps
        double sq = 0;
        float[] after = fc1.weight().value().data();
        for (int i = 0; i < after.length; i++) sq += Math.pow(after[i] - before[i], 2);
        assertEquals(0.1, Math.sqrt(sq / after.length), 0.02, "root mean square of the noise");
    }

    @Test
    void theTwoGeneratorsDrawDifferentNoiseAndTheCounterOneChangesWithTheStep() {
        Model sequential = modelWithADeadUnit(), counter = modelWithADeadUnit(), later = modelWithADeadUnit();
        noiseOneStep(sequential, false, DempConfig.SEQUENTIAL);
        noiseOneStep(counter, false, DempConfig.COUNTER);
        DempConfig config = DempConfig.DEFAULT.withRegularizer("l2").withLambdaMax(0).withNoise(0.1, false)
                .withNoiseGenerator(DempConfig.COUNTER);
        DempSession session = new DempSession(config, Tiny.context(later, 1, 10));
        backward(later);
        session.afterBackward(Tiny.step(4));
        session.afterOptimizerStep(Tiny.step(4));
        float[][] s = Tiny.values(sequential), c = Tiny.values(counter), l = Tiny.values(later);
        assertNotEquals(s[0][0], c[0][0]);
        assertNotEquals(c[0][0], l[0][0], "step 4 draws other values than step 3");
    }
}
