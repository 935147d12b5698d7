package io.deadwood.reproduce.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.result.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real-valued data sets from a plugin jar: listed, trained on end to end, and refused by name when they cannot be. */
class DatasetPluginTest {
    /** Three Gaussian blobs in 8 dimensions, far from the origin: float inputs, integer labels. */
    private static final String BLOBS = """
            package org.example.plugin;

            import io.deadwood.api.data.*;
            import java.util.List;
            import java.util.SplittableRandom;

            public final class Blobs implements DatasetProvider {
                @Override public String id() { return "blobs"; }
                @Override public String description() { return "three Gaussian blobs in 8 dimensions"; }
                @Override public String usage() { return "blobs[:SEED]"; }

                @Override
                public void check(String argument) {
                    if (!argument.isEmpty() && !argument.matches("[0-9]+")) {
                        throw new DataException("blobs:" + argument + ": the argument is a seed, a whole number; write blobs:7");
                    }
                }

                @Override
                public DataSplits open(String argument) {
                    long seed = argument.isEmpty() ? 1 : Long.parseLong(argument);
                    return new DataSplits("blobs", split("blobs/train", 600, seed), split("blobs/test", 150, seed + 1));
                }

                private static Dataset split(String name, int n, long seed) {
                    SplittableRandom r = new SplittableRandom(seed);
                    float[] x = new float[n * 8];
                    int[] y = new int[n];
                    for (int i = 0; i < n; i++) {
                        y[i] = i % 3;
                        for (int j = 0; j < 8; j++) x[i * 8 + j] = 50f + (j % 3 == y[i] ? 3f : 0f) + (float) r.nextGaussian();
                    }
                    return Dataset.classification(name, x, new int[] {8}, y, 3, List.of());
                }
            }
            """;

    private static final String WAVE = """
            package org.example.plugin;

            import io.deadwood.api.data.*;
            import java.util.List;

            public final class Wave implements DatasetProvider {
                @Override public String id() { return "wave"; }
                @Override public String description() { return "y = sin(x), a regression set"; }

                @Override
                public DataSplits open(String argument) {
                    float[] x = new float[64], y = new float[64];
                    for (int i = 0; i < 64; i++) {
                        x[i] = i / 10f;
                        y[i] = (float) Math.sin(x[i]);
                    }
                    Dataset d = Dataset.regression("wave", x, new int[] {1}, y, 1, List.of());
                    return new DataSplits("wave", d, d);
                }
            }
            """;

    /** A training split with real-valued targets and a test split with class labels, which no loss can score together. */
    private static final String MIXED = """
            package org.example.plugin;

            import io.deadwood.api.data.*;
            import java.util.List;

            public final class Mixed implements DatasetProvider {
                @Override public String id() { return "mixed"; }
                @Override public String description() { return "regression training split, classification test split"; }

                @Override
                public DataSplits open(String argument) {
                    float[] x = new float[16], y = new float[16];
                    int[] labels = new int[16];
                    for (int i = 0; i < 16; i++) {
                        x[i] = i;
                        y[i] = i / 16f;
                        labels[i] = i % 2;
                    }
                    return new DataSplits("mixed", Dataset.regression("mixed/train", x, new int[] {1}, y, 1, List.of()),
                            Dataset.classification("mixed/test", x, new int[] {1}, labels, 2, List.of()));
                }
            }
            """;

    @TempDir
    static Path plugins;

    @BeforeAll
    static void buildJar() throws Exception {
        SourceJar.build(plugins, "data-plugin.jar", Map.of("Blobs", BLOBS, "Wave", WAVE, "Mixed", MIXED),
                Map.of("io.deadwood.api.data.DatasetProvider",
                        "org.example.plugin.Blobs\norg.example.plugin.Wave\norg.example.plugin.Mixed\norg.example.plugin.Gone\n"));
    }

    @Test
    void datasetsListsTheBuiltInsThePluginsAndTheBrokenEntryWithItsJar() throws Exception {
        Cli list = Cli.run("datasets", "--plugins", plugins.toString());
        assertEquals(0, list.exitCode(), list.err());
        assertTrue(list.out().contains("blobs[:SEED]           three Gaussian blobs in 8 dimensions"), list.out());
        assertTrue(list.out().contains("cifar10:DIR"), list.out());
        assertTrue(list.out().contains("fashion-mnist[:DIR]"), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("org.example.plugin.Gone") && l.contains("broken:")
                && l.contains(plugins.resolve("data-plugin.jar").toString())), list.out());

        JsonNode json = AtomicFiles.json().readTree(Cli.run("datasets", "--json", "--plugins", plugins.toString()).out());
        assertEquals(7, json.get("datasets").size());
        assertEquals("org.example.plugin.Gone", json.get("broken").get(0).get("provider").asText());
        assertEquals(plugins.resolve("data-plugin.jar").toString(), json.get("broken").get(0).get("jar").asText());
    }

    @Test
    void aRealValuedClassificationSetTrainsEndToEnd(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("o");
        Cli train = Cli.run("train", "--model", "mlp", "--width", "0.25", "--data", "blobs:3", "--epochs", "3",
                "--batch", "32", "--out", out.toString(), "--plugins", plugins.toString());
        assertEquals(0, train.exitCode(), train.err());
        JsonNode result = AtomicFiles.json().readTree(out.resolve("result.json").toFile());
        assertEquals("completed", result.get("status").asText());
        assertEquals("blobs:3", result.get("provenance").get("data").get("spec").asText());
        // Chance is 1/3; the blobs are 3 standard deviations apart on their own axes.
        assertTrue(result.get("testAccuracy").asDouble() > 0.9, result.toString());

        Path again = tmp.resolve("again");
        Cli.run("train", "--model", "mlp", "--width", "0.25", "--data", "blobs:3", "--epochs", "3", "--batch", "32",
                "--out", again.toString(), "--plugins", plugins.toString());
        assertEquals(result.get("modelSha256"), AtomicFiles.json().readTree(again.resolve("result.json").toFile()).get("modelSha256"),
                "the same seed trains the same model");
    }

    @Test
    void aRegressionSetTrainsWithTheMeanSquaredError(@TempDir Path tmp) throws Exception {
        Cli regression = Cli.run("train", "--model", "mlp", "--data", "wave", "--epochs", "2", "--out", tmp.resolve("r").toString(),
                "--plugins", plugins.toString());
        assertEquals(0, regression.exitCode(), regression.err());
        assertTrue(regression.out().contains("test mean squared error"), regression.out());
        JsonNode result = AtomicFiles.json().readTree(tmp.resolve("r").resolve("result.json").toFile());
        assertEquals("completed", result.get("status").asText());
        double mse = result.get("testLoss").asDouble();
        assertTrue(Double.isFinite(mse) && mse >= 0, result.toString());
        assertTrue(Double.isNaN(result.get("testAccuracy").asDouble()) || result.get("testAccuracy").isNull(), result.toString());
    }

    @Test
    void splitsWithDifferentKindsOfTargetsAreOneErrorLineAndNothingIsWritten(@TempDir Path tmp) {
        Path out = tmp.resolve("m");
        Cli mixed = Cli.run("train", "--model", "mlp", "--data", "mixed", "--epochs", "1", "--out", out.toString(),
                "--plugins", plugins.toString());
        assertEquals(2, mixed.exitCode(), mixed.err());
        // DataSplits refuses splits that disagree, so the trainer never sees a set it cannot score.
        assertTrue(mixed.errorLine().startsWith("error: data set provider 'mixed'"), mixed.errorLine());
        assertTrue(mixed.errorLine().contains("train and test splits disagree in shape, input type or targets"), mixed.errorLine());
        assertTrue(!Files.exists(out.resolve("result.json")), "nothing written");
    }

    @Test
    void badSpecsAreOneErrorLine(@TempDir Path tmp) throws Exception {
        Cli badArgument = Cli.run("train", "--model", "mlp", "--data", "blobs:x", "--epochs", "1", "--out", tmp.resolve("b").toString(),
                "--plugins", plugins.toString());
        assertEquals(2, badArgument.exitCode());
        assertEquals("error: blobs:x: the argument is a seed, a whole number; write blobs:7", badArgument.errorLine());

        Cli unknown = Cli.run("train", "--model", "mlp", "--data", "blobs", "--epochs", "1", "--out", tmp.resolve("u").toString(),
                "--plugins", java.nio.file.Files.createDirectories(tmp.resolve("no-plugins")).toString());
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.errorLine().contains("unknown data set 'blobs'; available: cifar10:DIR"), unknown.errorLine());
    }
}
