package io.deadwood.api.prune;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.model.Model;
import io.deadwood.api.checkpoint.SavableRandom;

/**
 * What a session may use: the model, the {@link Pruner} that applies its decisions, unit
 * statistics on a probe slice of the training set, the backend, the run's shape and its seed.
 *
 * @param epochsPerCycle  epochs each training cycle runs
 * @param stepsPerEpoch   optimiser steps per epoch
 */
public record PruningContext(Model model, Pruner pruner, UnitStatistics statistics, ComputeBackend backend,
                             int epochsPerCycle, int stepsPerEpoch, long seed) {

    /** Steps in one training cycle. */
    public long stepsPerCycle() {
        return (long) epochsPerCycle * stepsPerEpoch;
    }

    /**
     * A generator for one purpose of the method, fixed by the run's seed and the purpose's name. It
     * draws what {@link java.util.SplittableRandom} draws from the same seed, and its state can be saved.
     */
    public SavableRandom random(String purpose) {
        return new SavableRandom(seed * 0x9E3779B97F4A7C15L ^ purpose.hashCode());
    }
}
