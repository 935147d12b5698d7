package io.deadwood.reproduce.control;

import static io.deadwood.reproduce.report.Stats.mean;
import static io.deadwood.reproduce.report.Stats.median;
import static io.deadwood.reproduce.report.Stats.std;

import io.deadwood.api.report.Table;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/** The myriad-learn table (one row per system and variant, seeds pooled) and its cost-gap-against-sparsity plot. */
final class LearnTable {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private LearnTable() {
    }

    static Table of(List<LearnResult> results, List<String> failed) {
        Map<String, List<LearnResult>> bySystem = new LinkedHashMap<>();
        for (LearnResult r : results) bySystem.computeIfAbsent(r.system(), k -> new ArrayList<>()).add(r);
        List<List<String>> rows = new ArrayList<>();
        Map<String, List<Double>> gapsByVariant = new LinkedHashMap<>(), sparsityByVariant = new LinkedHashMap<>();
        for (var e : bySystem.entrySet()) {
            List<LearnResult> seeds = e.getValue();
            for (LearnResult.Variant first : seeds.getFirst().variants()) {
                List<LearnResult.Variant> runs = new ArrayList<>();
                for (LearnResult r : seeds) {
                    r.variants().stream().filter(v -> v.label().equals(first.label()) && v.failure() == null).forEach(runs::add);
                }
                List<Double> gap = runs.stream().map(LearnResult.Variant::costGap).toList();
                List<Double> sparsity = runs.stream().map(LearnResult.Variant::neuronSparsity).toList();
                List<Double> rollout = runs.stream().map(LearnResult.Variant::rolloutError).toList();
                List<Double> dnr = runs.stream().map(LearnResult.Variant::finalDnr).toList();
                long converged = runs.stream().filter(LearnResult.Variant::planConverged).count();
                double endError = runs.stream().mapToDouble(LearnResult.Variant::endError).max().orElse(Double.NaN);
                String units = runs.isEmpty() ? "-" : runs.getFirst().unitsAfter() + "/" + runs.getFirst().unitsBefore();
                if (runs.size() > 1) units = String.format(Locale.ROOT, "%.1f/%d", mean(runs.stream().map(v -> (double) v.unitsAfter()).toList()),
                        runs.getFirst().unitsBefore());
                rows.add(List.of(e.getKey(), first.label(), runs.size() + "/" + seeds.size(), pm(dnr, "%.3f"), pm(sparsity, "%.3f"), units,
                        pm(rollout, "%.3g"), pmPercent(gap), endError == 0 ? "-" : String.format(Locale.ROOT, "%.2g", endError),
                        converged + "/" + runs.size()));
                gapsByVariant.computeIfAbsent(first.label(), k -> new ArrayList<>()).addAll(gap);
                sparsityByVariant.computeIfAbsent(first.label(), k -> new ArrayList<>()).addAll(sparsity);
            }
        }
        List<String> notes = new ArrayList<>();
        StringBuilder refs = new StringBuilder("planning on the true model (the reference each gap is against): ");
        for (var e : bySystem.entrySet()) {
            LearnResult r = e.getValue().getFirst();
            refs.append(String.format(Locale.ROOT, "%s %.6g%s; ", e.getKey(), r.referenceCost(), r.referenceConverged() ? "" : " (NOT converged)"));
        }
        notes.add(refs.toString().replaceAll("; $", ""));
        StringBuilder summary = new StringBuilder("over every system and seed, median cost gap (mean neuron sparsity): ");
        for (var e : gapsByVariant.entrySet()) {
            summary.append(String.format(Locale.ROOT, "%s %+.2f%% (%.3f); ", e.getKey(), 100 * median(e.getValue()),
                    mean(sparsityByVariant.get(e.getKey()))));
        }
        notes.add(summary.toString().replaceAll("; $", ""));
        for (String f : failed) notes.add("not learned: " + f);
        LearnResult any = results.getFirst();
        notes.add(String.format(Locale.ROOT, "cost gap = (true cost of the plan made on the learned model - reference) / |reference|; "
                        + "plans by %s, N = %d, solver %s; models: %d hidden x %d %s, %d epochs, %d trajectories, %d-step windows; "
                        + "DNR: the fraction of hidden ReLU outputs that are zero, over the last epoch's training steps; "
                        + "rollout error: RMSE of the whole held-out trajectories in the model's scaled units",
                any.optimizer(), any.intervals(), any.solver(), any.config().hidden(), any.config().depth(), any.config().activation(),
                any.config().epochs(), any.config().trajectories(), any.config().windowSteps()));
        return new Table("myriad-learn: learned dynamics, pruned while they train, planned on and scored on the true system",
                List.of("system", "variant", "seeds ok", "DNR", "neuron sparsity", "units", "rollout error", "cost gap", "end error", "plans converged"),
                rows, notes);
    }

    /**
     * One row per system, one column per variant, each cell the mean cost gap over seeds with the mean
     * neuron sparsity in brackets; a last row has the median gap over systems and the mean sparsity.
     */
    static Table summary(List<LearnResult> results) {
        Map<String, Map<String, List<double[]>>> cells = new LinkedHashMap<>();
        List<String> variants = new ArrayList<>();
        for (LearnResult r : results) {
            for (LearnResult.Variant v : r.variants()) {
                if (!variants.contains(v.label())) variants.add(v.label());
                if (v.failure() != null) continue;
                cells.computeIfAbsent(r.system(), k -> new LinkedHashMap<>()).computeIfAbsent(v.label(), k -> new ArrayList<>())
                        .add(new double[] {v.costGap(), v.neuronSparsity()});
            }
        }
        List<List<String>> rows = new ArrayList<>();
        Map<String, List<Double>> gaps = new LinkedHashMap<>(), sparsities = new LinkedHashMap<>();
        for (var e : cells.entrySet()) {
            List<String> row = new ArrayList<>(List.of(e.getKey()));
            for (String v : variants) {
                List<double[]> runs = e.getValue().getOrDefault(v, List.of());
                if (runs.isEmpty()) {
                    row.add("-");
                    continue;
                }
                double gap = mean(runs.stream().map(x -> x[0]).toList()), sp = mean(runs.stream().map(x -> x[1]).toList());
                row.add(String.format(Locale.ROOT, "%+.2f%% (%.2f)", 100 * gap, sp));
                gaps.computeIfAbsent(v, k -> new ArrayList<>()).add(gap);
                sparsities.computeIfAbsent(v, k -> new ArrayList<>()).add(sp);
            }
            rows.add(row);
        }
        List<String> last = new ArrayList<>(List.of("median over systems"));
        for (String v : variants) {
            last.add(gaps.containsKey(v) ? String.format(Locale.ROOT, "%+.2f%% (%.2f)", 100 * median(gaps.get(v)),
                    mean(sparsities.get(v))) : "-");
        }
        rows.add(last);
        List<String> header = new ArrayList<>(List.of("system"));
        header.addAll(variants);
        return new Table("myriad-learn: cost gap of the plan made on each learned model (neuron sparsity), mean over seeds",
                header, rows, List.of("cost gap = (true cost of the plan made on the learned model - true cost of the plan made on the true model)"
                        + " / |the latter|; sparsity = units cut / units"));
    }

    static byte[] gapPlot(List<LearnResult> results) {
        XYChart c = new XYChartBuilder().width(800).height(500).title("cost gap against neuron sparsity, every system and seed")
                .xAxisTitle("neuron sparsity").yAxisTitle("cost gap (%)").build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        for (LearnResult r : results) {
            for (LearnResult.Variant v : r.variants()) {
                if (v.failure() != null || !Double.isFinite(v.costGap())) continue;
                points.computeIfAbsent(v.label(), k -> new ArrayList<>()).add(new double[] {v.neuronSparsity(), 100 * v.costGap()});
            }
        }
        for (var e : points.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(p -> p[0]).toArray(), y = e.getValue().stream().mapToDouble(p -> p[1]).toArray();
            c.addSeries(e.getKey(), x, y);
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BitmapEncoder.saveBitmap(c, out, BitmapEncoder.BitmapFormat.PNG);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pm(List<Double> v, String format) {
        if (v.isEmpty()) return "-";
        String m = String.format(Locale.ROOT, format, mean(v));
        return v.size() == 1 ? m : m + " ± " + String.format(Locale.ROOT, format, std(v));
    }

    private static String pmPercent(List<Double> v) {
        if (v.isEmpty()) return "-";
        String m = String.format(Locale.ROOT, "%+.2f%%", 100 * mean(v));
        return v.size() == 1 ? m : m + " ± " + String.format(Locale.ROOT, "%.2f%%", 100 * std(v));
    }
}
