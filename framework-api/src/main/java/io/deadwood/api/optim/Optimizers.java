package io.deadwood.api.optim;

/** Builds the optimiser a config names. */
public final class Optimizers {
    private Optimizers() {
    }

    public static Optimizer create(OptimizerConfig config) {
        return switch (config.name()) {
            case OptimizerConfig.SGD -> new Sgd(config);
            case OptimizerConfig.ADAMW -> new AdamW(config);
            default -> throw new IllegalArgumentException("optimizer.name must be one of sgd, adamw, got " + config.name());
        };
    }
}
