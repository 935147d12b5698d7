package io.deadwood.methods.ap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.DeadwoodException;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Dense;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.nn.ReLU;
import io.deadwood.api.nn.Sequential;
import io.deadwood.api.prune.Pruner;
import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.prune.PruningSession;
import io.deadwood.api.prune.Statistic;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.testkit.ReferenceBackend;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * AP's choice on a model small enough to set theta_0 and theta_T by hand: a 4 -> 3 hidden layer (12
 * weights) and a 3 -> 2 classifier (6 weights).
 */
class ApSessionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    //                                          0      1     2      3     4      5     6      7    8    9    10   11
    private static final float[] HIDDEN_START = {-0.3f, 0.5f, -0.2f, -0.1f, 0.1f, -0.3f, -0.4f, .3f, .3f, .3f, .3f, .3f};
    private static final float[] HIDDEN_END = {-0.3f, 0.5f, -0.21f, -0.5f, -0.05f, 0.1f, -0.42f, .35f, .35f, .35f, .35f, .35f};
    private static final float[] OUT_START = {-0.7f, -0.2f, 0.4f, 0.4f, 0.4f, 0.4f};
    private static final float[] OUT_END = {-0.73f, -0.3f, 0.45f, 0.45f, 0.45f, 0.45f};

    private final Dense hidden = new Dense("hidden", 4, 3, true, true);
    private final Dense out = new Dense("out", 3, 2, true, false);
    private final Model model = new Model("tiny", new Sequential("tiny", List.of(hidden, new ReLU("relu"), out)),
            new int[] {1, 2, 2}, 2);
    private final Pruner pruner = new Pruner(model);
    private final PruningContext context = new PruningContext(model, pruner, null, new ReferenceBackend(), 1, 1, 7);
    private final StubMethod stub = new StubMethod();
    private final ApMethod ap = new ApMethod(new PruningMethods(List.of(stub), List.of()));

    private PruningSession open(String json) throws Exception {
        ObjectNode c = (ObjectNode) JSON.readTree(json);
        c.put("inner", "stub");
        return PruningMethods.open(ap, c, context);
    }

    private void set(Parameter p, float[] values) {
        System.arraycopy(values, 0, p.value().data(), 0, values.length);
    }

    /** Runs one "trained" cycle: theta_0 at its start, theta_T at its end. */
    private void cycle(PruningSession s) {
        set(hidden.weight(), HIDDEN_START);
        set(out.weight(), OUT_START);
        s.onCycleStart(0);
        set(hidden.weight(), HIDDEN_END);
        set(out.weight(), OUT_END);
        s.onCycleEnd(0);
    }

    private Set<Integer> masked(Parameter p) {
        Set<Integer> out = new TreeSet<>();
        Tensor m = pruner.weightMasks().get(p);
        if (m != null) for (int i = 0; i < p.size(); i++) if (m.get(i) == 0f) out.add(i);
        return out;
    }

    @Test
    void masksTheSurvivingNegativeWeightsThatMovedLeast() throws Exception {
        // pAp of 18 weights is 3. Hidden 0 is negative and static but the base took it; 1 is static but
        // positive; 5 moved little but ends positive. The least-moved negatives left are hidden 2
        // (0.01), hidden 6 (0.02) and out 0 (0.03).
        PruningSession s = open("{\"p\":0.5,\"pAp\":0.16666666,\"rewind\":\"cycle-start\",\"innerConfig\":{\"prune\":[0]}}");
        cycle(s);
        assertEquals(Set.of(0, 2, 6), masked(hidden.weight()));
        assertEquals(Set.of(0), masked(out.weight()));
        for (int i = 0; i < 12; i++) {
            float want = masked(hidden.weight()).contains(i) ? 0f : HIDDEN_START[i];
            assertEquals(want, hidden.weight().value().get(i), "survivors rewound to theta_0: hidden " + i);
        }
        for (int i = 0; i < 6; i++) {
            assertEquals(i == 0 ? 0f : OUT_START[i], out.weight().value().get(i), "out " + i);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> row = ((List<Map<String, Object>>) s.summary().get("cycles")).getFirst();
        assertEquals(1L, row.get("baseRemoved"));
        assertEquals(3L, row.get("apRemoved"));
        assertEquals(14L, row.get("remainingWeights"));
    }

    @Test
    void leavesTheClassifierAloneWhenAskedAndSharesOverTheRest() throws Exception {
        // 12 hidden weights: pAp is 2 of them. No base prune this time, so the static hidden 0 (moved 0)
        // goes first, then hidden 2 (0.01); out 0 is no candidate.
        PruningSession s = open("{\"p\":0.5,\"pAp\":0.16666666,\"includeClassifier\":false,\"rewind\":\"none\"}");
        cycle(s);
        assertEquals(Set.of(0, 2), masked(hidden.weight()));
        assertEquals(Set.of(), masked(out.weight()));
        for (int i = 0; i < 12; i++) {
            float want = i == 0 || i == 2 ? 0f : HIDDEN_END[i];
            assertEquals(want, hidden.weight().value().get(i), "rewind none keeps theta_T: hidden " + i);
        }
    }

    @Test
    void takesEveryNegativeSurvivorWhenThereAreFewerThanItsShare() throws Exception {
        // pAp = 0.45 of 18 is 8; only 7 weights end negative (hidden 0, 2, 3, 4, 6; out 0, 1).
        PruningSession s = open("{\"p\":0.9,\"pAp\":0.45}");
        cycle(s);
        assertEquals(Set.of(0, 2, 3, 4, 6), masked(hidden.weight()));
        assertEquals(Set.of(0, 1), masked(out.weight()));
    }

    @Test
    void passesItsShareAndTheRewindDownUnlessTheInnerConfigNamesThem() throws Exception {
        open("{\"p\":0.3,\"pAp\":0.05}");
        StubMethod.Config got = stub.sessions.getLast().config;
        assertEquals(0.25, got.rate(), 1e-12);
        assertEquals("none", got.rewind(), "AP rewinds after its own prune");
        open("{\"innerConfig\":{\"rate\":0.4,\"rewind\":\"init\"}}");
        got = stub.sessions.getLast().config;
        assertEquals(0.4, got.rate());
        assertEquals("init", got.rewind());
    }

    @Test
    void delegatesEveryHookAndAsksForTheDeadNeuronRate() throws Exception {
        PruningSession s = open("{\"innerConfig\":{\"cycles\":3}}");
        assertEquals(3, s.cycles());
        assertEquals(Set.of(Statistic.DNR, Statistic.DEAD_UNITS), s.statistics());
        s.onCycleStart(0);
        s.afterBackward(null);
        s.onCycleEnd(0);
        assertEquals(List.of("start 0", "afterBackward", "end 0"), stub.sessions.getLast().calls);
        assertEquals("stub", s.summary().get("inner"));
    }

    @Test
    void badConfigsAreRefusedNamingTheField() {
        var e = assertThrows(DeadwoodException.class, () -> PruningMethods.open(ap,
                JSON.createObjectNode().put("inner", "nothing-here"), context));
        assertTrue(e.getMessage().contains("nothing-here") && e.getMessage().contains("stub"), e.getMessage());
        e = assertThrows(DeadwoodException.class, () -> open("{\"innerConfig\":{\"noSuchKnob\":1}}"));
        assertTrue(e.getMessage().contains("noSuchKnob"), e.getMessage());
        e = assertThrows(DeadwoodException.class, () -> open("{\"p\":0.1,\"pAp\":0.1}"));
        assertTrue(e.getMessage().contains("pAp"), e.getMessage());
        e = assertThrows(DeadwoodException.class, () -> PruningMethods.readConfig(ap,
                JSON.createObjectNode().put("inner", "ap")));
        assertTrue(e.getMessage().contains("inner"), e.getMessage());
        e = assertThrows(DeadwoodException.class, () -> open("{\"innerConfig\":[1]}"));
        assertTrue(e.getMessage().contains("innerConfig"), e.getMessage());
    }
}
