package io.deadwood.api.train;

/**
 * Hooks into a training run, all no-ops by default. Pruning methods, regularisers, noise and
 * metrics plug in here; the trainer knows hooks, not methods. Listeners are called in the order
 * they were given, for every hook.
 *
 * <p>Per step: forward (training mode) and cross-entropy with its gradient; {@link #extraLoss} of
 * every listener; divergence check; {@link #afterForward}; backward (parameter gradients
 * written); {@link #afterBackward}; optimiser step; {@link #afterOptimizerStep}; then
 * {@link #onInterval} for listeners whose {@link #stepInterval()} divides the 1-based step count.
 * After each epoch's evaluation: {@link #onEpochEnd}. After the last: {@link #onTrainingEnd}, then
 * the test split is evaluated once more, so the report describes the model as the listeners left it.
 */
public interface TrainingListener {

    default void onTrainingStart(TrainingContext run) {
    }

    /**
     * A term this listener adds to the step's reported loss (e.g. lambda * sum|gamma|). Only the
     * value: the listener adds the term's gradient to the parameters' gradients in
     * {@link #afterBackward}, since the trainer cannot differentiate it.
     */
    default double extraLoss(StepContext step) {
        return 0;
    }

    default void afterForward(StepContext step) {
    }

    /** Gradients are in place and may be changed (add a regulariser's gradient, zero masked weights). */
    default void afterBackward(StepContext step) {
    }

    /** Parameters hold their updated values (add noise to the update, reapply masks). */
    default void afterOptimizerStep(StepContext step) {
    }

    /** Call {@link #onInterval} after every this many steps; 0 for never. Read once, at the start of the run. */
    default int stepInterval() {
        return 0;
    }

    /** After the optimiser step of every {@link #stepInterval()}-th step (e.g. a dead-unit check and surgery). */
    default void onInterval(StepContext step) {
    }

    default void onEpochEnd(EpochMetrics metrics, TrainingContext run) {
    }

    default void onTrainingEnd(TrainingContext run) {
    }
}
