package io.deadwood.methods.l1filter;

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
import io.deadwood.api.nn.Dense;
import io.deadwood.api.nn.Flatten;
import io.deadwood.api.nn.ReLU;
import io.deadwood.api.nn.Sequential;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.prune.UnitGroup;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class L1FilterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final L1FilterMethod method = new L1FilterMethod();

    /** fc1 (6 units) rows with L1 norms 10 * rank, fc2 (5 units) rows with 0.1 * rank, ranks shuffled. */
    static Model handMade() {
        Dense fc1 = new Dense("fc1", 4, 6, true, true), fc2 = new Dense("fc2", 6, 5, true, true);
        Model m = new Model("tiny", new Sequential("tiny", List.of(new Flatten("flatten"), fc1, new ReLU("relu1"), fc2,
                new ReLU("relu2"), new Dense("out", 5, 3, true, false))), new int[] {1, 2, 2}, 3);
        m.initialize(3);
        setRows(fc1, new int[] {4, 1, 6, 2, 5, 3}, 10);
        setRows(fc2, new int[] {3, 5, 1, 4, 2}, 0.1);
        return m;
    }

    /** Row u gets L1 norm rank[u] * scale, with mixed signs so that |w| and not w is summed. */
    private static void setRows(Dense d, int[] rank, double scale) {
        float[] w = d.weight().value().data();
        int in = d.inFeatures();
        for (int u = 0; u < rank.length; u++) {
            for (int i = 0; i < in; i++) w[u * in + i] = (float) ((i % 2 == 0 ? 1 : -1) * rank[u] * scale / in);
        }
    }

    private ObjectNode config(double target, String scope) {
        return JSON.createObjectNode().put("targetSparsity", target).put("pruneAt", 0.0).put("scope", scope);
    }

    @Test
    void layerScopeRemovesTheLowestL1UnitsOfEveryGroup() {
        SessionHarness h = new SessionHarness(handMade(), method, config(0.5, "layer"), 1, 10).steps(1);
        assertArrayEquals(new int[] {1, 3, 5}, h.cut("fc1"), "ranks 1, 2, 3 sit at units 1, 3, 5");
        assertArrayEquals(new int[] {0, 2, 4}, h.cut("fc2"), "round(0.5 * 5) = 3: ranks 1, 2, 3 at units 2, 4, 0");
    }

    @Test
    void globalScopeRanksScoresDividedByTheirGroupsMean() {
        // fc1 / 3.5 = {.29, .57, .86, ...}, fc2 / 3 = {.33, .67, 1.0, ...}: six lowest are three of each.
        SessionHarness h = new SessionHarness(handMade(), method, config(0.5, "global"), 1, 10).steps(1);
        assertArrayEquals(new int[] {1, 3, 5}, h.cut("fc1"));
        assertArrayEquals(new int[] {0, 2, 4}, h.cut("fc2"));
        assertEquals(5, h.unitsNow());
    }

    @Test
    void globalScopeTakesMoreFromAGroupWhoseUnitsAreSmallForItsGroup() {
        // fc2's norms {1, 1, 1, 1, 10} / 2.8: four units far below their group's mean go before fc1's middle.
        Model m = handMade();
        Dense fc2 = (Dense) m.layers().stream().filter(l -> l.name().equals("fc2")).findFirst().orElseThrow();
        setRows(fc2, new int[] {1, 1, 10, 1, 1}, 0.1);
        SessionHarness global = new SessionHarness(m, method, config(0.5, "global"), 1, 10).steps(1);
        assertArrayEquals(new int[] {1, 3}, global.cut("fc1"));
        assertArrayEquals(new int[] {0, 1, 3, 4}, global.cut("fc2"));

        Model n = handMade();
        setRows((Dense) n.layers().stream().filter(l -> l.name().equals("fc2")).findFirst().orElseThrow(),
                new int[] {1, 1, 10, 1, 1}, 0.1);
        SessionHarness layer = new SessionHarness(n, method, config(0.5, "layer"), 1, 10).steps(1);
        assertEquals(3, layer.cut("fc1").length);
        assertEquals(3, layer.cut("fc2").length, "the same fraction from every group, whatever the scores");
    }

    @Test
    void prunesAtTheConfiguredStepAndNotBefore() {
        SessionHarness h = new SessionHarness(handMade(), method, config(0.5, "global").put("pruneAt", 0.5), 1, 10);
        h.steps(5);
        assertEquals(11, h.unitsNow(), "step 5 of 10 has not run yet");
        h.session.afterOptimizerStep(h.step(5));
        assertEquals(5, h.unitsNow());
        assertEquals(5L, ((List<?>) h.session.summary().get("events")).stream()
                .map(e -> ((Map<?, ?>) e).get("step")).findFirst().orElseThrow());
    }

    @ParameterizedTest
    @CsvSource({"global, 1", "layer, 1", "global, 3", "layer, 4"})
    void reachesTheTargetSparsityWithinOneUnitPerGroup(String scope, int steps) {
        Model m = ModelZoo.create("vgg11", 0.125, new int[] {1, 8, 8}, 4);
        m.initialize(5);
        ObjectNode c = config(0.37, scope).put("pruneAt", 0.1).put("steps", steps);
        if (steps > 1) c.put("pruneEnd", 0.8);
        SessionHarness h = new SessionHarness(m, method, c, 1, 20).steps(20);
        long before = h.unitsBefore(), removed = before - h.unitsNow();
        int groups = h.sizesBefore.size();
        assertTrue(Math.abs(removed - 0.37 * before) <= groups, removed + " of " + before);
        assertEquals(steps, ((List<?>) h.session.summary().get("events")).size());
        assertEquals(removed, h.session.summary().get("unitsRemoved"));
        if (scope.equals("layer")) {
            for (UnitGroup g : h.pruner.graph().groups()) {
                int was = h.sizesBefore.get(g.name());
                assertEquals(was - Math.round(0.37 * was), g.size(), g.name());
            }
        }
    }

    @Test
    void everyGroupKeepsItsMinimum() {
        SessionHarness h = new SessionHarness(handMade(), method, config(0.9, "global").put("minUnitsPerGroup", 3), 1, 10).steps(1);
        for (UnitGroup g : h.pruner.graph().groups()) assertEquals(3, g.size(), g.name());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"targetSparsity\": 1.0}|targetSparsity",
            "{\"pruneAt\": 1.0}|pruneAt",
            "{\"pruneAt\": -0.1}|pruneAt",
            "{\"pruneAt\": 0.5, \"pruneEnd\": 0.4}|pruneEnd",
            "{\"steps\": 3}|pruneEnd",
            "{\"steps\": 0}|steps",
            "{\"scope\": \"everywhere\"}|scope",
            "{\"minUnitsPerGroup\": 0}|minUnitsPerGroup"})
    void invalidSettingsNameTheField(String json, String field) throws Exception {
        var e = assertThrows(DeadwoodException.class, () -> PruningMethods.readConfig(method, JSON.readTree(json)));
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @Test
    void pruneAtAloneMovesTheWholeSchedule() throws Exception {
        L1FilterConfig c = PruningMethods.readConfig(method, JSON.readTree("{\"pruneAt\": 0.8}"));
        assertEquals(0.8, c.schedule().end());
        assertArrayEquals(new long[] {80}, c.schedule().eventSteps(100));
    }
}
