package io.deadwood.examples.taylor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deadwood.api.checkpoint.CheckpointStore;
import io.deadwood.api.checkpoint.Checkpointing;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelDigest;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.prune.PrunedTraining;
import io.deadwood.api.train.ProgressListener;
import io.deadwood.api.train.TrainerConfig;
import io.deadwood.api.train.schedule.ScheduleConfig;
import io.deadwood.testkit.ReferenceBackend;
import io.deadwood.testkit.SyntheticImages;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped inside an importance window and resumed from its checkpoint ends bit-identical to
 * one never stopped: the partial sums travel in the session's state.
 */
class TaylorResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] SHAPE = {1, 8, 8};
    /** 12 steps (0 to 11); events after steps 3 and 6, each averaged over the 3 steps up to it. */
    private static final JsonNode CONFIG = JSON.createObjectNode().put("targetSparsity", 0.4).put("pruneAt", 0.25)
            .put("pruneEnd", 0.5).put("steps", 2).put("batches", 3);

    private static final class Stop extends RuntimeException {
        Stop() {
            super("simulated interruption");
        }
    }

    private record Outcome(Model model, PrunedTraining.Report report) {
    }

    private static Outcome run(Path checkpoints, ProgressListener progress) {
        Model model = ModelZoo.create("vgg11", 0.125, SHAPE, 4);
        model.initialize(3);
        var setup = new PrunedTraining.Setup(model, new SyntheticImages(64, 4, SHAPE, 16, 3),
                new SyntheticImages(32, 4, SHAPE, 16, 4), new SyntheticImages(16, 4, SHAPE, 16, 5), new ReferenceBackend(),
                TrainerConfig.of(3, 16, OptimizerConfig.sgd(0.05)).withSchedule(ScheduleConfig.constant()).withSeed(3),
                progress);
        if (checkpoints != null) setup = setup.withCheckpointing(new Checkpointing(checkpoints, 1, CONFIG));
        return new Outcome(model, PrunedTraining.run(setup, new TaylorMethod(), CONFIG));
    }

    @Test
    void resumingInsideAWindowEndsBitIdentical(@TempDir Path dir) {
        Outcome straight = run(null, ProgressListener.NONE);
        int[] steps = {0};
        // Stopped after the fifth step (step 4): the first of the three batches before the event at step 6.
        assertThrows(Stop.class, () -> run(dir, p -> {
            if (++steps[0] == 5) throw new Stop();
        }));
        JsonNode extra = new CheckpointStore(dir).loadLatest().state().get("state").get("session").get("extra");
        assertEquals(1, extra.get("seen").asInt(), "the checkpoint must fall inside a window");

        Outcome resumed = run(dir, ProgressListener.NONE);
        assertEquals(ModelDigest.sha256(straight.model), ModelDigest.sha256(resumed.model));
        assertEquals(straight.report.history().size(), resumed.report.history().size());
        for (int i = 0; i < straight.report.history().size(); i++) {
            assertEquals(straight.report.history().get(i).group(), resumed.report.history().get(i).group());
            assertArrayEquals(straight.report.history().get(i).units(), resumed.report.history().get(i).units());
        }
        assertEquals(straight.report.methodSummary(), resumed.report.methodSummary());
        assertTrue(straight.report.history().size() > 2, "both events cut units");
    }
}
