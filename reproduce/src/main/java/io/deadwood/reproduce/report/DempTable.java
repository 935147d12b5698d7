package io.deadwood.reproduce.report;

import io.deadwood.api.report.Figure;
import io.deadwood.api.report.SuiteTable;
import io.deadwood.api.report.Table;
import io.deadwood.api.result.TrainResult;
import io.deadwood.api.report.CellResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Method against method at matched sparsity: one row per model and method variant, averaged over
 * seeds; speedup is the dense run's wall time over the variant's, for the same model.
 */
public final class DempTable implements SuiteTable {
    @Override
    public String id() { return "demp"; }

    @Override
    public String description() {
        return "methods at matched neuron sparsity: sparsity, params, FLOPs, accuracy and speedup against dense, per variant";
    }

    @Override
    public List<Figure> plots(List<CellResult> cells) {
        List<Figure> out = new ArrayList<>();
        Plots.accuracyVsSparsity(cells, false).ifPresent(out::add);
        Plots.unitsOverTraining(cells).ifPresent(out::add);
        Plots.dnrOverTraining(cells).ifPresent(out::add);
        return out;
    }

    @Override
    public Table render(String title, List<CellResult> cells) {
        Map<String, List<CellResult>> byVariant = new LinkedHashMap<>();
        for (CellResult c : cells) {
            byVariant.computeIfAbsent(modelKey(c) + " " + c.cell().variant(), k -> new ArrayList<>()).add(c);
        }
        Map<String, Double> denseTime = new LinkedHashMap<>();
        for (List<CellResult> group : byVariant.values()) {
            CellResult first = group.getFirst();
            List<CellResult> done = group.stream().filter(c -> "completed".equals(c.result().status())).toList();
            if (first.cell().method() == null && !done.isEmpty()) {
                denseTime.put(modelKey(first), Stats.mean(values(done, DempTable::referenceSteps)));
            }
        }
        boolean validated = cells.stream().anyMatch(c -> c.result().validation() != null);
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
            double time = Stats.mean(values(ok, DempTable::trainSeconds));
            double steps = Stats.mean(values(ok, DempTable::referenceSteps));
            Double dense = denseTime.get(modelKey(first));
            List<String> row = new ArrayList<>(List.of(
                    modelKey(first),
                    first.cell().variant(),
                    ok.size() + "/" + group.size(),
                    Stats.fixed(Stats.mean(values(ok, TrainResult::neuronSparsity)), 3),
                    Stats.fixed(Stats.mean(values(ok, TrainResult::weightSparsity)), 3),
                    Stats.count(Stats.mean(values(ok, r -> (double) r.params().after()))),
                    Stats.sci(Stats.mean(values(ok, r -> (double) r.trainingFlops().actual()))),
                    times(Stats.mean(values(ok, DempTable::flopsRatio)))));
            if (validated) row.add(Stats.meanStd(values(ok, DempTable::validationAccuracy)));
            row.addAll(List.of(Stats.meanStd(values(ok, TrainResult::testAccuracy)),
                    Stats.fixed(time, 1),
                    dense == null || ok.isEmpty() ? "-" : times(dense / steps)));
            rows.add(row);
        }
        notes.add(0, "accuracy: mean ± sample std over seeds" + (validated ? " (val: the slice carved off the training split)" : "")
                + "; train s: time in training steps, pruning hooks and dead checks included, evaluation and data loading "
                + "excluded, after a dense warm-up before the first cell; speedup: the dense run's train s / this variant's, "
                + "same model, each first divided by the time of a dense step of that model timed right before and after it; training FLOPs: 3 x forward x images at each step's width; FLOPs saving: dense training FLOPs "
                + "for the same steps / these");
        List<String> header = new ArrayList<>(List.of("model", "method", "seeds ok", "neuron sparsity", "weight sparsity",
                "params", "training FLOPs", "FLOPs saving"));
        if (validated) header.add("val accuracy");
        header.addAll(List.of("test accuracy", "train s", "speedup"));
        return new Table(title, header, rows, notes);
    }

    private static String times(double ratio) {
        return Double.isFinite(ratio) ? Stats.fixed(ratio, 2) + "x" : "-";
    }

    /**
     * A run's training time in dense reference steps measured beside it (see
     * {@link TrainResult#referenceStepSeconds()}); plain seconds when none was measured.
     */
    static double referenceSteps(TrainResult r) {
        double t = trainSeconds(r), ref = r.referenceStepSeconds();
        return ref > 0 ? t / ref : t;
    }

    /** Training-step time; results written before it was recorded fall back to the whole wall time. */
    static double trainSeconds(TrainResult r) {
        return r.trainSeconds() > 0 ? r.trainSeconds() : r.wallSeconds();
    }

    static double flopsRatio(TrainResult r) {
        return r.trainingFlops() == null || r.trainingFlops().actual() <= 0 ? Double.NaN
                : (double) r.trainingFlops().dense() / r.trainingFlops().actual();
    }

    static double validationAccuracy(TrainResult r) {
        return r.validation() == null ? Double.NaN : r.validation().accuracy();
    }

    static String modelKey(CellResult c) {
        return c.cell().model() + " w" + c.cell().width();
    }

    static List<Double> values(List<CellResult> cells, java.util.function.ToDoubleFunction<TrainResult> f) {
        return cells.stream().map(c -> f.applyAsDouble(c.result())).filter(Double::isFinite).toList();
    }
}
