package io.deadwood.api.train;

/**
 * Progress within an epoch, for a progress bar.
 *
 * @param epoch           1-based epoch
 * @param epochs          epochs in the run
 * @param batch           batches done in this epoch (1-based: 1 after the first)
 * @param batchesPerEpoch batches the epoch will have
 * @param runningLoss     mean loss over the epoch's batches so far
 * @param runningAccuracy training accuracy over the epoch's samples so far
 * @param imagesPerSecond training throughput of the epoch so far
 * @param lr              learning rate of the step just taken
 */
public record BatchProgress(int epoch, int epochs, int batch, int batchesPerEpoch, double runningLoss,
                            double runningAccuracy, double imagesPerSecond, double lr) {
}
