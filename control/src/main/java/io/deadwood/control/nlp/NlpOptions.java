package io.deadwood.control.nlp;

/**
 * @param tolerance     convergence tolerance on optimality and feasibility
 * @param maxIterations iterations before the solver gives up (and says so)
 * @param maxSeconds    wall time before the solver gives up (and says so); infinite for no limit
 */
public record NlpOptions(double tolerance, int maxIterations, double maxSeconds) {
    public NlpOptions {
        if (!(tolerance > 0)) throw new IllegalArgumentException("tolerance must be positive, got " + tolerance);
        if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be at least 1, got " + maxIterations);
        if (!(maxSeconds > 0)) throw new IllegalArgumentException("maxSeconds must be positive, got " + maxSeconds);
    }

    public NlpOptions(double tolerance, int maxIterations) {
        this(tolerance, maxIterations, Double.POSITIVE_INFINITY);
    }

    public static NlpOptions defaults() { return new NlpOptions(1e-8, 3000); }
}
