package io.deadwood.api.prune;

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
}
