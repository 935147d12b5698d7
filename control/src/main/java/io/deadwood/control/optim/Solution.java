package io.deadwood.control.optim;

import io.deadwood.control.nlp.NlpSolution;

/**
 * What a trajectory optimiser found.
 *
 * @param optimizer  its id
 * @param integrator the integration rule the optimiser used (for collocation, the collocation rule itself)
 * @param intervals  N
 * @param times      the N+1 node times
 * @param states     the states at the nodes, as the optimiser sees them
 * @param controls   the controls, with how they are held between nodes
 * @param cost       the plan's cost re-evaluated through the true dynamics (RK4, fine step; see {@link Scoring})
 * @param nlp        the solver's result, status, iterations and time (for the sweep, its own)
 * @param guess      the controls the optimiser started from
 */
public record Solution(String optimizer, String integrator, int intervals, double[] times, double[][] states,
                       ControlPlan controls, double cost, NlpSolution nlp, ControlPlan guess) {

    public boolean converged() { return nlp.converged(); }

    public String status() { return nlp.status(); }
}
