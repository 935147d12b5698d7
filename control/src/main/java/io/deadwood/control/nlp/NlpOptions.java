package io.deadwood.control.nlp;

/**
 * @param tolerance     convergence tolerance on optimality and feasibility
 * @param maxIterations iterations before the solver gives up (and says so)
 */
public record NlpOptions(double tolerance, int maxIterations) {
    public static NlpOptions defaults() { return new NlpOptions(1e-8, 3000); }
}
