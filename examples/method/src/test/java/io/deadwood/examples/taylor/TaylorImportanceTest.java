package io.deadwood.examples.taylor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.DeadwoodException;
import io.deadwood.api.data.Batch;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.BatchNorm;
import io.deadwood.api.nn.Conv2d;
import io.deadwood.api.nn.Dense;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.nn.GlobalAvgPool;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.nn.ReLU;
import io.deadwood.api.nn.Sequential;
import io.deadwood.api.prune.Pruner;
import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.api.prune.UnitStatistics;
import io.deadwood.api.prune.structured.UnitNorms;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.api.train.StepContext;
import io.deadwood.api.train.TrainingContext;
import io.deadwood.testkit.ReferenceBackend;
import io.deadwood.testkit.SensitivityNet;
import io.deadwood.testkit.SyntheticImages;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The importance maths on tiny networks: each batch's gate gradient is checked against the loss
 * slope of scaling one unit's output, measured by finite differences, and the session's importance
 * against the mean of its squares. The session is driven by hand with real backward passes and no
 * optimiser step, so the weights stay put between batches.
 */
class TaylorImportanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ReferenceBackend BACKEND = new ReferenceBackend();
    private static final double H = 1e-3;

    /** A session over a run of {@code totalSteps} with its single event at step {@code eventStep}. */
    private record Driven(Model model, Pruner pruner, TaylorSession session, TrainingContext run) {
        StepContext step(long k) {
            return new StepContext(run, k, 1, (int) k, null, 0.1, 0, 0, null);
        }
    }

    private static Driven open(Model model, SyntheticImages probe, ObjectNode config, int totalSteps) {
        Pruner pruner = new Pruner(model);
        TaylorSession session = (TaylorSession) PruningMethods.open(new TaylorMethod(), config,
                new PruningContext(model, pruner, new UnitStatistics(model, probe), BACKEND, 1, totalSteps, 1));
        TrainingContext run = new TrainingContext(model, BACKEND, null, null, null, null, null, totalSteps);
        session.onTrainingStart(run);
        return new Driven(model, pruner, session, run);
    }

    /** Forward and backward on a batch in training mode, as a training step does before its hooks. */
    private static void backward(Model model, Batch b) {
        ExecutionContext train = new ExecutionContext(BACKEND, true);
        Tensor logits = model.forward(b.images(), train);
        Tensor grad = Tensor.zeros(logits.shape());
        BACKEND.softmaxCrossEntropy(logits, b.labels(), 0f, grad);
        model.backward(grad, train);
    }

    private static double loss(Model model, Batch b) {
        Tensor logits = model.forward(b.images(), new ExecutionContext(BACKEND, true));
        return BACKEND.softmaxCrossEntropy(logits, b.labels(), 0f, null);
    }

    /** dL/dc for a gate scaling unit u's output, by a central difference over scaling the given slices. */
    private static double slope(Model model, Batch b, List<Parameter> gated, int u) {
        List<float[]> saved = new ArrayList<>();
        for (Parameter p : gated) saved.add(p.value().data().clone());
        double[] at = new double[2];
        for (int side = 0; side < 2; side++) {
            double c = side == 0 ? 1 + H : 1 - H;
            for (int k = 0; k < gated.size(); k++) scaleUnit(gated.get(k), saved.get(k), u, c);
            at[side] = loss(model, b);
        }
        for (int k = 0; k < gated.size(); k++) System.arraycopy(saved.get(k), 0, gated.get(k).value().data(), 0, saved.get(k).length);
        return (at[0] - at[1]) / (2 * H);
    }

    /** Entries of unit u along p's unit axis become c times their saved value. */
    private static void scaleUnit(Parameter p, float[] saved, int u, double c) {
        int[] oi = UnitNorms.outerInner(p);
        int units = p.value().dim(p.unitAxis()), inner = oi[1];
        float[] d = p.value().data();
        for (int o = 0; o < oi[0]; o++) {
            for (int i = 0; i < inner; i++) {
                int at = (o * units + u) * inner + i;
                d[at] = (float) (saved[at] * c);
            }
        }
    }

    /** One prune event at fraction {@code at} of the run, importances averaged over {@code batches} batches. */
    private static ObjectNode oneEvent(double at, int batches) {
        ObjectNode c = JSON.createObjectNode().put("pruneAt", at).put("steps", 1).put("batches", batches);
        c.putNull("pruneEnd");
        return c;
    }

    /**
     * How far a squared slope may be from the session's value: the central difference of a float loss
     * is good to about 1e-4 absolute and 1% relative, and squaring doubles the relative error.
     */
    private static double tolerance(double slope) {
        double err = 1e-4 + 1e-2 * Math.abs(slope);
        return (2 * Math.abs(slope) + err) * err;
    }

    private static List<Batch> batches(SyntheticImages data, int n) {
        List<Batch> out = new ArrayList<>();
        for (Iterator<Batch> it = data.epoch(0); it.hasNext() && out.size() < n; ) out.add(it.next());
        return out;
    }

    @Test
    void importanceIsTheMeanSquaredGateSlopeOnADenseNet() {
        SensitivityNet net = new SensitivityNet();
        List<Batch> data = batches(new SyntheticImages(48, 3, SensitivityNet.SHAPE, 16, 7), 3);
        // Event at step 9 of 10; three batches averaged: steps 7, 8 and 9.
        Driven d = open(net.model, net.probe, oneEvent(0.9, 3), 10);
        for (int k = 0; k < 3; k++) {
            backward(net.model, data.get(k));
            d.session.afterBackward(d.step(7 + k));
        }
        Map<String, double[]> got = d.session.importance();
        for (Dense layer : List.of(net.fc1, net.fc2)) {
            List<Parameter> gated = List.of(layer.weight(), layer.bias().orElseThrow());
            double largest = 0;
            for (int u = 0; u < layer.outFeatures(); u++) {
                double expected = 0, tolerance = 0;
                for (Batch b : data) {
                    double s = slope(net.model, b, gated, u);
                    expected += s * s / data.size();
                    tolerance += tolerance(s) / data.size();
                }
                largest = Math.max(largest, expected);
                assertEquals(expected, got.get(layer.name())[u], tolerance, layer.name() + " unit " + u);
            }
            assertTrue(largest > 1e-4, "the check must not pass on vanishing importances: " + largest);
        }
    }

    @Test
    void aBatchNormGroupIsGatedAfterItsNorm() {
        // No max pool: its argmax would switch under the finite difference's nudge and blur the slope.
        int[] shape = {1, 6, 6};
        Model model = new Model("bn", new Sequential("bn", List.of(new Conv2d("conv1", 1, 6, 3, 1, 1, false),
                new BatchNorm("bn1", 6), new ReLU("relu1"), new Conv2d("conv2", 6, 5, 3, 1, 1, false),
                new BatchNorm("bn2", 5), new ReLU("relu2"), new GlobalAvgPool("pool"), new Dense("out", 5, 4, true, false))),
                shape, 4);
        model.initialize(5);
        SyntheticImages data = new SyntheticImages(32, 4, shape, 16, 2);
        Batch b = batches(data, 1).getFirst();
        Driven d = open(model, data, oneEvent(0.9, 1), 10);
        backward(model, b);
        d.session.afterBackward(d.step(9));
        Map<String, double[]> got = d.session.importance();
        int checked = 0;
        double largest = 0;
        for (UnitGroup g : d.pruner.graph().groups()) {
            if (g.norms().size() != 1) continue;
            BatchNorm bn = g.norms().getFirst();
            // Scaling the norm's scale and shift by c scales its output by c: the paper's BN gate.
            for (int u = 0; u < g.size(); u++) {
                double s = slope(model, b, List.of(bn.gamma(), bn.beta()), u);
                assertEquals(s * s, got.get(g.name())[u], tolerance(s), g.name() + " unit " + u);
                largest = Math.max(largest, s * s);
                checked++;
            }
        }
        assertEquals(11, checked, "both groups, every unit");
        assertTrue(largest > 1e-4, "the check must not pass on vanishing importances: " + largest);
    }

    @Test
    void cutsTheUnitsThatNeverFireThoughTheirWeightsAreTheLargest() {
        SensitivityNet net = new SensitivityNet().dead("fc1", 2).dead("fc2", 3);
        Driven d = open(net.model, net.probe, oneEvent(0.5, 2)
                .put("targetSparsity", 2.0 / 11), 10);
        List<Batch> data = batches(net.probe, 2);
        for (int k = 4; k <= 5; k++) {
            backward(net.model, data.get(k - 4));
            d.session.afterBackward(d.step(k));
            d.session.afterOptimizerStep(d.step(k));
        }
        assertEquals(2, d.pruner.history().size());
        assertArrayEquals(new int[] {2}, d.pruner.history().get(0).units());
        assertArrayEquals(new int[] {3}, d.pruner.history().get(1).units());
        assertEquals(List.of(2), d.session.summary().get("batchesAveraged"));
    }

    @Test
    void onlyTheLastBatchesBeforeEachEventCountAndNoneAfterTheLast() {
        // Events at steps 4 and 8 of 16 with batches 3: windows 2..4 and 6..8.
        Driven d = open(new SensitivityNet().model, null, JSON.createObjectNode().put("pruneAt", 0.25)
                .put("pruneEnd", 0.5).put("steps", 2).put("batches", 3), 16);
        boolean[] expected = new boolean[16];
        for (int s : new int[] {2, 3, 4, 6, 7, 8}) expected[s] = true;
        for (int s = 0; s < expected.length; s++) assertEquals(expected[s], d.session.inWindow(s), "step " + s);
    }

    @Test
    void windowsAreClippedByThePreviousEvent() {
        SensitivityNet net = new SensitivityNet();
        Batch b = batches(net.probe, 1).getFirst();
        // Events at steps 2 and 4 of 10 with batches 5: the first sees steps 0..2, the second 3..4.
        Driven d = open(net.model, net.probe, JSON.createObjectNode().put("targetSparsity", 0.2).put("pruneAt", 0.2)
                .put("pruneEnd", 0.4).put("steps", 2).put("batches", 5), 10);
        for (int s = 0; s < 10; s++) {
            backward(net.model, b);
            d.session.afterBackward(d.step(s));
            d.session.afterOptimizerStep(d.step(s));
        }
        assertEquals(List.of(3, 2), d.session.summary().get("batchesAveraged"));
        assertTrue(d.session.importance().isEmpty(), "nothing is gathered after the last event");
    }

    @Test
    void aRunEndingBeforeItsEventsScoresOnTheProbeSlice() {
        SensitivityNet net = new SensitivityNet().dead("fc2", 1);
        Driven d = open(net.model, net.probe, oneEvent(0.9, 2)
                .put("targetSparsity", 1.0 / 11), 10);
        d.session.onTrainingEnd(d.run);
        assertEquals(1, d.pruner.history().size());
        assertEquals("fc2", d.pruner.history().getFirst().group());
        assertArrayEquals(new int[] {1}, d.pruner.history().getFirst().units());
        assertEquals(List.of(2), d.session.summary().get("batchesAveraged"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"batches\": 0}|batches",
            "{\"targetSparsity\": 1.0}|targetSparsity",
            "{\"pruneAt\": -0.1}|pruneAt",
            "{\"pruneAt\": 0.5, \"pruneEnd\": 0.4}|pruneEnd",
            "{\"steps\": 0}|steps",
            "{\"scope\": \"everywhere\"}|scope",
            "{\"minUnitsPerGroup\": 0}|minUnitsPerGroup"})
    void invalidSettingsNameTheField(String json, String field) throws Exception {
        var e = assertThrows(DeadwoodException.class, () -> PruningMethods.readConfig(new TaylorMethod(), JSON.readTree(json)));
        assertTrue(e.getMessage().contains(field), e.getMessage());
        assertTrue(e.getMessage().contains("'taylor'"), e.getMessage());
    }
}
