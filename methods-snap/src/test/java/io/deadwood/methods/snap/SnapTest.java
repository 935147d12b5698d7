package io.deadwood.methods.snap;

import io.deadwood.testkit.SensitivityNet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.DeadwoodException;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.api.nn.BatchNorm;
import io.deadwood.api.nn.Dense;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.prune.saliency.GateRankingSession;
import io.deadwood.api.prune.saliency.GateScores;
import io.deadwood.api.prune.saliency.ProbePasses;
import io.deadwood.testkit.ReferenceBackend;
import io.deadwood.testkit.SyntheticImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnapTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SnapMethod method = new SnapMethod();

    private static ObjectNode config(double target) {
        return JSON.createObjectNode().put("targetSparsity", target).put("rounds", 1);
    }

    @Test
    void cutsTheUnitsThatNeverFireThoughTheirWeightsAreTheLargest() {
        // 2 of 11 units: the two dead ones have zero sensitivity, and the largest L1 norms of their layers.
        SensitivityNet t = new SensitivityNet().dead("fc1", 2).dead("fc2", 3);
        t.open(method, config(2.0 / 11), 10).step(0);
        assertArrayEquals(new int[] {2}, t.cut("fc1"));
        assertArrayEquals(new int[] {3}, t.cut("fc2"));
    }

    @Test
    void doesNotPruneBeforePruneAt() {
        SensitivityNet t = new SensitivityNet().dead("fc1", 2);
        t.open(method, config(1.0 / 11).put("pruneAt", 0.5), 10).step(0).step(4);
        assertEquals(0, t.pruner.history().size());
        t.step(5);
        assertArrayEquals(new int[] {2}, t.cut("fc1"));
    }

    @Test
    void sensitivityIsTheLossSlopeOfScalingAUnitsOutput() {
        SensitivityNet t = new SensitivityNet();
        ProbePasses passes = t.passes();
        Map<String, double[]> s = GateScores.sensitivity(passes);
        for (Dense d : List.of(t.fc1, t.fc2)) {
            for (int u = 0; u < d.outFeatures(); u++) {
                double h = 1e-3;
                double up = lossWithUnitScaled(passes, d, u, 1 + h), down = lossWithUnitScaled(passes, d, u, 1 - h);
                double slope = Math.abs((up - down) / (2 * h));
                double got = s.get(d.name())[u];
                assertEquals(slope, got, 1e-4 + 1e-2 * slope, d.name() + " unit " + u);
            }
        }
    }

    /** Mean probe loss with unit u's output scaled by c (its weight row and bias scaled), then put back. */
    static double lossWithUnitScaled(ProbePasses passes, Dense d, int u, double c) {
        float[] w = d.weight().value().data(), b = d.bias().orElseThrow().value().data();
        float[] w0 = w.clone(), b0 = b.clone();
        int in = d.inFeatures();
        for (int i = 0; i < in; i++) w[u * in + i] = (float) (w0[u * in + i] * c);
        b[u] = (float) (b0[u] * c);
        double loss = passes.run(() -> { });
        System.arraycopy(w0, 0, w, 0, w.length);
        System.arraycopy(b0, 0, b, 0, b.length);
        return loss;
    }

    @Test
    void scoringLeavesBatchNormStatisticsAsTheyWere() {
        Model m = ModelZoo.create("vgg11", 0.125, new int[] {1, 8, 8}, 4);
        m.initialize(5);
        List<float[]> before = new ArrayList<>();
        for (Layer l : m.layers()) if (l instanceof BatchNorm bn) before.add(bn.runningMean().data().clone());
        GateScores.sensitivity(new ProbePasses(m, new ReferenceBackend(), new SyntheticImages(16, 4, new int[] {1, 8, 8}, 8, 1), 2));
        int k = 0;
        for (Layer l : m.layers()) if (l instanceof BatchNorm bn) assertArrayEquals(before.get(k++), bn.runningMean().data());
        assertTrue(k > 0);
    }

    @Test
    void roundsFollowSnipItsHalvingScheduleAndReachTheTarget() {
        assertArrayEquals(new double[] {0.2, 0.3, 0.35, 0.4}, GateRankingSession.roundSparsities(0.4, 0.2, 4), 1e-12);
        assertArrayEquals(new double[] {0.4}, GateRankingSession.roundSparsities(0.4, 0.5, 7), "target not above start");
        assertArrayEquals(new double[] {0.9}, GateRankingSession.roundSparsities(0.9, 0.5, 1));

        Model m = ModelZoo.create("vgg11", 0.125, new int[] {1, 8, 8}, 4);
        m.initialize(5);
        var pruner = new io.deadwood.api.prune.Pruner(m);
        long before = pruner.graph().totalUnits();
        int groups = pruner.graph().groups().size();
        var probe = new SyntheticImages(16, 4, new int[] {1, 8, 8}, 8, 1);
        var backend = new ReferenceBackend();
        var session = PruningMethods.open(method, JSON.createObjectNode().put("targetSparsity", 0.4).put("start", 0.2)
                .put("rounds", 4), new io.deadwood.api.prune.PruningContext(m, pruner,
                new io.deadwood.api.prune.UnitStatistics(m, probe), backend, 1, 10, 1));
        var run = new io.deadwood.api.train.TrainingContext(m, backend, null, null, null, null, null, 10);
        session.onTrainingStart(run);
        session.afterOptimizerStep(new io.deadwood.api.train.StepContext(run, 0, 1, 0, null, 0.1, 0, 0, null));
        long removed = before - pruner.graph().totalUnits();
        assertTrue(Math.abs(removed - 0.4 * before) <= 1, removed + " of " + before + " in " + groups + " groups");
        List<?> events = (List<?>) session.summary().get("events");
        assertEquals(4, events.size(), "one event per re-scored round");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"rounds\": 0}|rounds",
            "{\"start\": 0}|start",
            "{\"start\": 1}|start",
            "{\"batches\": 0}|batches",
            "{\"targetSparsity\": 1.0}|targetSparsity",
            "{\"pruneAt\": 1.0}|pruneAt"})
    void invalidSettingsNameTheField(String json, String field) throws Exception {
        var e = assertThrows(DeadwoodException.class, () -> PruningMethods.readConfig(method, JSON.readTree(json)));
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }
}
