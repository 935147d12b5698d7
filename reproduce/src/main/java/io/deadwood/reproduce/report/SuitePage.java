package io.deadwood.reproduce.report;

import io.deadwood.api.report.CellResult;
import io.deadwood.api.report.Figure;
import io.deadwood.api.report.SuiteCell;
import io.deadwood.api.report.Table;
import io.deadwood.api.result.TrainResult;
import io.deadwood.reproduce.suite.SuiteRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A suite folder's {@code index.html}: the table, the plots, one row per cell with its status and
 * provenance, and links to the JSON. While cells are still to run it reloads itself.
 */
final class SuitePage {
    private SuitePage() {
    }

    static String render(SuiteRecord suite, List<CellResult> done, Table table, List<Figure> figures) {
        Map<String, CellResult> byId = new LinkedHashMap<>();
        for (CellResult c : done) byId.put(c.cell().id(), c);
        int planned = suite.cells().size();
        boolean running = byId.size() < planned;
        String title = suite.suite() + " (" + suite.preset() + " preset)";
        Html page = new Html(title, running);
        page.heading(1, title).paragraph("sub", suite.description());
        if (running) page.paragraph("running", byId.size() + " of " + planned + " cells done; this page reloads every 15 s");
        page.heading(2, table.title()).table(table);
        if (!figures.isEmpty()) page.heading(2, "Plots");
        page.figures(figures);
        page.heading(2, "Cells");
        List<List<String>> rows = new ArrayList<>();
        for (SuiteCell cell : suite.cells()) rows.add(row(cell, byId.get(cell.id())));
        page.table(List.of("cell", "variant", "seed", "backend", "status", "test accuracy", "neuron sparsity",
                "weight sparsity", "wall s", "commit"), rows, r -> r.get(4).contains("failed"), "cells");
        page.heading(2, "Files").links(List.of("table.md", "table.csv", "summary.json", "suite.json"));
        CellResult first = done.stream().filter(c -> c.result().provenance() != null).findFirst().orElse(null);
        if (first != null) {
            page.heading(2, "Provenance (cell " + first.cell().id() + "; every cell's result.json has its own)");
            page.provenance(first.result().provenance());
        }
        return page.finish();
    }

    private static List<String> row(SuiteCell cell, CellResult done) {
        if (done == null) {
            return List.of(Html.escape(cell.id()), Html.escape(cell.variant()), Long.toString(cell.seed()),
                    Html.escape(cell.backend()), "pending", "", "", "", "", "");
        }
        TrainResult r = done.result();
        boolean ok = "completed".equals(r.status());
        String status = ok ? "completed" : "failed: " + (r.error() == null ? r.status() : r.error());
        String commit = r.provenance() == null || r.provenance().software() == null ? ""
                : r.provenance().software().gitCommit();
        return List.of(Html.link("cells/" + cell.id() + "/result.json", cell.id()), Html.escape(cell.variant()),
                Long.toString(cell.seed()), Html.escape(cell.backend()), Html.escape(status), number(ok, r.testAccuracy()),
                number(ok, r.neuronSparsity()), number(ok, r.weightSparsity()),
                String.format(Locale.ROOT, "%.1f", r.wallSeconds()), Html.escape(commit == null ? "" : shortCommit(commit)));
    }

    private static String number(boolean ok, double v) {
        return ok && Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "";
    }

    private static String shortCommit(String c) {
        return c.length() > 12 ? c.substring(0, 12) : c;
    }
}
