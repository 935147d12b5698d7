package io.deadwood.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deadwood.api.DeadwoodException;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelDigest;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.prune.PruneEvent;
import io.deadwood.api.prune.PrunedTraining;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.api.train.ProgressListener;
import io.deadwood.api.train.TrainerConfig;
import io.deadwood.api.train.schedule.ScheduleConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * What every pruning method promises. A method's test extends this and names the method and a
 * config that makes it act within a tiny run (a few epochs on small synthetic images).
 */
public abstract class PruningMethodContract {
    protected static final ObjectMapper JSON = new ObjectMapper();

    protected abstract PruningMethod<?> method();

    /** A config under which the method prunes something within {@link #epochs()} epochs of a tiny run. */
    protected abstract JsonNode quickConfig();

    /** True for methods that remove units (structured); false for weight masks (unstructured). */
    protected abstract boolean structured();

    protected int epochs() { return 3; }

    @Test
    void isDiscoveredById() {
        PruningMethods found = PruningMethods.discover(getClass().getClassLoader());
        assertEquals(method().getClass(), found.get(method().id()).getClass());
        assertTrue(method().id().matches("[a-z0-9-]+"), method().id());
        assertFalse(method().description().isBlank());
    }

    @Test
    void configsRoundTripThroughJson() {
        assertRoundTrip(method());
    }

    private static <C extends Record> void assertRoundTrip(PruningMethod<C> m) {
        C defaults = m.defaultConfig();
        assertEquals(defaults, PruningMethods.readConfig(m, PruningMethods.toJson(defaults)));
        assertEquals(defaults, PruningMethods.readConfig(m, null), "no config means the default");
    }

    @Test
    void quickConfigRoundTrips() {
        assertQuickRoundTrip(method(), quickConfig());
    }

    private static <C extends Record> void assertQuickRoundTrip(PruningMethod<C> m, JsonNode quick) {
        C c = PruningMethods.readConfig(m, quick);
        assertEquals(c, PruningMethods.readConfig(m, PruningMethods.toJson(c)));
    }

    @Test
    void unknownSettingIsRefusedByName() {
        var e = assertThrows(DeadwoodException.class,
                () -> PruningMethods.readConfig(method(), JSON.createObjectNode().put("noSuchKnob", 1)));
        assertTrue(e.getMessage().contains("noSuchKnob"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"convnet", "vgg11", "resnet20"})
    void runsEndToEndAndEveryCutMatchesTheMaskedNetwork(String modelName) {
        Run run = run(modelName, 5);
        assertTrue(run.checker.failures().isEmpty(), run.checker.failures().toString());
        assertEquals(run.checker.cuts(), run.report.history().size());
        assertTrue(Double.isFinite(run.report.finalTestLoss()));
        if (structured()) {
            assertFalse(run.report.history().isEmpty(), method().id() + " removed no unit on " + modelName);
            assertTrue(run.model.unitCount() < run.unitsBefore, "units must fall");
            assertTrue(run.model.parameterCount() < run.paramsBefore, "params must fall");
        } else {
            assertFalse(run.report.masks().isEmpty(), method().id() + " masked no weight on " + modelName);
        }
        for (Map.Entry<Parameter, Tensor> e : run.report.masks().all().entrySet()) {
            float[] w = e.getKey().value().data(), m = e.getValue().data();
            for (int i = 0; i < w.length; i++) {
                if (m[i] == 0f) assertEquals(0f, w[i], "masked weight " + i + " of " + e.getKey().name() + " revived");
            }
        }
    }

    @Test
    void sameSeedGivesTheSameDecisions() {
        Run a = run("convnet", 7), b = run("convnet", 7);
        List<PruneEvent> ha = a.report.history(), hb = b.report.history();
        assertEquals(ha.size(), hb.size());
        for (int i = 0; i < ha.size(); i++) {
            assertEquals(ha.get(i).group(), hb.get(i).group());
            assertArrayEquals(ha.get(i).units(), hb.get(i).units());
        }
        assertEquals(ModelDigest.sha256(a.model), ModelDigest.sha256(b.model));
    }

    /**
     * Settings that must be refused, each with a value the method cannot accept (a negative rate, a
     * sparsity above one). The contract also tries a fraction for every whole-number setting.
     */
    protected Map<String, JsonNode> invalidSettings() { return Map.of(); }

    @Test
    void badValuesAreRefusedByName() {
        java.util.Map<String, JsonNode> bad = new java.util.LinkedHashMap<>(invalidSettings());
        JsonNode defaults = PruningMethods.toJson(method().defaultConfig());
        defaults.properties().forEach(e -> {
            if (e.getValue().isIntegralNumber()) bad.putIfAbsent(e.getKey(), JSON.getNodeFactory().numberNode(1.5));
        });
        for (Map.Entry<String, JsonNode> e : bad.entrySet()) {
            var config = JSON.createObjectNode().set(e.getKey(), e.getValue());
            var error = assertThrows(DeadwoodException.class, () -> PruningMethods.readConfig(method(), config),
                    method().id() + " accepted " + config);
            assertTrue(error.getMessage().contains(e.getKey()), "the refusal of " + config + " does not name the setting: "
                    + error.getMessage());
        }
    }

    /**
     * A checkpointed run stopped just after a mid-run checkpoint and started again resumes from it and
     * ends with the same model, bit for bit, as a run never stopped: the session's saved state is all
     * it needs.
     */
    @Test
    void resumesFromACheckpointBitForBit(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Run straight = run("convnet", 13);
        var checkpoints = new io.deadwood.api.checkpoint.Checkpointing(dir, 3, JSON.createObjectNode().put("method", method().id()));
        int stopAt = 7;
        RuntimeException stop = new IllegalStateException("stopped for the contract");
        ProgressListener stopper = p -> {
            if ((p.epoch() - 1) * p.batchesPerEpoch() + p.batch() == stopAt) throw stop;
        };
        var thrown = assertThrows(RuntimeException.class, () -> run("convnet", 13, checkpoints, stopper));
        assertTrue(thrown == stop || thrown.getCause() == stop, "the run failed otherwise: " + thrown);
        Run resumed = run("convnet", 13, checkpoints, ProgressListener.NONE);
        assertEquals(ModelDigest.sha256(straight.model), ModelDigest.sha256(resumed.model),
                method().id() + " resumed to another model than a run never stopped");
        assertEquals(straight.report.history().size(), resumed.report.history().size());
    }

    protected record Run(Model model, PrunedTraining.Report report, CutChecker checker, long unitsBefore,
                         long paramsBefore) {
    }

    /** A few epochs on 8x8 synthetic images with the reference backend. */
    protected Run run(String modelName, long seed) {
        return run(modelName, seed, null, ProgressListener.NONE);
    }

    private Run run(String modelName, long seed, io.deadwood.api.checkpoint.Checkpointing checkpoints, ProgressListener progress) {
        int[] shape = {1, 8, 8};
        Model model = ModelZoo.create(modelName, 0.125, shape, 4);
        model.initialize(seed);
        var backend = new ReferenceBackend();
        SyntheticImages train = new SyntheticImages(64, 4, shape, 16, seed);
        SyntheticImages test = new SyntheticImages(32, 4, shape, 16, seed + 1);
        SyntheticImages probe = new SyntheticImages(16, 4, shape, 16, seed + 2);
        CutChecker checker = new CutChecker(model, backend, test.head(4));
        TrainerConfig config = TrainerConfig.of(epochs(), 16, OptimizerConfig.sgd(0.05))
                .withSchedule(ScheduleConfig.constant()).withSeed(seed);
        long units = model.unitCount(), params = model.parameterCount();
        var setup = new PrunedTraining.Setup(model, train, test, probe, backend, config, progress, List.of(checker));
        if (checkpoints != null) setup = setup.withCheckpointing(checkpoints);
        return new Run(model, PrunedTraining.run(setup, method(), quickConfig()), checker, units, params);
    }
}
