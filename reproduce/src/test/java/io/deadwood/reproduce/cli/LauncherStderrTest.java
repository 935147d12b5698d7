package io.deadwood.reproduce.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/deadwood} as a user runs it (on this test's class path instead of the build): standard
 * error carries Deadwood's own lines and nothing from the JVM or the libraries, and the exit code is
 * the command's.
 */
class LauncherStderrTest {
    private record Run(int exitCode, String out, String err) {
    }

    private static Run launch(String... args) throws IOException, InterruptedException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("bin/deadwood").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DEADWOOD_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("DEADWOOD_JAVA_OPTS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "bin/deadwood did not finish");
        return new Run(p.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aCommandThatWorksPrintsNothingOnStandardError() throws Exception {
        Run r = launch("methods");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains("demp"), r.out());
    }

    @Test
    void aCommandThatFailsPrintsItsOneErrorLineAndKeepsItsExitCode(@TempDir Path tmp) throws Exception {
        Path none = tmp.resolve("none");
        Run r = launch("methods", "--plugins", none.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("error: the plugins folder " + none + " does not exist; create it and put plugin jars in it, "
                + "or give --plugins a folder that exists\n", r.err());
    }
}
