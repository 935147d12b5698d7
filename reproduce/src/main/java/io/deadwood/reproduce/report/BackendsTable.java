package io.deadwood.reproduce.report;

import io.deadwood.api.report.Figure;
import io.deadwood.api.report.SuiteTable;
import io.deadwood.api.report.Table;
import io.deadwood.api.result.TrainResult;
import io.deadwood.api.report.CellResult;
import java.util.ArrayList;
import java.util.List;

/** The same short training on each backend: time against the first backend, and how far results differ. */
public final class BackendsTable implements SuiteTable {
    @Override
    public String id() { return "backends"; }

    @Override
    public String description() {
        return "the same short training on each backend: time ratio, accuracy, loss difference and identical models";
    }

    @Override
    public List<Figure> plots(List<CellResult> cells) {
        return Plots.dnrOverTraining(cells).stream().toList();
    }

    @Override
    public Table render(String title, List<CellResult> cells) {
        List<List<String>> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        TrainResult first = null;
        for (CellResult c : cells) {
            TrainResult r = c.result();
            if (!"completed".equals(r.status())) {
                rows.add(List.of(c.cell().backend(), "-", "-", "-", "-", "-", "-", r.status() + ": " + r.error()));
                continue;
            }
            if (first == null) first = r;
            TrainResult.EpochRecord last = r.epochs().getLast();
            rows.add(List.of(r.provenance().backend().id() + " (" + r.provenance().backend().threads() + " threads)",
                    Stats.fixed(r.wallSeconds(), 1),
                    Stats.count(last.imagesPerSecond()),
                    Stats.fixed(r.wallSeconds() / first.wallSeconds(), 2),
                    Stats.fixed(r.testAccuracy(), 4),
                    Stats.sci(Math.abs(r.testLoss() - first.testLoss())),
                    r.modelSha256().equals(first.modelSha256()) ? "yes" : "no",
                    "completed"));
        }
        notes.add("time ratio and loss difference are against the first backend listed; identical model: same modelSha256");
        return new Table(title, List.of("backend", "wall s", "images/s (last epoch)", "time ratio", "accuracy",
                "loss difference", "identical model", "status"), rows, notes);
    }
}
