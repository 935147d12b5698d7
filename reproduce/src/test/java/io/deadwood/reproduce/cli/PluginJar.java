package io.deadwood.reproduce.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a third-party method jar the way a user would: its own source, compiled against Deadwood's
 * API, with a service entry. The method cuts a fixed number of units of the first group when
 * training ends.
 */
final class PluginJar {
    static final String ID = "cut-first";

    private static final String SOURCE = """
            package org.example.plugin;

            import io.deadwood.api.prune.*;
            import io.deadwood.api.train.TrainingContext;

            public final class CutFirst implements PruningMethod<CutFirst.Config> {
                public record Config(int units) {
                    public Config {
                        if (units < 1) throw new IllegalArgumentException("cut-first.units must be >= 1, got " + units);
                    }
                }

                @Override public String id() { return "cut-first"; }
                @Override public String description() { return "cuts the first units of the first group at the end"; }
                @Override public Class<Config> configType() { return Config.class; }
                @Override public Config defaultConfig() { return new Config(3); }

                @Override
                public PruningSession open(Config config, PruningContext context) {
                    return new PruningSession() {
                        @Override
                        public void onTrainingEnd(TrainingContext run) {
                            UnitGroup g = context.pruner().graph().groups().get(0);
                            int[] units = new int[config.units()];
                            for (int i = 0; i < units.length; i++) units[i] = i;
                            context.pruner().removeUnits(g.name(), units, "plugin");
                        }
                    };
                }
            }
            """;

    private PluginJar() {
    }

    static Path build(Path folder) throws IOException {
        return build(folder, "cut-first-plugin.jar", "org.example.plugin.CutFirst", SOURCE);
    }

    /** Compiles one source file against Deadwood's API into {@code folder/jarName}, naming {@code className} as a method. */
    static Path build(Path folder, String jarName, String className, String source) throws IOException {
        Path src = Files.createTempDirectory("plugin-src");
        Path classes = Files.createTempDirectory("plugin-classes");
        Path file = src.resolve(className.substring(className.lastIndexOf('.') + 1) + ".java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                file.toString());
        if (rc != 0) throw new IllegalStateException("plugin source did not compile");
        Files.createDirectories(folder);
        Path jar = folder.resolve(jarName);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            try (Stream<Path> walk = Files.walk(classes)) {
                for (Path c : walk.filter(Files::isRegularFile).toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                    out.write(Files.readAllBytes(c));
                    out.closeEntry();
                }
            }
            out.putNextEntry(new JarEntry("META-INF/services/io.deadwood.api.prune.PruningMethod"));
            out.write((className + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    /** A jar whose service entry names a class that does not exist. */
    static void buildBroken(Path folder) throws IOException {
        Files.createDirectories(folder);
        try (OutputStream os = Files.newOutputStream(folder.resolve("broken-plugin.jar"));
             JarOutputStream out = new JarOutputStream(os)) {
            out.putNextEntry(new JarEntry("META-INF/services/io.deadwood.api.prune.PruningMethod"));
            out.write("org.example.Missing\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    static List<String> args(String... a) {
        return List.of(a);
    }
}
