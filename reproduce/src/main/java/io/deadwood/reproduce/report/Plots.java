package io.deadwood.reproduce.report;

import io.deadwood.api.report.Figure;
import io.deadwood.api.result.TrainResult;
import io.deadwood.api.report.CellResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's PNG plots, drawn from cell results. */
final class Plots {
    static {
        // Charts are drawn off-screen; no display is needed or wanted.
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /**
     * Accuracy against sparsity. Neuron sparsity: one curve per method (its label), a point per variant
     * at the mean over seeds, with the seeds' standard deviation as error bars. Weight sparsity (the
     * iterative suites): one line per variant through its cycles.
     */
    static Optional<Figure> accuracyVsSparsity(List<CellResult> cells, boolean weightSparsity) {
        XYChart chart = chart("Accuracy vs " + (weightSparsity ? "weight" : "neuron") + " sparsity",
                (weightSparsity ? "weight" : "neuron") + " sparsity", "test accuracy");
        if (weightSparsity) {
            // Per variant and cycle, the seeds' mean and spread: one line through the cycles.
            Map<String, java.util.TreeMap<Integer, List<double[]>>> byCycle = new LinkedHashMap<>();
            for (CellResult c : completed(cells)) {
                for (var e : ApTable.lastEpochPerCycle(c.result())) {
                    byCycle.computeIfAbsent(c.cell().variant(), k -> new java.util.TreeMap<>())
                            .computeIfAbsent(e.cycle(), k -> new ArrayList<>()).add(new double[] {e.weightSparsity(), e.testAccuracy()});
                }
            }
            byCycle.forEach((name, cycles) -> {
                List<double[]> pts = new ArrayList<>();
                cycles.values().forEach(ps -> {
                    List<Double> acc = ps.stream().map(p -> p[1]).toList();
                    pts.add(new double[] {Stats.mean(ps.stream().map(p -> p[0]).toList()), Stats.mean(acc), Stats.std(acc)});
                });
                chart.addSeries(name, pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray(),
                        pts.stream().mapToDouble(p -> p[2]).toArray());
            });
            return figure("accuracy-vs-sparsity.png", chart, !byCycle.isEmpty());
        }
        Map<String, Map<String, List<TrainResult>>> byLabel = new LinkedHashMap<>();
        for (CellResult c : completed(cells)) {
            byLabel.computeIfAbsent(c.cell().label(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(c.cell().variant(), k -> new ArrayList<>()).add(c.result());
        }
        byLabel.forEach((label, variants) -> {
            List<double[]> pts = new ArrayList<>();
            variants.values().forEach(rs -> {
                List<Double> acc = rs.stream().map(TrainResult::testAccuracy).toList();
                pts.add(new double[] {Stats.mean(rs.stream().map(TrainResult::neuronSparsity).toList()), Stats.mean(acc), Stats.std(acc)});
            });
            pts.sort(java.util.Comparator.comparingDouble(p -> p[0]));
            XYSeries series = chart.addSeries(label, pts.stream().mapToDouble(p -> p[0]).toArray(),
                    pts.stream().mapToDouble(p -> p[1]).toArray(), pts.stream().mapToDouble(p -> p[2]).toArray());
            series.setXYSeriesRenderStyle(pts.size() > 1 ? XYSeries.XYSeriesRenderStyle.Line : XYSeries.XYSeriesRenderStyle.Scatter);
        });
        return figure("accuracy-vs-sparsity.png", chart, !byLabel.isEmpty());
    }

    /** Units per layer over training, for the cell that removed the most units (the first of equals). */
    static Optional<Figure> unitsOverTraining(List<CellResult> cells) {
        CellResult pruned = null;
        for (CellResult c : completed(cells)) {
            if (c.result().units().after() >= c.result().units().before()) continue;
            if (pruned == null || c.result().neuronSparsity() > pruned.result().neuronSparsity()) pruned = c;
        }
        XYChart chart = chart("Units per layer over training" + (pruned == null ? "" : ": " + pruned.cell().id()),
                "epoch", "units");
        if (pruned != null) {
            Map<String, List<Double>> series = new LinkedHashMap<>();
            for (var e : pruned.result().epochs()) {
                e.unitsByLayer().forEach((layer, units) -> series.computeIfAbsent(layer, k -> new ArrayList<>()).add((double) units));
            }
            double[] x = pruned.result().epochs().stream().mapToDouble(TrainResult.EpochRecord::epoch).toArray();
            series.forEach((layer, ys) -> {
                if (ys.size() == x.length) chart.addSeries(layer, x, ys.stream().mapToDouble(Double::doubleValue).toArray());
            });
        }
        return figure("units-over-training.png", chart, pruned != null);
    }

    /** The whole network's dead neuron rate per epoch, for each variant's first seed. */
    static Optional<Figure> dnrOverTraining(List<CellResult> cells) {
        XYChart chart = chart("Dynamic dead neuron rate over training", "epoch", "DNR");
        Map<String, CellResult> firstSeed = new LinkedHashMap<>();
        for (CellResult c : completed(cells)) firstSeed.putIfAbsent(c.cell().variant() + " " + DempTable.modelKey(c), c);
        firstSeed.forEach((name, c) -> {
            var epochs = c.result().epochs().stream().filter(e -> Double.isFinite(e.dnr())).toList();
            if (!epochs.isEmpty()) {
                chart.addSeries(name, epochs.stream().mapToDouble(TrainResult.EpochRecord::epoch).toArray(),
                        epochs.stream().mapToDouble(TrainResult.EpochRecord::dnr).toArray());
            }
        });
        return figure("dnr-over-training.png", chart, !firstSeed.isEmpty());
    }

    private static List<CellResult> completed(List<CellResult> cells) {
        return cells.stream().filter(c -> "completed".equals(c.result().status())).toList();
    }

    static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setSeriesMarkers(new org.knowm.xchart.style.markers.Marker[] {SeriesMarkers.CIRCLE,
                SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN});
        return chart;
    }

    static Optional<Figure> figure(String name, XYChart chart, boolean hasData) {
        if (!hasData) return Optional.empty();
        try {
            return Optional.of(new Figure(name, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not draw " + name + ": " + e.getMessage(), e);
        }
    }
}
