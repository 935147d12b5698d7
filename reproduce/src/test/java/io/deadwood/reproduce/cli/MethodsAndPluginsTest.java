package io.deadwood.reproduce.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.result.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Methods are found without rebuilding Deadwood, run end to end, and a pruned model reloads at its shape. */
class MethodsAndPluginsTest {

    @Test
    void pluginJarIsListedAndABrokenOneDoesNotHideTheOthers(@TempDir Path tmp) throws Exception {
        Path plugins = tmp.resolve("plugins");
        PluginJar.build(plugins);
        PluginJar.buildBroken(plugins);
        Cli r = Cli.run("methods", "--json", "--plugins", plugins.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode listing = AtomicFiles.json().readTree(r.out());
        List<String> ids = new ArrayList<>();
        for (JsonNode m : listing.get("methods")) {
            ids.add(m.get("id").asText());
            if (m.get("id").asText().equals(PluginJar.ID)) {
                assertEquals("cut-first-plugin", m.get("module").asText());
                assertEquals(3, m.get("defaultConfig").get("units").asInt());
            }
        }
        assertTrue(ids.contains(PluginJar.ID), ids.toString());
        assertTrue(listing.get("broken").toString().contains("org.example.Missing"), listing.toString());
    }

    @Test
    void pluginPrunesAndTheSavedModelReloadsWithIdenticalPredictions(@TempDir Path tmp) throws Exception {
        Path plugins = tmp.resolve("plugins");
        PluginJar.build(plugins);
        Path data = io.deadwood.reproduce.TinyData.writeIdx(tmp.resolve("data"), 200, 100);
        Path out = tmp.resolve("run"), model = tmp.resolve("model.dwm");
        Cli r = Cli.run("train", "--model", "convnet", "--width", "0.25", "--data", "idx:" + data, "--epochs", "1",
                "--batch", "32", "--method", PluginJar.ID, "--method-config", "{\"units\": 5}",
                "--plugins", plugins.toString(), "--save", model.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode result = AtomicFiles.json().readTree(out.resolve("result.json").toFile());
        assertEquals(PluginJar.ID, result.get("method").get("id").asText());
        assertEquals(5, result.get("method").get("config").get("units").asInt());
        assertEquals(result.get("units").get("before").asLong() - 5, result.get("units").get("after").asLong());
        assertEquals(1, result.get("pruneEvents").size());
        assertTrue(result.get("neuronSparsity").asDouble() > 0);

        Cli e = Cli.run("eval", "--load", model.toString(), "--data", "idx:" + data, "--json");
        assertEquals(0, e.exitCode(), e.err());
        JsonNode eval = AtomicFiles.json().readTree(e.out());
        assertEquals(result.get("testAccuracy").asDouble(), eval.get("testAccuracy").asDouble());
        assertEquals(result.get("testLoss").asDouble(), eval.get("testLoss").asDouble(), 1e-12);
        assertEquals(result.get("units").get("after").asLong(), eval.get("units").asLong());
        assertEquals(result.get("params").get("after").asLong(), eval.get("params").asLong());
    }

    @Test
    void badMethodInputIsAUserError(@TempDir Path tmp) throws Exception {
        Path plugins = tmp.resolve("plugins");
        PluginJar.build(plugins);
        String out = tmp.resolve("o").toString();
        Cli unknown = Cli.run("train", "--method", "nosuch", "--plugins", plugins.toString(), "--out", out);
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.errorLine().contains("unknown pruning method 'nosuch'"), unknown.errorLine());
        Cli knob = Cli.run("train", "--method", PluginJar.ID, "--method-config", "{\"speed\": 1}",
                "--plugins", plugins.toString(), "--out", out);
        assertEquals(2, knob.exitCode());
        assertTrue(knob.errorLine().contains("speed"), knob.errorLine());
        Cli invalid = Cli.run("train", "--method", PluginJar.ID, "--method-config", "{\"units\": 0}",
                "--plugins", plugins.toString(), "--out", out);
        assertEquals(2, invalid.exitCode());
        assertTrue(invalid.errorLine().contains("cut-first.units must be >= 1"), invalid.errorLine());
        Cli notJson = Cli.run("train", "--method", PluginJar.ID, "--method-config", "{units",
                "--plugins", plugins.toString(), "--out", out);
        assertEquals(2, notJson.exitCode());
        assertTrue(notJson.errorLine().contains("not valid JSON"), notJson.errorLine());
        Cli noMethod = Cli.run("train", "--method-config", "{}", "--out", out);
        assertEquals(2, noMethod.exitCode());
        assertTrue(!Files.exists(tmp.resolve("o")));
    }

    @Test
    void evalRefusesADamagedModelFile(@TempDir Path tmp) throws Exception {
        Path bad = Files.write(tmp.resolve("bad.dwm"), "DWMODEL1 but not really a model at all....................".getBytes());
        Cli r = Cli.run("eval", "--load", bad.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.errorLine().startsWith("error: model file"), r.errorLine());
    }
}
