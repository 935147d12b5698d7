package io.deadwood.api.train;

import java.util.List;

/**
 * A finished run: per-epoch metrics, and the test loss and accuracy of the model as it stands at
 * the end (after every listener's {@link TrainingListener#onTrainingEnd}).
 */
public record TrainingReport(List<EpochMetrics> epochs, double finalTestLoss, double finalTestAccuracy,
                             long totalWallNanos, long steps, long finalUnits, long finalParams) {
    public TrainingReport {
        epochs = List.copyOf(epochs);
    }

    public EpochMetrics lastEpoch() { return epochs.getLast(); }
}
