package io.deadwood.methods.slimming;

import io.deadwood.testkit.SessionHarness;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.DeadwoodException;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.api.prune.structured.UnitNorms;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlimmingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SlimmingMethod method = new SlimmingMethod();

    private static Model model(String name) {
        Model m = ModelZoo.create(name, 0.125, new int[] {1, 8, 8}, 4);
        m.initialize(11);
        return m;
    }

    private static ObjectNode config(double target, double lambda) {
        return JSON.createObjectNode().put("targetSparsity", target).put("pruneAt", 0.5).put("lambda", lambda);
    }

    /** Every gamma of the model gets a distinct |value| (its global rank), with mixed signs and some zeros. */
    private static void rankGammas(Model m, long seed) {
        List<Parameter> gammas = new SessionHarness(m, new SlimmingMethod(), null, 1, 10).pruner.graph().groups().stream()
                .flatMap(g -> g.batchNormScales().stream()).toList();
        int n = gammas.stream().mapToInt(Parameter::size).sum();
        List<Integer> ranks = new ArrayList<>();
        for (int i = 0; i < n; i++) ranks.add(i);
        Collections.shuffle(ranks, new Random(seed));
        int k = 0;
        for (Parameter g : gammas) {
            float[] d = g.value().data();
            for (int i = 0; i < d.length; i++, k++) d[i] = (ranks.get(k) % 2 == 0 ? 1 : -1) * ranks.get(k) / (float) n;
        }
    }

    @Test
    void regulariserAddsLambdaTimesSignOfGammaAndReportsLambdaTimesSumOfAbs() {
        Model m = model("vgg11");
        rankGammas(m, 2);
        SessionHarness h = new SessionHarness(m, method, config(0.3, 1e-3), 1, 10);
        double sumAbs = 0;
        for (Parameter p : m.parameters()) Arrays.fill(p.grad().data(), 0f);
        List<Parameter> gammas = h.pruner.graph().groups().stream().flatMap(g -> g.batchNormScales().stream()).toList();
        for (Parameter g : gammas) for (float v : g.value().data()) sumAbs += Math.abs(v);
        assertEquals(1e-3 * sumAbs, h.session.extraLoss(h.step(0)), 1e-9);
        h.session.afterBackward(h.step(0));
        int zeros = 0;
        for (Parameter g : gammas) {
            float[] w = g.value().data(), grad = g.grad().data();
            for (int i = 0; i < w.length; i++) {
                assertEquals((float) (1e-3 * Math.signum(w[i])), grad[i], g.name() + "[" + i + "]");
                if (w[i] == 0f) zeros++;
            }
        }
        assertEquals(1, zeros, "rank 0 is a zero gamma, whose subgradient is 0");
        for (Parameter p : m.parameters()) {
            if (!p.name().endsWith(".gamma")) for (float v : p.grad().data()) assertEquals(0f, v, p.name());
        }
    }

    @Test
    void withoutBatchNormTheRegulariserIsGroupLassoOnWeightRows() {
        Model m = model("convnet");
        SessionHarness h = new SessionHarness(m, method, config(0.3, 0.5), 1, 10);
        for (Parameter p : m.parameters()) Arrays.fill(p.grad().data(), 0f);
        h.session.extraLoss(h.step(0));
        h.session.afterBackward(h.step(0));
        SplittableRandom rng = new SplittableRandom(4);
        for (UnitGroup g : h.pruner.graph().groups()) {
            assertTrue(g.norms().isEmpty(), "convnet has no BatchNorm");
            for (Parameter p : g.producerWeights()) {
                for (int t = 0; t < 5; t++) {
                    int i = rng.nextInt(p.size());
                    float w = p.value().get(i);
                    double eps = 1e-2;
                    p.value().set(i, (float) (w + eps));
                    double up = h.session.extraLoss(h.step(0));
                    p.value().set(i, (float) (w - eps));
                    double down = h.session.extraLoss(h.step(0));
                    p.value().set(i, w);
                    double numeric = (up - down) / (2 * eps);
                    assertEquals(numeric, p.grad().get(i), 1e-3 * (1 + Math.abs(numeric)), p.name() + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void removesTheUnitsWithTheSmallestAbsGammaUnderOneGlobalThreshold() {
        Model m = model("vgg11");
        rankGammas(m, 7);
        SessionHarness h = new SessionHarness(m, method, config(0.3, 0).put("pruneAt", 0.0), 1, 10);
        long total = h.unitsBefore(), k = Math.round(0.3 * total);
        Map<String, double[]> scale = new LinkedHashMap<>();
        List<Double> all = new ArrayList<>();
        for (UnitGroup g : h.pruner.graph().groups()) {
            double[] s = UnitNorms.batchNormScale(g);
            scale.put(g.name(), s);
            for (double v : s) all.add(v);
        }
        Collections.sort(all);
        double threshold = all.get((int) k - 1);
        h.steps(1);
        for (Map.Entry<String, double[]> e : scale.entrySet()) {
            double[] s = e.getValue();
            int[] expected = IntStream.range(0, s.length).filter(u -> s[u] <= threshold).toArray();
            assertTrue(expected.length < s.length, "the test's ranks must leave every group a unit");
            assertArrayEquals(expected, h.cut(e.getKey()), e.getKey());
        }
        assertEquals(total - k, h.unitsNow());
    }

    @Test
    void layerScopeWithoutBatchNormCutsTheSmallestWeightRowsOfEachGroup() {
        Model m = model("convnet");
        SessionHarness h = new SessionHarness(m, method, config(0.5, 0).put("pruneAt", 0.0).put("scope", "layer"), 1, 10);
        Map<String, double[]> norms = new LinkedHashMap<>();
        for (UnitGroup g : h.pruner.graph().groups()) norms.put(g.name(), UnitNorms.l2(g));
        h.steps(1);
        norms.forEach((group, n) -> {
            int[] cut = h.cut(group);
            assertEquals(Math.round(0.5 * n.length), cut.length, group);
            double[] sorted = n.clone();
            Arrays.sort(sorted);
            for (int u : cut) assertTrue(n[u] <= sorted[cut.length - 1], group + " unit " + u);
        });
    }

    @Test
    void penaltyStopsAfterTheLastPruneEventSoTheCutNetworkFineTunes() {
        Model m = model("vgg11");
        SessionHarness h = new SessionHarness(m, method, config(0.3, 1e-4), 1, 10);
        h.steps(5);
        assertTrue(h.session.extraLoss(h.step(5)) > 0);
        h.session.afterOptimizerStep(h.step(5));
        assertTrue(h.unitsNow() < h.unitsBefore());
        assertEquals(0.0, h.session.extraLoss(h.step(6)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"lambda\": -1e-4}|lambda",
            "{\"scope\": \"net\"}|scope",
            "{\"targetSparsity\": -0.1}|targetSparsity",
            "{\"pruneAt\": 1}|pruneAt"})
    void invalidSettingsNameTheField(String json, String field) throws Exception {
        var e = assertThrows(DeadwoodException.class, () -> PruningMethods.readConfig(method, JSON.readTree(json)));
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }
}
