package io.deadwood.methods.demp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.model.Model;
import io.deadwood.api.prune.PruneEvent;
import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.testkit.CutChecker;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Units made dead by construction are found by the check, and only they are cut. */
class DeadUnitCheckTest {

    /**
     * Every producer's weights are zeroed, so each unit outputs its shift alone: +1 for live units and
     * -10 for the chosen dead ones (minus ten outweighs whatever a residual skip adds back). With
     * BatchNorm the scale is zeroed and the shift carries the sign; without it the bias does.
     */
    private static Map<String, int[]> killSome(Model model) {
        Map<String, int[]> dead = new HashMap<>();
        for (UnitGroup g : Tiny.context(model, 1, 1).pruner().graph().groups()) {
            int[] chosen = g.size() >= 3 ? new int[] {1, g.size() - 1} : new int[0];
            dead.put(g.name(), chosen);
            for (UnitGroup.Slice s : g.producers()) {
                String n = s.parameter().name();
                float[] v = s.parameter().value().data();
                if (n.endsWith(".weight") || n.endsWith(".gamma")) {
                    Arrays.fill(v, 0f);
                } else {
                    Arrays.fill(v, 1f);
                    for (int u : chosen) v[u] = -10f;
                }
            }
        }
        return dead;
    }

    @ParameterizedTest
    @ValueSource(strings = {"convnet", "vgg11", "resnet20", "mlp"})
    void exactlyTheConstructedDeadUnitsAreRemoved(String modelName) {
        Model model = Tiny.model(modelName, 2);
        Map<String, int[]> dead = killSome(model);
        PruningContext ctx = Tiny.context(model, 1, 1);
        CutChecker checker = new CutChecker(model, ctx.backend(), Tiny.probe(8).head(4));
        ctx.pruner().addCutObserver(checker);
        long units = model.unitCount();

        DeadUnitCheck.Outcome o = new DeadUnitCheck(0, 1, 1.0).run(5, ctx.statistics(), ctx.backend(), ctx.pruner());

        assertTrue(checker.failures().isEmpty(), checker.failures().toString());
        int expected = dead.values().stream().mapToInt(a -> a.length).sum();
        assertTrue(expected > 0);
        assertEquals(expected, o.removed());
        assertEquals(units - expected, model.unitCount());
        assertEquals(model.unitCount(), o.unitsLeft());
        assertEquals(5, o.step());
        List<PruneEvent> history = ctx.pruner().history();
        for (PruneEvent e : history) {
            assertArrayEquals(dead.get(e.group()), e.units(), e.group());
            assertEquals("dead", e.reason());
        }
        assertEquals(dead.values().stream().filter(a -> a.length > 0).count(), history.size());
        // What is left is alive: a second check finds nothing.
        assertEquals(0, new DeadUnitCheck(0, 1, 1.0).run(6, ctx.statistics(), ctx.backend(), ctx.pruner()).removed());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.04, 0.25, 0.5, 1.0})
    void theCheckScansItsShareOfTheProbeInWholeBatches(double fraction) {
        Model model = Tiny.model("mlp", 2);
        killSome(model);
        io.deadwood.api.data.BatchSource all = new io.deadwood.testkit.SyntheticImages(16, 4, Tiny.SHAPE, 4, 8);
        int[] served = {0};
        io.deadwood.api.data.BatchSource counting = new io.deadwood.api.data.BatchSource() {
            @Override public int batchesPerEpoch() { return all.batchesPerEpoch(); }
            @Override public int samplesPerEpoch() { return all.samplesPerEpoch(); }
            @Override public java.util.Iterator<io.deadwood.api.data.Batch> epoch(int epoch) {
                java.util.Iterator<io.deadwood.api.data.Batch> it = all.epoch(epoch);
                return new java.util.Iterator<>() {
                    @Override public boolean hasNext() { return it.hasNext(); }
                    @Override public io.deadwood.api.data.Batch next() { served[0] += 1; return it.next(); }
                };
            }
        };
        PruningContext ctx = new PruningContext(model, new io.deadwood.api.prune.Pruner(model),
                new io.deadwood.api.prune.UnitStatistics(model, counting), new io.deadwood.testkit.ReferenceBackend(), 1, 1, 11);
        assertTrue(new DeadUnitCheck(0, 1, fraction).run(1, ctx.statistics(), ctx.backend(), ctx.pruner()).removed() > 0);
        int batch = all.samplesPerEpoch() / all.batchesPerEpoch();
        int want = (int) Math.ceil(Math.ceil(fraction * all.samplesPerEpoch()) / batch);
        assertEquals(want, served[0], "16 probe images in batches of 4");
    }

    @Test
    void aGroupKeepsItsMinimumAndTheMostActiveOfTheDeadStay() {
        DeadUnitCheck check = new DeadUnitCheck(0.5, 3, 1.0);
        double[] mean = {0.1, 0.4, 0.2, 0.0, 0.3};
        assertArrayEquals(new int[] {0, 3}, check.toRemove(5, new int[] {0, 1, 2, 3}, mean), "unit 4 is alive; 1 and 2 stay");
        assertArrayEquals(new int[] {0, 3}, check.toRemove(5, new int[] {0, 3}, mean), "enough are alive");
        assertArrayEquals(new int[0], check.toRemove(2, new int[] {0, 1}, mean), "a group at its minimum keeps all");
        assertArrayEquals(new int[] {1, 2}, new DeadUnitCheck(0, 1, 1.0).toRemove(3, new int[] {0, 1, 2}, new double[3]),
                "on ties the lowest index stays");
    }
}
