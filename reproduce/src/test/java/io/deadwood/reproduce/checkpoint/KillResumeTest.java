package io.deadwood.reproduce.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.checkpoint.CheckpointStore;
import io.deadwood.reproduce.TinyData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: a training process (a child JVM running the command line) is killed with SIGKILL
 * again and again, at random points and in the middle of checkpoint writes, and rerun with the same
 * command each time. It must end with the same final parameters and records as a run never killed.
 */
class KillResumeTest {
    static final int KILLS = 22;

    private static List<String> command(Path data, Path out) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Xmx1g",
                "-Ddeadwood.checkpoint.pauseMillis=120",
                "io.deadwood.reproduce.Main", "train", "--model", "mlp", "--width", "0.5", "--data", "idx:" + data,
                "--epochs", "3", "--batch", "32", "--threads", "1", "--seed", "5", "--method", "demp",
                "--method-config", "{\"checkEvery\": 7}", "--checkpoint-every", "4", "--out", out.toString()));
    }

    /** Starts the run; counts the checkpoint writes it announces on stderr. */
    private static Process start(List<String> cmd, AtomicInteger writes) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.contains(CheckpointStore.WRITING_MARKER)) writes.incrementAndGet();
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    @Test
    void killedAgainAndAgainEndsAsIfNeverKilled(@TempDir Path tmp) throws Exception {
        Path data = TinyData.writeIdx(tmp.resolve("idx"), 1200, 100);
        Path straight = tmp.resolve("straight");
        Process ref = start(command(data, straight), new AtomicInteger());
        assertTrue(ref.waitFor(120, TimeUnit.SECONDS), "the uninterrupted run did not finish");
        assertEquals(0, ref.exitValue());

        Path out = tmp.resolve("killed");
        Random random = new Random(42);
        int kills = 0, duringWrite = 0, finished = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (System.nanoTime() < deadline) {
            AtomicInteger writes = new AtomicInteger();
            Process p = start(command(data, out), writes);
            boolean exited;
            if (kills >= KILLS) {
                exited = p.waitFor(120, TimeUnit.SECONDS);
                assertTrue(exited, "the last resume did not finish");
                assertEquals(0, p.exitValue(), "the last resume failed");
                finished++;
                break;
            }
            if (kills % 2 == 0) {
                // In the middle of a checkpoint write: the second one of this attempt (the first would lose all progress).
                while (writes.get() < 2 && p.isAlive()) Thread.sleep(5);
                if (p.isAlive()) duringWrite++;
            } else {
                exited = p.waitFor(300 + random.nextInt(1500), TimeUnit.MILLISECONDS);
                if (exited) {
                    assertEquals(0, p.exitValue(), "a resumed run failed");
                    finished++;
                    break;
                }
            }
            if (!p.isAlive()) {
                assertEquals(0, p.exitValue(), "a resumed run failed");
                finished++;
                break;
            }
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            kills++;
        }
        assertEquals(1, finished, "the run must end");
        assertTrue(kills >= 20, "only " + kills + " kills before the run ended");
        assertTrue(duringWrite >= 5, "only " + duringWrite + " kills during a checkpoint write");
        assertEquals(Results.comparable(straight.resolve("result.json")).get("modelSha256"),
                Results.comparable(out.resolve("result.json")).get("modelSha256"));
        assertEquals(Results.comparable(straight.resolve("result.json")), Results.comparable(out.resolve("result.json")));
    }
}
