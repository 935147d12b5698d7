package io.deadwood.reproduce.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.result.AtomicFiles;
import io.deadwood.api.result.TrainResult;
import io.deadwood.reproduce.Main;
import io.deadwood.reproduce.TinyData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A suite on a real single-node Slurm ({@code bin/lib/slurm-node}, which {@code bin/test} starts):
 * the cells run as a job array, one task killed with {@code scancel} is recorded as a failed cell
 * with Slurm's state and the task id, a rerun submits that cell alone, and the table then equals the
 * local executor's. Where no Slurm was started (DEADWOOD_SLURM unset) the test is skipped.
 */
class SlurmExecutorTest {
    @TempDir
    Path tmp;

    private Path suite(Path data) throws Exception {
        Path yaml = tmp.resolve("tiny.yaml");
        Files.writeString(yaml, TinyData.suiteYaml(data, "three cells on a tiny IDX set", "    threads: 1\n    warmupSteps: 0\n"));
        return yaml;
    }

    /** Runs the command line in this JVM, as bin/deadwood would; returns its exit code and output. */
    private static synchronized String[] cli(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new String[] {Integer.toString(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void aKilledTaskIsAFailedCellAndARerunRetriesItAloneToTheLocalTable() throws Exception {
        Assumptions.assumeTrue(System.getenv("DEADWOOD_SLURM") != null, "no single-node Slurm started (bin/test starts one as root)");
        System.setProperty("deadwood.slurm.pollMillis", "300");
        Path data = TinyData.writeIdx(tmp.resolve("data"), 96, 48), yaml = suite(data);
        Path local = tmp.resolve("local"), slurm = tmp.resolve("slurm");
        String[] l = cli("reproduce", "--suite-file", yaml.toString(), "--out", local.toString());
        assertEquals("0", l[0], l[2]);

        // the dense cell (index 0) is killed while the array runs; nothing depends on it
        AtomicReference<String> killed = new AtomicReference<>();
        Thread killer = Thread.ofPlatform().daemon().start(() -> {
            for (int i = 0; i < 600 && killed.get() == null; i++) {
                try {
                    Path jobs = slurm.resolve("slurm").resolve("jobs.json");
                    if (Files.isRegularFile(jobs)) {
                        String job = AtomicFiles.json().readTree(jobs.toFile()).get(0).get("id").asText();
                        SlurmArray.exec(List.of("scancel", job + "_0"));
                        killed.set(job + "_0");
                    }
                    Thread.sleep(100);
                } catch (Exception e) {
                    // not yet submitted, or the file is being replaced: try again
                }
            }
        });
        String[] first = cli("reproduce", "--suite-file", yaml.toString(), "--out", slurm.toString(), "--executor", "slurm",
                "--slurm-cpus", "1");
        killer.join();
        assertEquals("0", first[0], first[2] + first[1]);
        assertTrue(killed.get() != null, "a task was cancelled");
        TrainResult dense = SuiteRunner.read(slurm.resolve("cells").resolve(cellId(slurm, 0)).resolve("result.json"));
        assertEquals("failed", dense.status());
        assertTrue(dense.error().contains("CANCELLED") && dense.error().contains(killed.get()), dense.error());
        assertTrue(first[1].contains("slurm: submitted array job"), first[1]);

        String[] second = cli("reproduce", "--suite-file", yaml.toString(), "--out", slurm.toString(), "--executor", "slurm",
                "--slurm-cpus", "1");
        assertEquals("0", second[0], second[2] + second[1]);
        JsonNode jobs = AtomicFiles.json().readTree(slurm.resolve("slurm").resolve("jobs.json").toFile());
        JsonNode retry = jobs.get(jobs.size() - 1).get("cells");
        assertEquals(1, retry.size(), "the rerun submits the failed cell alone: " + jobs);
        assertEquals(0, retry.get(0).asInt());
        assertEquals(withoutTimes(local), withoutTimes(slurm), "the table from Slurm equals the local one");
    }

    private static String cellId(Path dir, int index) throws Exception {
        JsonNode suite = AtomicFiles.json().readTree(dir.resolve("suite.json").toFile());
        return suite.get("cells").get(index).get("id").asText();
    }

    /** table.csv less the columns that time the run (the runs were not side by side). */
    private static List<String> withoutTimes(Path dir) throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("table.csv"));
        String[] header = lines.getFirst().split(",");
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < cells.length && i < header.length; i++) {
                String h = header[i].toLowerCase(java.util.Locale.ROOT);
                if (h.contains("train s") || h.contains("speedup")) continue;
                b.append(cells[i]).append(',');
            }
            out.add(b.toString());
        }
        return out;
    }
}
