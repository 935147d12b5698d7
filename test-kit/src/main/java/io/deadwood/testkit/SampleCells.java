package io.deadwood.testkit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.deadwood.api.report.CellResult;
import io.deadwood.api.report.SuiteCell;
import io.deadwood.api.result.Provenance;
import io.deadwood.api.result.TrainResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Made-up suite results, shaped like the ones {@code deadwood reproduce} writes, for testing a
 * {@link io.deadwood.api.report.SuiteTable} without training anything. Never reported as results.
 */
public final class SampleCells {
    private SampleCells() {
    }

    /**
     * A dense baseline and a pruned variant over two seeds each, with two training cycles, plus one
     * cell that failed: what a table must cope with.
     */
    public static List<CellResult> typical() {
        List<CellResult> cells = new ArrayList<>();
        for (int seed = 1; seed <= 2; seed++) {
            cells.add(completed("mlp-w0.5_dense_s" + seed, "dense", "dense", null, seed, 0.90 + 0.01 * seed, 0.0, 0.0));
        }
        for (int seed = 1; seed <= 2; seed++) {
            cells.add(completed("mlp-w0.5_toy-p-0.3_s" + seed, "toy", "toy[p=0.3]", "toy", seed, 0.87 + 0.01 * seed,
                    0.3 + 0.01 * seed, 0.5));
        }
        cells.add(failed("mlp-w0.5_toy-p-0.9_s1", "toy", "toy[p=0.9]", "toy", 1, "diverged at step 7: loss is NaN; lower the learning rate"));
        return List.copyOf(cells);
    }

    /** A completed cell with two epochs in two cycles. */
    public static CellResult completed(String id, String label, String variant, String method, long seed, double accuracy,
                                       double neuronSparsity, double weightSparsity) {
        long units = Math.round(100 * (1 - neuronSparsity));
        List<TrainResult.EpochRecord> epochs = List.of(
                new TrainResult.EpochRecord(1, 0, 0.6, 0.8, 0.5, accuracy - 0.02, 1000, 2, 0.05, 100, 1000, 0.4, 0,
                        Map.of("fc1", 100), Map.of("fc1", 0.4), 1_000_000),
                new TrainResult.EpochRecord(2, 1, 0.4, 0.85, 0.4, accuracy, 1100, 2, 0.01, units, units * 10, 0.35, weightSparsity,
                        Map.of("fc1", (int) units), Map.of("fc1", 0.35), 2_000_000));
        TrainResult r = new TrainResult(TrainResult.SCHEMA, "completed", "mlp", 0.5, "fashion-mnist",
                method == null ? null : new TrainResult.MethodInfo(method, JsonNodeFactory.instance.objectNode()),
                accuracy, 0.4, neuronSparsity, weightSparsity, epochs, new TrainResult.Counts(1000, units * 10),
                new TrainResult.Counts(100, units), new TrainResult.Counts(10_000, units * 100),
                new TrainResult.TrainingFlops(2_000_000, 3_000_000), List.of(), Map.of(), 4.0, "ab".repeat(32), null,
                new Provenance(JsonNodeFactory.instance.objectNode(), seed, null, new Provenance.BackendInfo("cpu", 2, List.of("cpu")),
                        null, null, "2026-01-01T00:00:00Z"),
                3.0, null, 0.01);
        return new CellResult(cell(id, label, variant, method, seed), r);
    }

    /** A cell that ended with {@code status} "diverged" and the given error. */
    public static CellResult failed(String id, String label, String variant, String method, long seed, String error) {
        TrainResult r = new TrainResult(TrainResult.SCHEMA, "diverged", "mlp", 0.5, "fashion-mnist", null, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, List.of(), null, null, null, null, List.of(), Map.of(), 1.0, null, error,
                null, Double.NaN, null, Double.NaN);
        return new CellResult(cell(id, label, variant, method, seed), r);
    }

    private static SuiteCell cell(String id, String label, String variant, String method, long seed) {
        return new SuiteCell(id, label, variant, method, "mlp", 0.5, seed, "auto", null);
    }
}
