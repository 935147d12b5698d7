package io.deadwood.reproduce.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.data.FashionMnist;
import io.deadwood.api.result.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end on the real Fashion-MNIST (a slice of the training set, the whole test set). */
class TrainCommandTest {

    private static void assumeData() {
        assumeTrue(Files.isDirectory(FashionMnist.defaultDirectory()),
                "Fashion-MNIST is not installed (apt-get install -y dataset-fashion-mnist)");
    }

    @Test
    void mlpLearnsOnASliceOfTheRealDataAndWritesTheResult(@TempDir Path tmp) throws IOException {
        assumeData();
        Path out = tmp.resolve("run");
        Cli r = Cli.run("train", "--model", "mlp", "--epochs", "2", "--train-limit", "4000", "--seed", "3",
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("test accuracy"), r.out());

        JsonNode result = AtomicFiles.json().readTree(out.resolve("result.json").toFile());
        assertEquals("deadwood.train-result/2", result.get("schema").asText());
        assertEquals("completed", result.get("status").asText());
        double acc = result.get("testAccuracy").asDouble();
        assertTrue(acc > 0.75 && acc <= 1.0, "an MLP on 4000 real images must learn; got " + acc);
        assertEquals(2, result.get("epochs").size());
        JsonNode e2 = result.get("epochs").get(1);
        assertEquals(2, e2.get("epoch").asInt());
        assertTrue(e2.get("trainLoss").asDouble() < result.get("epochs").get(0).get("trainLoss").asDouble());
        assertTrue(e2.get("imagesPerSecond").asDouble() > 0);
        assertEquals(266_610, result.get("params").get("before").asLong());
        assertEquals(400, result.get("units").get("before").asLong());
        assertEquals(64, result.get("modelSha256").asText().length());

        JsonNode prov = result.get("provenance");
        assertEquals(3, prov.get("seed").asLong());
        assertEquals("mlp", prov.get("config").get("model").asText());
        assertEquals(4000, prov.get("data").get("trainSamples").asInt());
        assertEquals(10_000, prov.get("data").get("testSamples").asInt());
        assertEquals(4, prov.get("data").get("files").size());
        assertEquals(64, prov.get("data").get("files").get(0).get("sha256").asText().length());
        assertEquals("vector-cpu", prov.get("backend").get("id").asText());
        assertFalse(prov.get("software").get("javaVersion").asText().isEmpty());
        assertFalse(prov.get("machine").get("cpu").asText().isEmpty());
        try (var files = Files.list(out)) {
            assertEquals(java.util.Set.of("result.json", "index.html", "checkpoint"),
                    files.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toSet()),
                    "result.json and the checkpoints, no temporaries");
        }
        try (var files = Files.list(out.resolve("checkpoint"))) {
            assertTrue(files.allMatch(f -> f.getFileName().toString().matches("checkpoint-\\d+\\.dwck")));
        }
    }

    @Test
    void aValidationSliceComesOffTheEndOfTheTrainingSplitAndIsScored(@TempDir Path tmp) throws IOException {
        assumeData();
        Path out = tmp.resolve("run");
        Cli r = Cli.run("train", "--model", "mlp", "--width", "0.25", "--epochs", "1", "--val-split", "0.01",
                "--train-limit", "1000", "--test-limit", "500", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode result = AtomicFiles.json().readTree(out.resolve("result.json").toFile());
        assertEquals(600, result.get("validation").get("samples").asInt(), "1% of the 60,000 training images");
        double acc = result.get("validation").get("accuracy").asDouble();
        assertTrue(acc > 0.5 && acc <= 1, "validation accuracy " + acc);
        assertEquals(1000, result.get("provenance").get("data").get("trainSamples").asInt());
        assertTrue(result.get("trainSeconds").asDouble() > 0);
        assertTrue(result.get("trainSeconds").asDouble() < result.get("wallSeconds").asDouble());

        Cli bad = Cli.run("train", "--model", "mlp", "--val-split", "60000", "--out", tmp.resolve("bad").toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().startsWith("error: --val-split 60000 leaves nothing to train on"), bad.err());
    }

    @Test
    void dempTrainsWithItsPapersOptimiserUnlessTheUserNamesOne(@TempDir Path tmp) throws IOException {
        assumeData();
        String[] common = {"train", "--model", "mlp", "--width", "0.25", "--epochs", "1", "--train-limit", "256",
                "--test-limit", "100", "--method", "demp"};
        Path own = tmp.resolve("own");
        Cli r = Cli.run(concat(common, "--out", own.toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("demp trains with its own optimiser: adamw, lr 0.005"), r.out());
        JsonNode config = AtomicFiles.json().readTree(own.resolve("result.json").toFile()).get("provenance").get("config");
        assertEquals("adamw", config.get("optimizer").asText());
        assertEquals(0.005, config.get("lr").asDouble());
        assertEquals(5e-4, config.get("weightDecay").asDouble());

        Path named = tmp.resolve("named");
        Cli s = Cli.run(concat(common, "--lr", "0.01", "--out", named.toString()));
        assertEquals(0, s.exitCode(), s.err());
        assertFalse(s.out().contains("its own optimiser"), s.out());
        config = AtomicFiles.json().readTree(named.resolve("result.json").toFile()).get("provenance").get("config");
        assertEquals("sgd", config.get("optimizer").asText(), "naming any optimiser setting keeps the usual defaults");
        assertEquals(0.01, config.get("lr").asDouble());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void sameSeedSameBackendIsBitIdentical(@TempDir Path tmp) throws IOException {
        assumeData();
        String[] common = {"train", "--model", "convnet", "--width", "0.25", "--epochs", "1", "--train-limit", "600",
                "--batch", "32", "--seed", "11", "--threads", "2", "--out"};
        JsonNode a = run(common, tmp.resolve("a"));
        JsonNode b = run(common, tmp.resolve("b"));
        assertEquals(a.get("modelSha256").asText(), b.get("modelSha256").asText());
        assertEquals(a.get("testLoss").asDouble(), b.get("testLoss").asDouble());
        assertEquals(a.get("epochs").get(0).get("trainLoss").asDouble(),
                b.get("epochs").get(0).get("trainLoss").asDouble());

        String[] otherSeed = common.clone();
        otherSeed[12] = "12";
        JsonNode c = run(otherSeed, tmp.resolve("c"));
        assertFalse(a.get("modelSha256").asText().equals(c.get("modelSha256").asText()));
    }

    private static JsonNode run(String[] args, Path out) throws IOException {
        String[] full = java.util.Arrays.copyOf(args, args.length + 1);
        full[args.length] = out.toString();
        Cli r = Cli.run(full);
        assertEquals(0, r.exitCode(), r.err());
        return AtomicFiles.json().readTree(out.resolve("result.json").toFile());
    }
}
