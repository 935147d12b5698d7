package io.deadwood.methods.earlycrop;

import io.deadwood.testkit.SensitivityNet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.DeadwoodException;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.train.EpochMetrics;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EarlyCropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EarlyCropMethod method = new EarlyCropMethod();

    /** One unit of 11, at the latest halfway through a 1000-step run. */
    private static ObjectNode config() {
        return JSON.createObjectNode().put("targetSparsity", 1.0 / 11).put("pruneAt", 0.5);
    }

    /** Moves every parameter by a times one fixed direction: the distance from the start grows by a |v|. */
    private static void move(SensitivityNet t, double a) {
        SplittableRandom rng = new SplittableRandom(9);
        for (Parameter p : t.model.parameters()) {
            float[] w = p.value().data();
            for (int i = 0; i < w.length; i++) w[i] += (float) (a * (rng.nextBoolean() ? 0.05 : -0.05));
        }
    }

    private static void epochEnd(SensitivityNet t, int epoch) {
        t.session.onEpochEnd(new EpochMetrics(epoch, 0, 0, 0, 0, 0, 0, 0, 0.1, 0, 0, epoch * 10L), t.run);
    }

    @Test
    void prunesTheStepAfterTheWeightsSettleAndCutsTheUnitThatNeverFires() {
        SensitivityNet t = new SensitivityNet().dead("fc1", 2).open(method, config(), 1000);
        epochEnd(t, 1);
        move(t, 1);
        epochEnd(t, 2);
        move(t, 1);
        epochEnd(t, 3);
        t.step(30);
        assertEquals(0, t.pruner.history().size(), "distance grew by as much as in epoch 2: still moving");
        move(t, 0.1);
        epochEnd(t, 4);
        assertEquals(0, t.pruner.history().size(), "the prune waits for the next step");
        t.step(40);
        assertArrayEquals(new int[] {2}, t.cut("fc1"), "zero gradient flow, though its weights are the largest");
        assertEquals("weights settled", t.session.summary().get("trigger"));
        t.step(500);
        assertEquals(1, t.pruner.history().size(), "one shot: pruneAt does not prune again");
    }

    @Test
    void prunesAtPruneAtWhenTheWeightsKeepMoving() {
        SensitivityNet t = new SensitivityNet().dead("fc1", 2).open(method, config(), 1000);
        for (int e = 1; e <= 4; e++) {
            epochEnd(t, e);
            move(t, e);
        }
        t.step(499);
        assertEquals(0, t.pruner.history().size());
        t.step(500);
        assertArrayEquals(new int[] {2}, t.cut("fc1"));
        assertEquals("pruneAt", t.session.summary().get("trigger"));
    }

    @Test
    void withoutTheCheckOnlyPruneAtCounts() {
        SensitivityNet t = new SensitivityNet().dead("fc1", 2).open(method, config().put("lazyCheck", false), 1000);
        epochEnd(t, 1);
        move(t, 1);
        epochEnd(t, 2);
        epochEnd(t, 3);
        t.step(40);
        assertEquals(0, t.pruner.history().size());
        t.step(500);
        assertEquals(1, t.pruner.history().size());
    }

    @Test
    void aResumedSessionFiresWhereTheFirstWould() {
        SensitivityNet t = new SensitivityNet().dead("fc1", 2).open(method, config(), 1000);
        epochEnd(t, 1);
        move(t, 1);
        epochEnd(t, 2);
        JsonNode saved = t.session.saveState();
        SensitivityNet again = new SensitivityNet().dead("fc1", 2);
        for (int k = 0; k < t.model.parameters().size(); k++) {
            float[] w = t.model.parameters().get(k).value().data();
            System.arraycopy(w, 0, again.model.parameters().get(k).value().data(), 0, w.length);
        }
        again.open(method, config(), 1000);
        again.session.restoreState(saved);
        move(again, 0.1);
        epochEnd(again, 3);
        again.step(30);
        assertArrayEquals(new int[] {2}, again.cut("fc1"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"batches\": 0}|batches",
            "{\"pruneAt\": 1.0}|pruneAt",
            "{\"targetSparsity\": -0.1}|targetSparsity",
            "{\"steps\": 2}|steps"})
    void invalidSettingsNameTheField(String json, String field) throws Exception {
        var e = assertThrows(DeadwoodException.class, () -> PruningMethods.readConfig(method, JSON.readTree(json)));
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }
}
