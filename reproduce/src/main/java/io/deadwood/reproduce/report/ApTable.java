package io.deadwood.reproduce.report;

import io.deadwood.api.report.Figure;
import io.deadwood.api.report.SuiteTable;
import io.deadwood.api.report.Table;
import io.deadwood.api.result.TrainResult;
import io.deadwood.api.report.CellResult;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * An iterative method against the same with a treatment (AP), cycle by cycle: the preset's first
 * method entry is the baseline and its second the treatment. One row per model and cycle, at the
 * weight sparsity the cycle trained with, read at each cycle's last epoch; means over seeds.
 */
public final class ApTable implements SuiteTable {
    @Override
    public String id() { return "ap"; }

    @Override
    public String description() {
        return "a baseline against the same with a treatment (AP), cycle by cycle: weight sparsity, accuracy and DNR";
    }

    @Override
    public List<Figure> plots(List<CellResult> cells) {
        List<Figure> out = new ArrayList<>();
        Plots.accuracyVsSparsity(cells, true).ifPresent(out::add);
        Plots.unitsOverTraining(cells).ifPresent(out::add);
        Plots.dnrOverTraining(cells).ifPresent(out::add);
        return out;
    }

    /** Figures of one cycle's last epoch. */
    record CyclePoint(double sparsity, double accuracy, double dnr) {
    }

    @Override
    public Table render(String title, List<CellResult> cells) {
        TreeMap<String, TreeMap<Integer, List<CyclePoint>>> without = new TreeMap<>(), with = new TreeMap<>();
        List<String> notes = new ArrayList<>();
        String baseline = cells.isEmpty() ? null : cells.getFirst().cell().label();
        for (CellResult c : cells) {
            TrainResult r = c.result();
            if (!"completed".equals(r.status())) {
                notes.add(c.cell().id() + ": " + r.status() + ": " + r.error());
                continue;
            }
            boolean ap = !c.cell().label().equals(baseline);
            var target = (ap ? with : without).computeIfAbsent(DempTable.modelKey(c), k -> new TreeMap<>());
            for (var e : lastEpochPerCycle(r)) {
                target.computeIfAbsent(e.cycle(), k -> new ArrayList<>())
                        .add(new CyclePoint(e.weightSparsity(), e.testAccuracy(), e.dnr()));
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (String model : without.keySet()) {
            var base = without.get(model);
            var withAp = with.getOrDefault(model, new TreeMap<>());
            for (int cycle : base.keySet()) {
                List<CyclePoint> b = base.get(cycle), a = withAp.getOrDefault(cycle, List.of());
                double accB = Stats.mean(b.stream().map(CyclePoint::accuracy).toList());
                double accA = Stats.mean(a.stream().map(CyclePoint::accuracy).toList());
                double dnrB = Stats.mean(b.stream().map(CyclePoint::dnr).toList());
                double dnrA = Stats.mean(a.stream().map(CyclePoint::dnr).toList());
                rows.add(List.of(model, Integer.toString(cycle),
                        Stats.fixed(Stats.mean(b.stream().map(CyclePoint::sparsity).toList()), 3),
                        Stats.fixed(Stats.mean(a.stream().map(CyclePoint::sparsity).toList()), 3),
                        Stats.meanStd(b.stream().map(CyclePoint::accuracy).toList()),
                        Stats.meanStd(a.stream().map(CyclePoint::accuracy).toList()),
                        signed(accA - accB), Stats.fixed(dnrB, 3), Stats.fixed(dnrA, 3), signed(dnrA - dnrB)));
            }
        }
        notes.add(0, "each row is one training cycle, read at its last epoch; sparsity is the weight sparsity the cycle trained with; "
                + "difference = with AP - without; DNR: share of ReLU outputs that were exactly zero during the epoch");
        return new Table(title, List.of("model", "cycle", "weight sparsity", "weight sparsity (AP)", "accuracy",
                "accuracy (AP)", "accuracy diff", "DNR", "DNR (AP)", "DNR diff"), rows, notes);
    }

    static List<TrainResult.EpochRecord> lastEpochPerCycle(TrainResult r) {
        TreeMap<Integer, TrainResult.EpochRecord> last = new TreeMap<>();
        for (TrainResult.EpochRecord e : r.epochs()) last.put(e.cycle(), e);
        return List.copyOf(last.values());
    }

    private static String signed(double v) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%+.4f", v) : "-";
    }
}
