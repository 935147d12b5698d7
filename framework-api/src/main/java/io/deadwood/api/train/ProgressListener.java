package io.deadwood.api.train;

/** Reports progress to a user interface; the trainer calls it after every batch. Must be cheap. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {
        @Override public void onBatch(BatchProgress progress) { }
        @Override public boolean followsBatches() { return false; }
    };

    /** False when {@link #onBatch} ignores what it is told, so that the trainer need not build it every step. */
    default boolean followsBatches() {
        return true;
    }

    default void onEpochStart(int epoch, int epochs, int batchesPerEpoch) {
    }

    void onBatch(BatchProgress progress);

    /** Training of the epoch is done and evaluation is about to start (a bar may say so). */
    default void onEvaluationStart(int epoch) {
    }

    default void onEpochEnd(EpochMetrics metrics) {
    }
}
