package io.deadwood.control.nlp.ipopt;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * IPOPT writes with C stdio, past System.out, so its silence is checked on a child process's own
 * standard output and error.
 */
class IpoptOutputTest {

    @Test
    void aSolvePrintsNothing() throws IOException, InterruptedException {
        IpoptSolver ipopt = new IpoptSolver();
        assumeTrue(ipopt.availability().available(), ipopt.availability().reason());
        Path out = Files.createTempFile("ipopt-out", ".txt");
        Path err = Files.createTempFile("ipopt-err", ".txt");
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), QuietSolve.class.getName()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
            assertEquals(0, p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
            assertEquals("", Files.readString(out, StandardCharsets.UTF_8));
            assertEquals("", Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
