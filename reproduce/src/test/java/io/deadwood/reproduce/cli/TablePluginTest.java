package io.deadwood.reproduce.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.reproduce.TinyData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table kind from a plugin jar renders a user's suite; an unknown kind is refused before any cell runs. */
class TablePluginTest {
    private static final String TABLE = """
            package org.example.plugin;

            import io.deadwood.api.report.*;
            import java.util.ArrayList;
            import java.util.List;

            public final class StatusTable implements SuiteTable {
                @Override public String id() { return "status"; }
                @Override public String description() { return "each cell's status and accuracy"; }

                @Override
                public Table render(String title, List<CellResult> cells) {
                    List<List<String>> rows = new ArrayList<>();
                    for (CellResult c : cells) {
                        rows.add(List.of(c.cell().variant(), c.result().status(), c.completed() ? "ok" : c.result().error()));
                    }
                    return new Table(title, List.of("variant", "status", "note"), rows, List.of("one row per cell"));
                }

                @Override
                public List<Figure> plots(List<CellResult> cells) {
                    return List.of(new Figure("status.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
                }
            }
            """;

    private static Path suite(Path tmp, Path data, String table) throws Exception {
        return Files.writeString(tmp.resolve(table + ".yaml"), """
                name: plugged
                description: a plugin table
                table: %s
                presets:
                  quick:
                    data: idx:%s
                    models: [{model: mlp, width: 0.1}]
                    epochs: 1
                    batch: 16
                    lr: 0.05
                    seeds: 1
                    warmupSteps: 0
                    methods:
                      - label: dense
                """.formatted(table, data));
    }

    @Test
    void aPluginTableRendersTheSuiteAndItsFigures(@TempDir Path tmp) throws Exception {
        Path plugins = tmp.resolve("plugins");
        SourceJar.build(plugins, "status-table.jar", Map.of("StatusTable", TABLE),
                Map.of("io.deadwood.api.report.SuiteTable", "org.example.plugin.StatusTable\n"));
        Path data = TinyData.writeIdx(tmp.resolve("data"), 64, 32);
        Path out = tmp.resolve("out");
        Cli run = Cli.run("reproduce", "x", "--suite-file", suite(tmp, data, "status").toString(), "--out", out.toString(),
                "--plugins", plugins.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("""
                # plugged (quick preset): a plugin table

                | variant | status | note |
                |---|---|---|
                | dense | completed | ok |

                - one row per cell
                """, Files.readString(out.resolve("table.md")));
        assertEquals("variant,status,note\ndense,completed,ok\n", Files.readString(out.resolve("table.csv")));
        assertTrue(Files.isRegularFile(out.resolve("status.png")));
        assertTrue(run.out().contains("wrote table.md, table.csv, summary.json, status.png"), run.out());

        // Without the plugin the folder cannot be rendered, and says which kinds there are.
        Cli report = Cli.run("report", out.toString(), "--plugins", Files.createDirectories(tmp.resolve("none")).toString());
        assertEquals(2, report.exitCode());
        assertTrue(report.errorLine().contains("unknown suite table 'status'; available: ap, backends, demp"), report.errorLine());
    }

    @Test
    void anUnknownTableIsRefusedBeforeAnyCellRuns(@TempDir Path tmp) throws Exception {
        Path data = TinyData.writeIdx(tmp.resolve("data"), 64, 32);
        Path out = tmp.resolve("out");
        Cli run = Cli.run("reproduce", "x", "--suite-file", suite(tmp, data, "nosuch").toString(), "--out", out.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.errorLine().startsWith("error: "), run.errorLine());
        assertTrue(run.errorLine().contains("unknown suite table 'nosuch'"), run.errorLine());
        assertFalse(Files.exists(out), "nothing is written");
    }
}
