package io.deadwood.reproduce.report;

import io.deadwood.api.DeadwoodException;
import io.deadwood.api.report.CellResult;
import io.deadwood.api.report.Figure;
import io.deadwood.api.report.SuiteTable;
import io.deadwood.api.report.SuiteTables;
import io.deadwood.api.report.Table;
import io.deadwood.api.result.AtomicFiles;
import io.deadwood.api.result.MachineProbe;
import io.deadwood.api.result.TrainResult;
import io.deadwood.reproduce.suite.SuiteRecord;
import io.deadwood.reproduce.cli.UserError;
import io.deadwood.reproduce.suite.SuiteRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a suite folder: {@code table.md}, {@code table.csv}, {@code summary.json}, the PNG
 * plots and {@code index.html} (all of it in one page for a browser), from {@code suite.json} and
 * the cell results only, never from logs, with the {@link SuiteTable} the suite names.
 */
public final class ReportWriter {

    /** What was written, for the command line to list. */
    public record Written(Table table, List<String> files) {
    }

    /** Renders with Deadwood's own table kinds only. */
    public Written write(Path dir) {
        return write(dir, SuiteTables.discover(ReportWriter.class.getClassLoader()));
    }

    /**
     * Renders with the table kind the suite names, from {@code tables} (Deadwood's and the plugins'). An
     * unknown kind is refused before anything is written; the files are each replaced atomically.
     */
    public Written write(Path dir, SuiteTables tables) {
        SuiteRecord suite = SuiteRunner.suiteRecord(dir);
        List<CellResult> cells = SuiteRunner.results(dir);
        SuiteTable kind;
        try {
            kind = tables.get(suite.table());
        } catch (DeadwoodException e) {
            throw new UserError(dir.resolve("suite.json") + ": " + e.getMessage(), e);
        }
        String title = suite.suite() + " (" + suite.preset() + " preset): " + suite.description();
        Table table = kind.render(title, cells);
        List<Figure> figures = kind.plots(cells);
        Set<String> names = new HashSet<>();
        for (Figure f : figures) {
            if (!names.add(f.fileName())) {
                throw new IllegalStateException("table '" + kind.id() + "' drew two figures named " + f.fileName());
            }
        }
        List<String> files = new ArrayList<>(List.of("table.md", "table.csv", "summary.json"));
        AtomicFiles.write(dir.resolve("table.md"), table.markdown().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve("table.csv"), table.csv().getBytes(StandardCharsets.UTF_8));
        for (Figure f : figures) {
            AtomicFiles.write(dir.resolve(f.fileName()), f.png());
            files.add(f.fileName());
        }
        AtomicFiles.writeJson(dir.resolve("summary.json"), summary(suite, cells, table));
        AtomicFiles.write(dir.resolve("index.html"), SuitePage.render(suite, cells, table, figures).getBytes(StandardCharsets.UTF_8));
        files.add("index.html");
        return new Written(table, files);
    }

    private static Map<String, Object> summary(SuiteRecord suite, List<CellResult> cells, Table table) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema", "deadwood.suite-summary/1");
        out.put("suite", suite.suite());
        out.put("preset", suite.preset());
        out.put("description", suite.description());
        out.put("settings", suite.settings());
        out.put("cellsPlanned", suite.cells().size());
        out.put("cellsFinished", cells.size());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<String> r : table.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < table.header().size(); i++) row.put(table.header().get(i), r.get(i));
            rows.add(row);
        }
        out.put("table", rows);
        List<Map<String, Object>> perCell = new ArrayList<>();
        for (CellResult c : cells) {
            TrainResult r = c.result();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.cell().id());
            m.put("variant", c.cell().variant());
            m.put("seed", c.cell().seed());
            m.put("status", r.status());
            m.put("testAccuracy", r.testAccuracy());
            m.put("neuronSparsity", r.neuronSparsity());
            m.put("weightSparsity", r.weightSparsity());
            m.put("wallSeconds", r.wallSeconds());
            m.put("modelSha256", r.modelSha256());
            m.put("error", r.error());
            perCell.add(m);
        }
        out.put("cells", perCell);
        // Provenance of the whole suite: each cell's result carries its own in full.
        Map<String, Object> provenance = new LinkedHashMap<>();
        cells.stream().map(c -> c.result().provenance()).filter(p -> p != null).findFirst().ifPresent(p -> {
            provenance.put("data", p.data());
            provenance.put("backend", p.backend());
            provenance.put("software", p.software());
            provenance.put("machine", p.machine());
        });
        if (provenance.isEmpty()) {
            provenance.put("software", MachineProbe.software());
            provenance.put("machine", MachineProbe.machine());
        }
        out.put("provenance", provenance);
        return out;
    }
}
