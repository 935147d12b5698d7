package io.deadwood.control.nlp.ipopt;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * IPOPT writes with C stdio, past System.out, so what it prints is checked on a child process's own
 * standard output and error.
 */
class IpoptOutputTest {

    /** Standard output and error of QuietSolve run with these JVM flags and arguments. */
    private record Run(int exit, String out, String err) {}

    private static Run run(String jvmFlag, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("ipopt-out", ".txt");
        Path err = Files.createTempFile("ipopt-err", ".txt");
        try {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), jvmFlag,
                    "-cp", System.getProperty("java.class.path"), QuietSolve.class.getName()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void aSolvePrintsNothing() throws IOException, InterruptedException {
        IpoptSolver ipopt = new IpoptSolver();
        assumeTrue(ipopt.availability().available(), ipopt.availability().reason());
        Run r = run("--enable-native-access=ALL-UNNAMED");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out());
        assertEquals("", r.err());
    }

    @Test
    void aJvmDenyingNativeAccessMakesIpoptUnavailableWithTheReason() throws IOException, InterruptedException {
        Run r = run("--illegal-native-access=deny", "availability");
        assertEquals(0, r.exit(), r.err());
        assertEquals("false this JVM does not allow native access, which IPOPT needs;"
                + " run it with --enable-native-access=ALL-UNNAMED\n", r.out());
        assertEquals("", r.err());
    }
}
