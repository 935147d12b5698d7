package io.deadwood.reproduce.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.data.IdxWriter;
import io.deadwood.reproduce.TinyData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mistake a user can make gives exit code 2, one error line, no trace, and nothing in --out. */
class TrainErrorsTest {

    private static void assertUserError(Cli r, String expectedFragment) {
        assertEquals(2, r.exitCode(), r.err());
        String line = r.errorLine();
        assertTrue(line.startsWith("error: "), line);
        assertFalse(line.contains("\n"), "one line only: " + line);
        assertFalse(line.contains("Exception"), "no stack trace or exception names: " + line);
        assertTrue(line.contains(expectedFragment), line);
    }

    @Test
    void unknownModel(@TempDir Path tmp) {
        Path out = tmp.resolve("o");
        assertUserError(Cli.run("train", "--model", "transformer", "--out", out.toString()), "unknown model 'transformer'");
        assertFalse(Files.exists(out));
    }

    @Test
    void unknownBackendNamesEveryProvider(@TempDir Path tmp) {
        Path out = tmp.resolve("o");
        Cli r = Cli.run("train", "--backend", "cuda", "--out", out.toString());
        assertUserError(r, "unknown backend 'cuda'");
        assertTrue(r.errorLine().contains("vector-cpu") && r.errorLine().contains("tornado"), r.errorLine());
        assertFalse(Files.exists(out));
    }

    @Test
    void unavailableBackendSaysWhy(@TempDir Path tmp) {
        Cli r = Cli.run("train", "--backend", "tornado", "--out", tmp.resolve("o").toString());
        assertUserError(r, "backend 'tornado' is not available here");
    }

    @Test
    void badOptionValues(@TempDir Path tmp) {
        String out = tmp.resolve("o").toString();
        assertUserError(Cli.run("train", "--epochs", "many", "--out", out), "--epochs");
        assertUserError(Cli.run("train", "--epochs", "0", "--out", out), "--epochs must be >= 1");
        assertUserError(Cli.run("train", "--width", "-1", "--out", out), "--width must be > 0");
        assertUserError(Cli.run("train", "--optimizer", "rmsprop", "--out", out), "unknown optimizer 'rmsprop'");
        assertUserError(Cli.run("train", "--schedule", "zigzag", "--out", out), "zigzag");
        assertUserError(Cli.run("train", "--lr", "-0.1", "--out", out), "lr");
        assertUserError(Cli.run("train", "--frobnicate", "--out", out), "--frobnicate");
        assertUserError(Cli.run("train", "--model", "mlp"), "--out");
        assertFalse(Files.exists(tmp.resolve("o")));
    }

    @Test
    void unknownDataSpec(@TempDir Path tmp) {
        assertUserError(Cli.run("train", "--data", "imagenet", "--out", tmp.resolve("o").toString()), "imagenet");
    }

    @Test
    void missingDataFolder(@TempDir Path tmp) {
        Path out = tmp.resolve("o");
        assertUserError(Cli.run("train", "--data", "idx:" + tmp.resolve("nowhere"), "--out", out.toString()), "nowhere");
        assertFalse(Files.exists(out));
    }

    @Test
    void truncatedDataFile(@TempDir Path tmp) throws IOException {
        Path dir = TinyData.writeIdx(tmp.resolve("data"), 20, 10);
        Path images = dir.resolve("train-images-idx3-ubyte");
        byte[] bytes = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        Path out = tmp.resolve("o");
        assertUserError(Cli.run("train", "--data", "idx:" + dir, "--out", out.toString()), "train-images-idx3-ubyte");
        assertFalse(Files.exists(out));
    }

    @Test
    void wrongMagic(@TempDir Path tmp) throws IOException {
        Path dir = TinyData.writeIdx(tmp.resolve("data"), 20, 10);
        Path labels = dir.resolve("t10k-labels-idx1-ubyte");
        byte[] bytes = Files.readAllBytes(labels);
        bytes[2] = 0x0D;
        Files.write(labels, bytes);
        assertUserError(Cli.run("train", "--data", "idx:" + dir, "--out", tmp.resolve("o").toString()),
                "t10k-labels-idx1-ubyte");
    }

    @Test
    void countsThatDisagree(@TempDir Path tmp) throws IOException {
        Path dir = TinyData.writeIdx(tmp.resolve("data"), 20, 10);
        IdxWriter.writeLabels(dir.resolve("train-labels-idx1-ubyte"), new int[19], false);
        assertUserError(Cli.run("train", "--data", "idx:" + dir, "--out", tmp.resolve("o").toString()), "20");
    }

    @Test
    void outputPathThatIsAFile(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("taken"), "keep me");
        assertUserError(Cli.run("train", "--out", file.toString()), "is a file");
        assertEquals("keep me", Files.readString(file));
    }

    @Test
    void divergedRunIsRecordedAndReported(@TempDir Path tmp) throws IOException {
        Path dir = TinyData.writeIdx(tmp.resolve("data"), 64, 32);
        Path out = tmp.resolve("o");
        Cli r = Cli.run("train", "--data", "idx:" + dir, "--lr", "1e30", "--schedule", "constant",
                "--epochs", "1", "--batch", "16", "--out", out.toString());
        assertUserError(r, "diverged at step");
        assertTrue(r.errorLine().contains("lower the learning rate"), r.errorLine());
        var result = io.deadwood.api.result.AtomicFiles.json().readTree(out.resolve("result.json").toFile());
        assertEquals("diverged", result.get("status").asText());
        assertTrue(result.get("error").asText().startsWith("diverged at step"));
    }


    @Test
    void aSecondRunOnTheSameFolderRefuses(@TempDir Path tmp) throws Exception {
        Path dir = TinyData.writeIdx(tmp.resolve("data"), 20, 10);
        Path out = tmp.resolve("o");
        try (AutoCloseable held = OutputFolder.prepare(out).lock()) {
            assertUserError(Cli.run("train", "--data", "idx:" + dir, "--out", out.toString()), "in use by another Deadwood run");
        }
        Cli after = Cli.run("train", "--data", "idx:" + dir, "--epochs", "1", "--batch", "8", "--out", out.toString());
        assertEquals(0, after.exitCode(), after.err());
        try (var files = Files.list(out)) {
            assertEquals(java.util.Set.of("result.json", "index.html", "checkpoint"),
                    files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
    }
}
