package io.deadwood.methods.randomstructured;

import io.deadwood.testkit.SessionHarness;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.DeadwoodException;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.api.prune.PruneEvent;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.prune.UnitGroup;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RandomStructuredTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RandomStructuredMethod method = new RandomStructuredMethod();

    private SessionHarness run(String model, ObjectNode config, long seed) {
        Model m = ModelZoo.create(model, 0.125, new int[] {1, 8, 8}, 4);
        m.initialize(3);
        return new SessionHarness(m, method, config, seed, 20).steps(20);
    }

    private static ObjectNode config(double target, String scope) {
        return JSON.createObjectNode().put("targetSparsity", target).put("pruneAt", 0.25).put("scope", scope);
    }

    private static String decisions(SessionHarness h) {
        StringBuilder s = new StringBuilder();
        for (PruneEvent e : h.pruner.history()) s.append(e.group()).append(Arrays.toString(e.units())).append(';');
        return s.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"convnet", "vgg11", "resnet20"})
    void globalScopeRemovesExactlyTheTargetCount(String model) {
        SessionHarness h = run(model, config(0.45, "global"), 1);
        assertEquals(Math.round(0.45 * h.unitsBefore()), h.unitsBefore() - h.unitsNow());
    }

    @Test
    void layerScopeRemovesTheSameFractionFromEveryGroup() {
        SessionHarness h = run("vgg11", config(0.45, "layer"), 1);
        for (UnitGroup g : h.pruner.graph().groups()) {
            int was = h.sizesBefore.get(g.name());
            assertEquals(was - Math.round(0.45 * was), g.size(), g.name());
        }
    }

    @Test
    void steppedEventsReachTheTargetAndRecordEachStep() {
        ObjectNode c = config(0.6, "global").put("steps", 3).put("pruneEnd", 0.75);
        SessionHarness h = run("convnet", c, 1);
        assertEquals(Math.round(0.6 * h.unitsBefore()), h.unitsBefore() - h.unitsNow());
        List<?> events = (List<?>) h.session.summary().get("events");
        assertEquals(List.of(5L, 10L, 15L), events.stream().map(e -> ((Map<?, ?>) e).get("step")).toList());
    }

    @Test
    void theDrawDependsOnTheSeedAndOnlyOnIt() {
        String a = decisions(run("vgg11", config(0.3, "global"), 1));
        assertEquals(a, decisions(run("vgg11", config(0.3, "global"), 1)));
        assertFalse(a.equals(decisions(run("vgg11", config(0.3, "global"), 2))), "seeds 1 and 2 drew the same units");
    }

    @Test
    void globalDrawsAreSpreadOverTheGroups() {
        // A uniform draw of 45% leaves no group of vgg11 (8 to 64 units) untouched.
        SessionHarness h = run("vgg11", config(0.45, "global"), 1);
        for (UnitGroup g : h.pruner.graph().groups()) assertTrue(g.size() < h.sizesBefore.get(g.name()), g.name());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"targetSparsity\": 2}|targetSparsity",
            "{\"pruneAt\": 0.9, \"pruneEnd\": 1.0, \"steps\": 2}|pruneEnd",
            "{\"steps\": -1}|steps",
            "{\"scope\": \"all\"}|scope"})
    void invalidSettingsNameTheField(String json, String field) throws Exception {
        var e = assertThrows(DeadwoodException.class, () -> PruningMethods.readConfig(method, JSON.readTree(json)));
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }
}
