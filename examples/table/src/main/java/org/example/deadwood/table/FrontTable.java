package org.example.deadwood.table;

import io.deadwood.api.report.CellResult;
import io.deadwood.api.report.SuiteTable;
import io.deadwood.api.report.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code front}: which variants of a suite are worth their cost. One row per model and variant with
 * its mean test accuracy and mean training FLOPs over the seeds that completed, and whether it is
 * on the accuracy-cost front: no other variant of the same model is at least as accurate for no more
 * training FLOPs, and strictly better in one. The question a pruning study is asked in the end, read
 * straight from the cells.
 */
public final class FrontTable implements SuiteTable {

    @Override public String id() { return "front"; }

    @Override public String description() { return "accuracy against training FLOPs per variant, and which are on the front"; }

    private record Row(String model, String variant, int ok, int all, double accuracy, double flops) {
        boolean measured() { return ok > 0; }

        boolean dominatedBy(Row o) {
            return o.measured() && o.model.equals(model) && o.accuracy >= accuracy && o.flops <= flops
                    && (o.accuracy > accuracy || o.flops < flops);
        }
    }

    @Override
    public Table render(String title, List<CellResult> cells) {
        Map<String, List<CellResult>> groups = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (CellResult c : cells) {
            String key = c.cell().model() + " w" + c.cell().width() + "\u0000" + c.cell().variant();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
            if (!c.completed()) notes.add(c.cell().id() + " " + c.result().status() + ": " + c.result().error());
        }
        List<Row> rows = new ArrayList<>();
        for (var e : groups.entrySet()) {
            String[] key = e.getKey().split("\u0000");
            List<CellResult> ok = e.getValue().stream().filter(CellResult::completed).toList();
            double acc = ok.stream().mapToDouble(c -> c.result().testAccuracy()).average().orElse(Double.NaN);
            double flops = ok.stream().mapToDouble(c -> c.result().trainingFlops().actual()).average().orElse(Double.NaN);
            rows.add(new Row(key[0], key[1], ok.size(), e.getValue().size(), acc, flops));
        }
        List<List<String>> out = new ArrayList<>();
        for (Row r : rows) {
            boolean front = r.measured() && rows.stream().noneMatch(r::dominatedBy);
            out.add(List.of(r.model(), r.variant(), r.ok() + "/" + r.all(),
                    r.measured() ? String.format(Locale.ROOT, "%.4f", r.accuracy()) : "-",
                    r.measured() ? String.format(Locale.ROOT, "%.3g", r.flops()) : "-",
                    r.measured() ? (front ? "yes" : "no") : "-"));
        }
        return new Table(title, List.of("model", "variant", "seeds ok", "test accuracy", "training FLOPs", "on front"), out, notes);
    }
}
