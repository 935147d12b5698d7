package io.deadwood.api.train;

/**
 * What one epoch did. Test figures are NaN for epochs that were not evaluated
 * ({@link TrainerConfig#evaluateEveryEpoch()} false); the last epoch always is.
 *
 * @param epoch           1-based
 * @param trainLoss       mean training loss over the epoch's samples, listeners' terms included
 * @param trainAccuracy   fraction of training samples classified right while training (training mode);
 *                        NaN for real-valued targets
 * @param testLoss        mean cross-entropy on the test split, eval mode, no label smoothing (the mean
 *                        squared error for real-valued targets)
 * @param testAccuracy    fraction of test samples classified right; NaN for real-valued targets
 * @param imagesPerSecond training samples per second of training time (evaluation excluded)
 * @param trainNanos      time spent in training steps, listeners' step hooks included
 * @param wallNanos       the whole epoch: training plus evaluation
 * @param lr              the learning rate of the epoch's last step
 * @param units           prunable units at the end of the epoch
 * @param params          parameters at the end of the epoch
 * @param steps           steps taken in the run so far
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                           double imagesPerSecond, long trainNanos, long wallNanos, double lr, long units, long params,
                           long steps) {

    public boolean evaluated() { return !Double.isNaN(testLoss) || !Double.isNaN(testAccuracy); }
}
