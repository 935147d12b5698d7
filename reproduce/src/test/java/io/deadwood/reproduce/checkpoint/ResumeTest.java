package io.deadwood.reproduce.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.checkpoint.CheckpointException;
import io.deadwood.api.checkpoint.CheckpointStore;
import io.deadwood.api.result.AtomicFiles;
import io.deadwood.api.result.TrainResult;
import io.deadwood.api.train.ProgressListener;
import io.deadwood.reproduce.TinyData;
import io.deadwood.reproduce.cli.TrainConfig;
import io.deadwood.reproduce.cli.TrainRun;
import io.deadwood.reproduce.cli.TrainRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A run stopped between two steps and resumed from its checkpoint ends bit-identical to one never
 * stopped: the same final parameters (modelSha256) and the same records, wall times aside.
 */
class ResumeTest {
    @TempDir
    static Path shared;
    static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = TinyData.writeIdx(shared.resolve("idx"), 192, 64);
    }

    /** Thrown from the progress listener: the run stops as if killed right after a step. */
    static final class Stop extends RuntimeException {
        Stop() {
            super("simulated interruption");
        }
    }

    static TrainConfig config(String model, int epochs, String method, String methodConfig) {
        JsonNode mc = methodConfig == null ? null : read(methodConfig);
        return new TrainConfig(model, 0.5, "idx:" + data, epochs, 32, "sgd", 0.05, 0.9, false, 5e-4,
                "cosine+warmup", 0, false, 7, "auto", 1, 0, 0, 0, method, mc);
    }

    private static JsonNode read(String json) {
        try {
            return AtomicFiles.json().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Runs to the end, stopping after each of the given step counts (counted over the whole run) and resuming. */
    static TrainResult interrupted(TrainConfig config, Path dir, long every, long... stops) {
        int stopped = 0;
        for (long stopAt : stops) {
            long[] seen = {0};
            ProgressListener stopper = p -> {
                if (++seen[0] == stopAt) throw new Stop();
            };
            // Each resumed attempt counts its own steps from where it resumed; the last ones may finish.
            try {
                TrainResult r = TrainRuns.standalone().create(config, stopper, null).checkpointing(dir, every, false).run().result();
                assertTrue(stopped > 0, "the run was never interrupted");
                return r;
            } catch (Stop expected) {
                stopped++;
            }
        }
        return TrainRuns.standalone().create(config, ProgressListener.NONE, null).checkpointing(dir, every, false).run().result();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "dense|mlp|2|||3",
            "demp|mlp|2|demp|{\"checkEvery\": 4}|3",
            "magnitude|mlp|1|magnitude|{\"rounds\": 2, \"rewind\": \"cycle-start\"}|2",
            "magnitude-init|mlp|1|magnitude|{\"rounds\": 1, \"rewind\": \"init\"}|4",
            "ap|mlp|1|ap|{\"innerConfig\": {\"rounds\": 2}}|4",
            "slimming|convnet|2|slimming|{\"pruneAt\": 0.3, \"pruneEnd\": 0.7, \"steps\": 2}|3",
            "l1-filter|convnet|2|l1-filter|{\"pruneAt\": 0.3, \"pruneEnd\": 0.7, \"steps\": 2}|5",
            "random-structured|mlp|2|random-structured|{\"pruneAt\": 0.3, \"pruneEnd\": 0.7, \"steps\": 2}|3",
    })
    void resumedRunEqualsUninterruptedRun(String name, String model, int epochs, String method, String methodConfig,
                                          long every, @TempDir Path tmp) throws IOException {
        TrainConfig config = config(model, epochs, method, methodConfig);
        TrainResult straight = TrainRuns.standalone().create(config, ProgressListener.NONE, null).run().result();
        assertEquals("completed", straight.status());
        // Stops mid-epoch, at an epoch end and (for cycled methods) in a later cycle.
        TrainResult resumed = interrupted(config, tmp.resolve("ckpt"), every, 5, 4, 7, 3, 6, 2, 5);
        assertEquals(straight.modelSha256(), resumed.modelSha256(), name + ": final parameters differ");
        assertEquals(Results.comparable(straight), Results.comparable(resumed), name + ": records differ");
    }

    @Test
    void damagedNewestCheckpointFallsBackToThePreviousOne(@TempDir Path tmp) throws IOException {
        TrainConfig config = config("mlp", 2, null, null);
        TrainResult straight = TrainRuns.standalone().create(config, ProgressListener.NONE, null).run().result();
        Path dir = tmp.resolve("ckpt");
        long[] seen = {0};
        ProgressListener stopper = p -> {
            if (++seen[0] == 9) throw new Stop();
        };
        assertThrows(Stop.class, () -> TrainRuns.standalone().create(config, stopper, null).checkpointing(dir, 2, false).run());
        List<Path> files = new CheckpointStore(dir).files();
        assertEquals(2, files.size(), "the two newest checkpoints are kept");
        // Flip one bit in the newest one.
        byte[] bytes = Files.readAllBytes(files.getFirst());
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(files.getFirst(), bytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointStore.read(files.getFirst()));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        TrainResult resumed = TrainRuns.standalone().create(config, ProgressListener.NONE, null).checkpointing(dir, 2, false).run().result();
        assertEquals(straight.modelSha256(), resumed.modelSha256());
        assertEquals(Results.comparable(straight), Results.comparable(resumed));

        // Truncate both: nothing usable is left, and the run says so.
        for (Path f : new CheckpointStore(dir).files()) {
            byte[] b = Files.readAllBytes(f);
            Files.write(f, java.util.Arrays.copyOf(b, b.length / 3));
        }
        CheckpointException none = assertThrows(CheckpointException.class,
                () -> TrainRuns.standalone().create(config, ProgressListener.NONE, null).checkpointing(dir, 2, false).run());
        assertTrue(none.getMessage().contains("no usable checkpoint") && none.getMessage().contains("--fresh"),
                none.getMessage());
        TrainResult fresh = TrainRuns.standalone().create(config, ProgressListener.NONE, null).checkpointing(dir, 2, true).run().result();
        assertEquals(straight.modelSha256(), fresh.modelSha256());
    }

    @Test
    void changedConfigIsRefusedNamingWhatChanged(@TempDir Path tmp) {
        TrainConfig config = config("mlp", 2, null, null);
        Path dir = tmp.resolve("ckpt");
        long[] seen = {0};
        ProgressListener stopper = p -> {
            if (++seen[0] == 3) throw new Stop();
        };
        assertThrows(Stop.class, () -> TrainRuns.standalone().create(config, stopper, null).checkpointing(dir, 2, false).run());
        TrainConfig other = config("mlp", 3, null, null);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> TrainRuns.standalone().create(other, ProgressListener.NONE, null).checkpointing(dir, 2, false).run());
        assertTrue(e.getMessage().contains("epochs: 2 -> 3"), e.getMessage());
        assertTrue(e.getMessage().contains("--fresh"), e.getMessage());
    }
}
