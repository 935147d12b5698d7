package io.deadwood.reproduce.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.reproduce.TinyData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny suite end to end through the command line: run, rerun (nothing redone), re-render. */
class ReproduceCommandTest {

    @Test
    void tinySuiteRunsResumesAndRerenders(@TempDir Path tmp) throws Exception {
        Path data = TinyData.writeIdx(tmp.resolve("data"), 96, 48);
        Path suite = Files.writeString(tmp.resolve("tiny.yaml"), """
                name: tiny
                description: smoke
                table: demp
                presets:
                  quick:
                    data: idx:%s
                    models: [{model: convnet, width: 0.25}]
                    epochs: 2
                    batch: 16
                    lr: 0.05
                    seeds: 2
                    methods:
                      - label: dense
                      - label: demp
                        method: demp
                        config: {lambdaMax: 0.5, checkEvery: 2}
                      - label: l1-filter
                        method: l1-filter
                        matchSparsityOf: demp
                """.formatted(data));
        Path out = tmp.resolve("out");
        Cli first = Cli.run("reproduce", "ignored", "--suite-file", suite.toString(), "--out", out.toString());
        assertEquals(0, first.exitCode(), first.err());
        for (String f : new String[] {"table.md", "table.csv", "summary.json", "suite.json", "accuracy-vs-sparsity.png",
                "dnr-over-training.png"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " missing; out: " + first.out());
        }
        assertTrue(first.out().contains("| convnet w0.25 | demp |"), first.out());
        String table = Files.readString(out.resolve("table.md"));

        Cli again = Cli.run("reproduce", "ignored", "--suite-file", suite.toString(), "--out", out.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(6, again.out().lines().filter(l -> l.contains("already done")).count(), again.out());
        assertEquals(table, Files.readString(out.resolve("table.md")));

        Files.delete(out.resolve("table.md"));
        Cli report = Cli.run("report", out.toString());
        assertEquals(0, report.exitCode(), report.err());
        assertEquals(table, Files.readString(out.resolve("table.md")));
    }

    @Test
    void badSuiteInputIsAUserError(@TempDir Path tmp) {
        Cli unknown = Cli.run("reproduce", "nosuch", "--out", tmp.resolve("o").toString());
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.errorLine().contains("unknown suite 'nosuch'"), unknown.errorLine());
        Cli preset = Cli.run("reproduce", "demp", "--preset", "huge", "--out", tmp.resolve("o").toString());
        assertEquals(2, preset.exitCode());
        assertTrue(preset.errorLine().contains("no preset 'huge'"), preset.errorLine());
        Cli none = Cli.run("reproduce", "--out", tmp.resolve("o").toString());
        assertEquals(2, none.exitCode());
        assertTrue(none.errorLine().contains("name a suite"), none.errorLine());
        Cli report = Cli.run("report", tmp.resolve("empty").toString());
        assertEquals(2, report.exitCode());
        assertTrue(report.errorLine().contains("suite.json"), report.errorLine());
    }
}
