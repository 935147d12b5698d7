package io.deadwood.api.result;

import java.util.List;

/**
 * The record a training run writes to {@code result.json}. Field names carry their units;
 * accuracies are fractions in [0, 1].
 */
public record TrainResult(
        String schema,
        String status,
        String model,
        double width,
        String data,
        double testAccuracy,
        double testLoss,
        List<EpochRecord> epochs,
        Counts params,
        Counts units,
        Counts forwardFlopsPerSample,
        double wallSeconds,
        String modelSha256,
        String error,
        Provenance provenance) {

    public static final String SCHEMA = "deadwood.train-result/1";

    public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double testLoss,
                              double testAccuracy, double imagesPerSecond, double wallSeconds,
                              double learningRate) {
    }

    public record Counts(long before, long after) {
    }
}
