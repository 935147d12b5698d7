package io.deadwood.reproduce.report;

import io.deadwood.api.result.TrainResult;
import io.deadwood.reproduce.suite.SuiteRunner.CellResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Method against method at matched sparsity: one row per model and method variant, averaged over
 * seeds; speedup is the dense run's wall time over the variant's, for the same model.
 */
final class DempTable {
    private DempTable() {
    }

    static Table render(String title, List<CellResult> cells) {
        Map<String, List<CellResult>> byVariant = new LinkedHashMap<>();
        for (CellResult c : cells) {
            byVariant.computeIfAbsent(modelKey(c) + " " + c.cell().variant(), k -> new ArrayList<>()).add(c);
        }
        Map<String, Double> denseWall = new LinkedHashMap<>();
        for (List<CellResult> group : byVariant.values()) {
            CellResult first = group.getFirst();
            List<CellResult> done = group.stream().filter(c -> "completed".equals(c.result().status())).toList();
            if (first.cell().method() == null && !done.isEmpty()) {
                denseWall.put(modelKey(first), Stats.mean(values(done, TrainResult::wallSeconds)));
            }
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (List<CellResult> group : byVariant.values()) {
            CellResult first = group.getFirst();
            List<CellResult> ok = group.stream().filter(c -> "completed".equals(c.result().status())).toList();
            for (CellResult c : group) {
                if (!"completed".equals(c.result().status())) {
                    notes.add(c.cell().id() + ": " + c.result().status() + ": " + c.result().error());
                }
            }
            double wall = Stats.mean(values(ok, TrainResult::wallSeconds));
            Double dense = denseWall.get(modelKey(first));
            rows.add(List.of(
                    modelKey(first),
                    first.cell().variant(),
                    ok.size() + "/" + group.size(),
                    Stats.fixed(Stats.mean(values(ok, TrainResult::neuronSparsity)), 3),
                    Stats.fixed(Stats.mean(values(ok, TrainResult::weightSparsity)), 3),
                    Stats.count(Stats.mean(values(ok, r -> (double) r.params().after()))),
                    Stats.sci(Stats.mean(values(ok, r -> (double) r.trainingFlops().actual()))),
                    Stats.meanStd(values(ok, TrainResult::testAccuracy)),
                    Stats.fixed(wall, 1),
                    dense == null || ok.isEmpty() ? "-" : Stats.fixed(dense / wall, 2) + "x"));
        }
        notes.add(0, "accuracy: mean ± sample std over seeds; wall s: whole run (training, evaluation, data); "
                + "speedup: dense wall time / this variant's, same model; training FLOPs: 3 x forward x images at each step's width");
        return new Table(title, List.of("model", "method", "seeds ok", "neuron sparsity", "weight sparsity", "params",
                "training FLOPs", "accuracy", "wall s", "speedup"), rows, notes);
    }

    static String modelKey(CellResult c) {
        return c.cell().model() + " w" + c.cell().width();
    }

    static List<Double> values(List<CellResult> cells, java.util.function.ToDoubleFunction<TrainResult> f) {
        return cells.stream().map(c -> f.applyAsDouble(c.result())).filter(Double::isFinite).toList();
    }
}
