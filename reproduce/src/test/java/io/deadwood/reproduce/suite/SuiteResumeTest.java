package io.deadwood.reproduce.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.backend.Backends;
import io.deadwood.api.result.TrainResult;
import io.deadwood.api.train.ProgressListener;
import io.deadwood.reproduce.cli.UserError;
import io.deadwood.reproduce.report.ReportWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A killed suite resumes where it stopped: finished cells are not rerun and the table comes out the same. */
class SuiteResumeTest {

    static SuiteSpec tinySuite(Path data) {
        String yaml = io.deadwood.reproduce.TinyData.suiteYaml(data, "three cells on a tiny IDX set", "");
        return Suites.parse(yaml.getBytes(StandardCharsets.UTF_8), "tiny.yaml");
    }

    /** Records which cells ran; optionally dies after a number of finished cells, like a killed process. */
    static final class Recorder implements SuiteRunner.Listener {
        final List<String> ran = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final int dieAfter;

        Recorder(int dieAfter) {
            this.dieAfter = dieAfter;
        }

        @Override
        public ProgressListener cellStarting(int index, int total, Cell cell) {
            return ProgressListener.NONE;
        }

        @Override
        public void cellDone(int index, int total, Cell cell, TrainResult result, boolean wasSkipped) {
            (wasSkipped ? skipped : ran).add(cell.id());
            if (!wasSkipped && ran.size() == dieAfter) throw new IllegalStateException("simulated crash");
        }
    }

    @Test
    void resumesAfterACrashWithoutRerunningFinishedCells(@TempDir Path tmp) throws Exception {
        Path data = io.deadwood.reproduce.TinyData.writeIdx(tmp.resolve("data"), 96, 48);
        SuiteSpec spec = tinySuite(data);
        SuiteRunner runner = new SuiteRunner(Backends.discover(), io.deadwood.reproduce.cli.TrainRuns.standalone());
        Path resumed = tmp.resolve("resumed"), straight = tmp.resolve("straight");

        Recorder first = new Recorder(2);
        assertThrows(IllegalStateException.class, () -> runner.run(spec, "quick", resumed, null, first));
        assertEquals(2, first.ran.size());
        long stamp = Files.getLastModifiedTime(SuiteRunner.resultFile(resumed, first.ran.getFirst())).toMillis();

        Recorder second = new Recorder(-1);
        runner.run(spec, "quick", resumed, null, second);
        assertEquals(first.ran, second.skipped, "finished cells are skipped");
        assertEquals(1, second.ran.size());
        assertEquals(stamp, Files.getLastModifiedTime(SuiteRunner.resultFile(resumed, first.ran.getFirst())).toMillis());

        runner.run(spec, "quick", straight, null, new Recorder(-1));
        var writer = new ReportWriter();
        assertEquals(withoutTimes(writer.write(straight).table().csv()), withoutTimes(writer.write(resumed).table().csv()));
        assertTrue(Files.isRegularFile(resumed.resolve("table.md")));
    }

    @Test
    void aFolderHoldingAnotherSuiteIsRefused(@TempDir Path tmp) throws Exception {
        Path data = io.deadwood.reproduce.TinyData.writeIdx(tmp.resolve("data"), 96, 48);
        SuiteRunner runner = new SuiteRunner(Backends.discover(), io.deadwood.reproduce.cli.TrainRuns.standalone());
        Path dir = tmp.resolve("out");
        runner.run(tinySuite(data), "quick", dir, null, new Recorder(-1));
        SuiteSpec other = tinySuite(tmp.resolve("elsewhere"));
        var e = assertThrows(UserError.class, () -> runner.run(other, "quick", dir, null, new Recorder(-1)));
        assertTrue(e.getMessage().contains("other settings"), e.getMessage());
    }

    /** Wall time and speedup are measured, so they differ between any two runs; the rest must not. */
    static String withoutTimes(String csv) {
        return csv.lines().map(l -> {
            String[] f = l.split(",", -1);
            return String.join(",", Arrays.copyOf(f, f.length - 2));
        }).collect(Collectors.joining("\n"));
    }
}
