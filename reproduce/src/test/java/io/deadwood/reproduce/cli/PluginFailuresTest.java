package io.deadwood.reproduce.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.result.AtomicFiles;
import io.deadwood.reproduce.TinyData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin that fails is named, with its jar and the reason, wherever it matters: in the method list,
 * when a command asks for a method that is missing, and when one of its hooks throws during training.
 */
class PluginFailuresTest {

    /** A method whose constructor throws: the service loader finds the class but cannot make one. */
    private static final String THROWS_WHEN_MADE = """
            package org.example.plugin;

            import io.deadwood.api.prune.*;

            public final class Unlicensed implements PruningMethod<Unlicensed.Config> {
                public record Config(int units) { }

                public Unlicensed() { throw new IllegalStateException("no licence file found"); }

                @Override public String id() { return "unlicensed"; }
                @Override public String description() { return "never made"; }
                @Override public Class<Config> configType() { return Config.class; }
                @Override public Config defaultConfig() { return new Config(1); }
                @Override public PruningSession open(Config c, PruningContext ctx) { return new PruningSession() { }; }
            }
            """;

    /** A method with a bug: its afterBackward hook dereferences null at the step its config names. */
    private static final String FAILS_IN_HOOK = """
            package org.example.plugin;

            import io.deadwood.api.prune.*;
            import io.deadwood.api.train.StepContext;

            public final class Faulty implements PruningMethod<Faulty.Config> {
                public record Config(int atStep) { }

                @Override public String id() { return "faulty"; }
                @Override public String description() { return "fails in afterBackward"; }
                @Override public Class<Config> configType() { return Config.class; }
                @Override public Config defaultConfig() { return new Config(2); }

                @Override
                public PruningSession open(Config config, PruningContext context) {
                    return new PruningSession() {
                        private Object state;

                        @Override
                        public void afterBackward(StepContext step) {
                            if (step.step() == config.atStep()) state.hashCode();
                        }
                    };
                }
            }
            """;

    private static Cli train(Path data, Path plugins, Path out, String method, String config, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--model", "mlp", "--width", "0.25", "--data", "idx:" + data,
                "--epochs", "2", "--batch", "50", "--method", method, "--method-config", config,
                "--plugins", plugins.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static void assertOneErrorLine(Cli r) {
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.errorLine().startsWith("error: "), r.errorLine());
        assertFalse(r.errorLine().contains("\n"), "one line only: " + r.errorLine());
    }

    @Test
    void brokenPluginsAreListedWithTheirJarAndReason(@TempDir Path tmp) throws Exception {
        Path plugins = tmp.resolve("plugins");
        PluginJar.build(plugins);
        PluginJar.buildBroken(plugins);
        Path unlicensed = PluginJar.build(plugins, "unlicensed.jar", "org.example.plugin.Unlicensed", THROWS_WHEN_MADE);

        Cli table = Cli.run("methods", "--plugins", plugins.toString());
        assertEquals(0, table.exitCode(), table.err());
        Path broken = plugins.resolve("broken-plugin.jar");
        assertTrue(table.out().contains("plugin jar " + broken + " failed to load (provider org.example.Missing)"),
                table.out());
        assertTrue(table.out().contains("plugin jar " + unlicensed + " failed to load (provider "
                + "org.example.plugin.Unlicensed): java.lang.IllegalStateException: no licence file found"), table.out());
        assertTrue(table.out().contains(PluginJar.ID), "the good plugin is still listed: " + table.out());

        Cli json = Cli.run("methods", "--json", "--plugins", plugins.toString());
        List<String> sources = new ArrayList<>();
        for (JsonNode b : AtomicFiles.json().readTree(json.out()).get("broken")) sources.add(b.get("source").asText());
        assertTrue(sources.contains(broken.toString()) && sources.contains(unlicensed.toString()), sources.toString());
    }

    @Test
    void aMissingMethodNamesThePluginThatFailedToLoad(@TempDir Path tmp) throws Exception {
        Path plugins = tmp.resolve("plugins");
        PluginJar.buildBroken(plugins);
        Path out = tmp.resolve("o");
        Cli one = Cli.run("train", "--method", "missing-one", "--plugins", plugins.toString(), "--out", out.toString());
        assertOneErrorLine(one);
        assertTrue(one.errorLine().contains("pruning method 'missing-one' is not available: plugin jar "
                + plugins.resolve("broken-plugin.jar") + " failed to load"), one.errorLine());
        assertTrue(one.errorLine().contains("org.example.Missing"), one.errorLine());
        assertFalse(Files.exists(out));

        Path unlicensed = PluginJar.build(plugins, "unlicensed.jar", "org.example.plugin.Unlicensed", THROWS_WHEN_MADE);
        Cli two = Cli.run("train", "--method", "unlicensed", "--plugins", plugins.toString(), "--out", out.toString());
        assertOneErrorLine(two);
        assertTrue(two.errorLine().contains("2 providers failed to load"), two.errorLine());
        assertTrue(two.errorLine().contains(unlicensed + " failed to load"), two.errorLine());
        assertTrue(two.errorLine().contains("no licence file found"), two.errorLine());
    }

    @Test
    void aDamagedJarIsAnError(@TempDir Path tmp) throws Exception {
        Path plugins = tmp.resolve("plugins");
        PluginJar.build(plugins);
        Path bad = Files.write(plugins.resolve("half-copied.jar"), "PK\u0003\u0004 cut short".getBytes());
        Cli methods = Cli.run("methods", "--plugins", plugins.toString());
        assertOneErrorLine(methods);
        assertTrue(methods.errorLine().contains("plugin jar " + bad + " failed to load: it is not a readable jar"),
                methods.errorLine());
        Path out = tmp.resolve("o");
        Cli train = Cli.run("train", "--plugins", plugins.toString(), "--out", out.toString());
        assertOneErrorLine(train);
        assertTrue(train.errorLine().contains(bad.toString()), train.errorLine());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void aMissingPluginsFolderIsAnError(@TempDir Path tmp) {
        Path none = tmp.resolve("no-such-folder");
        Cli methods = Cli.run("methods", "--plugins", none.toString());
        assertOneErrorLine(methods);
        assertTrue(methods.errorLine().contains("the plugins folder " + none + " does not exist"), methods.errorLine());
        Path out = tmp.resolve("o");
        assertOneErrorLine(Cli.run("train", "--plugins", none.toString(), "--out", out.toString()));
        assertOneErrorLine(Cli.run("reproduce", "demp", "--plugins", none.toString(), "--out", out.toString()));
        assertFalse(Files.exists(out));
    }

    @Test
    void aFailingHookNamesMethodHookAndStepAndLeavesNoTrace(@TempDir Path tmp) throws Exception {
        Path plugins = tmp.resolve("plugins");
        PluginJar.build(plugins, "faulty.jar", "org.example.plugin.Faulty", FAILS_IN_HOOK);
        Path data = TinyData.writeIdx(tmp.resolve("data"), 200, 100);
        Path fresh = tmp.resolve("fresh");
        Cli r = train(data, plugins, fresh, "faulty", "{\"atStep\": 2}");
        assertOneErrorLine(r);
        assertTrue(r.errorLine().contains("pruning method 'faulty' failed in its afterBackward hook at step 3 "
                + "(epoch 1, cycle 0): NullPointerException"), r.errorLine());
        assertFalse(Files.exists(fresh), "the run made --out and must take it away again");

        // A folder from an earlier run keeps what it had, and gets nothing new.
        Path used = Files.createDirectories(tmp.resolve("used"));
        Files.writeString(used.resolve("notes.txt"), "mine");
        assertOneErrorLine(train(data, plugins, used, "faulty", "{\"atStep\": 2}"));
        try (Stream<Path> left = Files.list(used)) {
            assertEquals(List.of(used.resolve("notes.txt")), left.toList());
        }
    }

    @Test
    void checkpointsWrittenBeforeAFailingHookAreKeptAndSaidSo(@TempDir Path tmp) throws Exception {
        Path plugins = tmp.resolve("plugins");
        PluginJar.build(plugins, "faulty.jar", "org.example.plugin.Faulty", FAILS_IN_HOOK);
        Path data = TinyData.writeIdx(tmp.resolve("data"), 200, 100);
        Path out = tmp.resolve("o");
        // 4 steps an epoch: the hook fails in the second epoch, after the first epoch's checkpoint.
        Cli r = train(data, plugins, out, "faulty", "{\"atStep\": 5}");
        assertOneErrorLine(r);
        assertTrue(r.errorLine().contains("at step 6 (epoch 2, cycle 0)"), r.errorLine());
        assertTrue(r.errorLine().contains("the checkpoints in " + out.resolve("checkpoint") + " are kept"), r.errorLine());
        assertFalse(Files.exists(out.resolve("result.json")));
        try (Stream<Path> files = Files.list(out.resolve("checkpoint"))) {
            assertTrue(files.allMatch(f -> f.getFileName().toString().endsWith(".dwck")));
        }
    }
}
