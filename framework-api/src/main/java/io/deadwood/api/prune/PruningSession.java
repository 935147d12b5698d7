package io.deadwood.api.prune;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.checkpoint.CheckpointException;
import io.deadwood.api.train.TrainingListener;
import java.util.Map;
import java.util.Set;

/**
 * One method's state for one run. It receives the trainer's hooks (it is a {@link TrainingListener})
 * and acts through the {@link PruningContext}'s {@link Pruner}: cut units, mask weights, add a
 * loss term's gradient after backward, perturb updates after the optimiser step.
 *
 * <p>Iterative methods train in cycles: the framework trains every cycle for the configured
 * epochs with a fresh optimiser and a restarted schedule, calling the cycle hooks around each.
 *
 * <p>A hook that writes parameter values or layer state in place outside a training step (a rewind
 * in {@link #onCycleEnd}, a change in {@code onTrainingEnd}) calls
 * {@link io.deadwood.api.model.Model#touch()}, so that the final test figures are taken again on
 * the changed model; cuts and masks made through the {@link Pruner} count by themselves. An
 * exception thrown from a hook stops the run with a message naming the method, the hook and the
 * step; throw {@link io.deadwood.api.DeadwoodException} for a message meant for the user.
 */
public interface PruningSession extends TrainingListener {

    /** Cycles of training this method needs (1 for methods that prune while training once). */
    default int cycles() { return 1; }

    /** Before cycle {@code cycle} (from 0) trains. */
    default void onCycleStart(int cycle) {
    }

    /** After cycle {@code cycle} trained and was evaluated. */
    default void onCycleEnd(int cycle) {
    }

    /** Statistics the framework must gather for this method; nothing else is collected for it. */
    default Set<Statistic> statistics() { return Set.of(); }

    /** Method-specific figures for the result (for example AP's DNR per cycle); JSON-serialisable. */
    default Map<String, Object> summary() { return Map.of(); }

    /**
     * Whether {@link #saveState} and {@link #restoreState} are implemented. A session that says no
     * still trains with checkpoints on (the rest of the run is saved), but a resume refuses.
     */
    default boolean supportsCheckpoints() { return false; }

    /**
     * Everything the session would need to go on exactly as if never stopped: schedules' positions,
     * masks it keeps itself, rewind points, generator states, records for its summary. Called between
     * two steps or after an epoch's hooks; the model, optimiser and {@link Pruner} are saved apart.
     */
    default JsonNode saveState() {
        throw new CheckpointException(getClass().getName() + " cannot save its state for a checkpoint");
    }

    /**
     * Puts back what {@link #saveState} returned, on a session just opened on the freshly initialised
     * model (the model is restored right after opening); {@code onTrainingStart} follows.
     */
    default void restoreState(JsonNode state) {
        throw new CheckpointException(getClass().getName() + " cannot resume from a checkpoint");
    }
}
