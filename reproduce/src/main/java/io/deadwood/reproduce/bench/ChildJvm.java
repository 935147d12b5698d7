package io.deadwood.reproduce.bench;

import io.deadwood.api.result.AtomicFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one {@code bench} in a fresh JVM with this JVM's flags and class path, and reads its JSON
 * report back. A model measured in its own JVM gets its own peak resident memory (the JVM does not
 * give heap back, so the peak of an earlier model would stay in a later one's figure) and its own
 * cold start, the same as a user's first epoch.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    public static BenchReport bench(List<String> benchArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.deadwood.reproduce.Main");
        cmd.add("bench");
        cmd.addAll(benchArgs);
        cmd.add("--json");
        Process p = new ProcessBuilder(cmd).start();
        Thread errors = Thread.ofPlatform().daemon().start(() -> passErrors(p));
        byte[] out = p.getInputStream().readAllBytes();
        int code = p.waitFor();
        errors.join();
        if (code != 0) {
            throw new IOException("bench " + String.join(" ", benchArgs) + " failed in its own JVM (exit " + code + ")");
        }
        return AtomicFiles.json().readValue(new String(out, StandardCharsets.UTF_8), BenchReport.class);
    }

    /**
     * The child's standard error, less the JVM's own notice about the incubator module (which the
     * launcher drops for the parent too): standard error carries only Deadwood's lines.
     */
    private static void passErrors(Process p) {
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.equals(INCUBATOR_NOTICE)) System.err.println(line);
            }
        } catch (IOException e) {
            // the child is gone; what it printed so far has been passed on
        }
    }

    static final String INCUBATOR_NOTICE = "WARNING: Using incubator modules: jdk.incubator.vector";
}
