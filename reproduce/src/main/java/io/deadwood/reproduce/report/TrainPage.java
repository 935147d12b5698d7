package io.deadwood.reproduce.report;

import io.deadwood.api.report.Figure;
import io.deadwood.api.result.AtomicFiles;
import io.deadwood.api.result.TrainResult;
import io.deadwood.reproduce.cli.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;

/**
 * A {@code train --out} folder's {@code index.html}: the run's outcome, its loss and accuracy per
 * epoch, units and dead neuron rate per layer, the pruning events and the provenance, drawn from
 * {@code result.json} alone.
 */
public final class TrainPage {
    private TrainPage() {
    }

    /** Writes {@code index.html} next to the folder's {@code result.json}; returns its path. */
    public static Path write(Path folder) {
        Path file = folder.resolve("result.json");
        TrainResult r;
        try {
            r = AtomicFiles.json().readValue(file.toFile(), TrainResult.class);
        } catch (IOException e) {
            throw new UserError(file + " is missing or unreadable (" + e.getMessage().lines().findFirst().orElse("")
                    + "); give a folder written by 'deadwood train --out' or 'deadwood reproduce'");
        }
        return write(folder.resolve("index.html"), r);
    }

    /** Writes a run's page to {@code out} (a folder's {@code index.html}); returns it. */
    public static Path write(Path out, TrainResult r) {
        AtomicFiles.write(out, render(r).getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** Whether a folder holds a training run's result (and not a suite). */
    public static boolean isTrainFolder(Path folder) {
        return Files.isRegularFile(folder.resolve("result.json")) && !Files.exists(folder.resolve("suite.json"));
    }

    static String render(TrainResult r) {
        String title = r.model() + (r.width() == 1.0 ? "" : " --width " + r.width()) + " on " + r.data()
                + (r.method() == null ? "" : ", " + r.method().id());
        Html page = new Html(title, false);
        page.heading(1, title).paragraph("sub", "status: " + r.status() + (r.error() == null ? "" : " (" + r.error() + ")"));
        page.heading(2, "Outcome");
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("test accuracy", fmt(r.testAccuracy())));
        rows.add(row("test loss", fmt(r.testLoss())));
        rows.add(row("neuron sparsity", fmt(r.neuronSparsity())));
        rows.add(row("weight sparsity", fmt(r.weightSparsity())));
        if (r.units() != null) rows.add(row("units", r.units().before() + " -> " + r.units().after()));
        if (r.params() != null) rows.add(row("parameters", r.params().before() + " -> " + r.params().after()));
        if (r.flops() != null) rows.add(row("inference FLOPs", r.flops().before() + " -> " + r.flops().after()));
        rows.add(row("wall time", String.format(Locale.ROOT, "%.1f s", r.wallSeconds())));
        if (r.modelSha256() != null) rows.add(row("model SHA-256", r.modelSha256()));
        page.table(List.of("what", "value"), rows, x -> false, "outcome");
        List<Figure> figures = figures(r);
        if (!figures.isEmpty()) page.heading(2, "Plots");
        page.figures(figures);
        if (r.pruneEvents() != null && !r.pruneEvents().isEmpty()) {
            page.heading(2, "Pruning events");
            List<List<String>> events = new ArrayList<>();
            for (var e : r.pruneEvents()) {
                events.add(List.of(Integer.toString(e.epoch()), Long.toString(e.step()), Html.escape(e.group()),
                        Integer.toString(e.sizeBefore()), Integer.toString(e.removed()), Html.escape(e.reason())));
            }
            page.table(List.of("epoch", "step", "layer", "units before", "removed", "why"), events, x -> false, "events");
        }
        page.heading(2, "Files").links(List.of("result.json"));
        if (r.provenance() != null) page.heading(2, "Provenance").provenance(r.provenance());
        return page.finish();
    }

    private static List<String> row(String what, String value) {
        return List.of(Html.escape(what), Html.escape(value));
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "";
    }

    /** Loss and accuracy per epoch, and units and dead neuron rate per layer, where the run has them. */
    static List<Figure> figures(TrainResult r) {
        List<Figure> out = new ArrayList<>();
        List<TrainResult.EpochRecord> epochs = r.epochs() == null ? List.of() : r.epochs();
        if (epochs.isEmpty()) return out;
        // an iterative run's cycles each count epochs from 1: plot them one after the other
        boolean cycles = epochs.stream().map(TrainResult.EpochRecord::cycle).distinct().count() > 1;
        double[] x = new double[epochs.size()];
        for (int i = 0; i < x.length; i++) x[i] = cycles ? i + 1 : epochs.get(i).epoch();
        String axis = cycles ? "epoch (all cycles in order)" : "epoch";
        curves("loss.png", "Loss", axis, "cross-entropy", x, epochs,
                Map.of("train", TrainResult.EpochRecord::trainLoss, "test", TrainResult.EpochRecord::testLoss)).ifPresent(out::add);
        curves("accuracy.png", "Accuracy", axis, "accuracy", x, epochs,
                Map.of("train", TrainResult.EpochRecord::trainAccuracy, "test", TrainResult.EpochRecord::testAccuracy))
                .ifPresent(out::add);
        perLayer("units.png", "Units per layer", axis, "units", x, epochs, true).ifPresent(out::add);
        perLayer("dnr.png", "Dead neuron rate per layer", axis, "DNR", x, epochs, false).ifPresent(out::add);
        return out;
    }

    private static Optional<Figure> curves(String file, String title, String axis, String yAxis, double[] x,
                                           List<TrainResult.EpochRecord> epochs,
                                           Map<String, ToDoubleFunction<TrainResult.EpochRecord>> series) {
        XYChart chart = Plots.chart(title, axis, yAxis);
        boolean any = false;
        for (String name : List.of("train", "test")) {
            double[] y = epochs.stream().mapToDouble(series.get(name)).toArray();
            if (java.util.Arrays.stream(y).allMatch(Double::isFinite)) {
                chart.addSeries(name, x, y);
                any = true;
            }
        }
        return Plots.figure(file, chart, any);
    }

    private static Optional<Figure> perLayer(String file, String title, String axis, String yAxis, double[] x,
                                             List<TrainResult.EpochRecord> epochs, boolean units) {
        Map<String, double[]> series = new LinkedHashMap<>();
        for (int i = 0; i < epochs.size(); i++) {
            Map<String, ? extends Number> values = units ? epochs.get(i).unitsByLayer() : epochs.get(i).dnrByLayer();
            if (values == null) continue;
            for (var e : values.entrySet()) {
                double[] ys = series.computeIfAbsent(e.getKey(), k -> {
                    double[] a = new double[epochs.size()];
                    java.util.Arrays.fill(a, Double.NaN);
                    return a;
                });
                ys[i] = e.getValue().doubleValue();
            }
        }
        XYChart chart = Plots.chart(title, axis, yAxis);
        boolean any = false;
        for (var e : series.entrySet()) {
            if (java.util.Arrays.stream(e.getValue()).allMatch(Double::isFinite)) {
                chart.addSeries(e.getKey(), x, e.getValue());
                any = true;
            }
        }
        return Plots.figure(file, chart, any);
    }
}
