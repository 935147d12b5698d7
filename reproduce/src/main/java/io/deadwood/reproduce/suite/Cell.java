package io.deadwood.reproduce.suite;

import io.deadwood.reproduce.cli.TrainConfig;

/**
 * One training run of a suite. {@code variant} is the method label plus its swept values
 * ({@code demp[lambdaMax=0.001]}); {@code matchOf} is the id of the cell whose neuron sparsity this
 * cell's method must reach, or null.
 */
public record Cell(String id, String label, String variant, String model, double width, long seed,
                   TrainConfig config, String matchOf) {
    /** The same cell on {@code threads} threads (0 keeps the suite's setting). */
    public Cell withThreads(int threads) {
        return threads <= 0 ? this : new Cell(id, label, variant, model, width, seed, config.withThreads(threads), matchOf);
    }
}
