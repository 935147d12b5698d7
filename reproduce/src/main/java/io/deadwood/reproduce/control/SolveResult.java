package io.deadwood.reproduce.control;

import io.deadwood.api.result.Provenance;
import io.deadwood.control.optim.Solution;

/**
 * What {@code control solve} writes to {@code result.json}: the problem, how it was solved, the
 * outcome (a solve that did not converge says so in {@code converged} and {@code status}), the
 * trajectory, and provenance.
 *
 * @param cost      the plan's cost through the true dynamics (RK4 at a fine step)
 * @param violation the largest bound or constraint violation the NLP solver left
 * @param solver    which NLP solver ran, and why that one
 */
public record SolveResult(String schema, String system, String optimizer, String integrator, int intervals,
                          String solver, boolean converged, String status, double cost, double violation,
                          int iterations, double solveSeconds, double[] times, double[][] states,
                          String controlHold, double[][] controls, double[][] guess,
                          Provenance.SoftwareInfo software, Provenance.MachineInfo machine, String startedAt) {

    public static final String SCHEMA = "deadwood.control-solve/1";

    static SolveResult of(String system, Solution s, String startedAt) {
        return new SolveResult(SCHEMA, system, s.optimizer(), s.integrator(), s.intervals(), s.nlp().solver(),
                s.converged(), s.status(), s.cost(), s.nlp().violation(), s.nlp().iterations(), s.nlp().seconds(),
                s.times(), s.states(), s.controls().hold().name().toLowerCase(java.util.Locale.ROOT), s.controls().points(),
                s.guess() == null ? null : s.guess().points(),
                io.deadwood.api.result.MachineProbe.software(), io.deadwood.api.result.MachineProbe.machine(), startedAt);
    }
}
