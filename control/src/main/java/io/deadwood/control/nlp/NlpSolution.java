package io.deadwood.control.nlp;

/**
 * What a solver returned. A solve that stopped without converging is {@code converged == false}
 * with the solver's own status in {@code status}: never a silent number.
 *
 * @param z          the last iterate
 * @param objective  f(z)
 * @param violation  the largest bound or constraint violation at z
 * @param converged  whether the solver reports convergence to its tolerance
 * @param status     the solver's status, in its own words
 * @param iterations iterations taken
 * @param seconds    wall time of the solve
 * @param solver     which solver ran, and why that one
 */
public record NlpSolution(double[] z, double objective, double violation, boolean converged, String status,
                          int iterations, double seconds, String solver) {
}
