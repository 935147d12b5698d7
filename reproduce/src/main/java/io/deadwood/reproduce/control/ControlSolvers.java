package io.deadwood.reproduce.control;

import io.deadwood.control.nlp.Nlp;
import io.deadwood.control.nlp.NlpOptions;
import io.deadwood.control.nlp.NlpSolution;
import io.deadwood.control.nlp.ExtragradientSolver;
import io.deadwood.control.nlp.NlpSolver;
import io.deadwood.control.nlp.SqpSolver;
import io.deadwood.control.nlp.TrustRegionSolver;
import io.deadwood.control.nlp.ipopt.IpoptSolver;
import io.deadwood.control.nlp.ipopt.NlpSolvers;
import io.deadwood.reproduce.cli.UserError;

import java.util.List;

/**
 * The NLP solver a command uses: IPOPT where it is installed, else the pure-Java SQP, or the one named
 * (the pure-Java {@code trust-region} and the first-order {@code extragradient} only when named: they
 * are never the default).
 */
final class ControlSolvers {
    private ControlSolvers() {
    }

    /** @param id null for the default choice */
    static NlpSolver choose(String id) {
        NlpSolvers all = new NlpSolvers(List.of(new IpoptSolver(), new SqpSolver(), new TrustRegionSolver(), new ExtragradientSolver()));
        NlpSolvers.Choice choice;
        try {
            choice = id == null ? all.choose() : all.choose(id);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserError("--solver: " + e.getMessage(), e);
        }
        // The solution then records which solver ran and why that one.
        return new NlpSolver() {
            @Override public String id() { return choice.solver().id(); }
            @Override public NlpSolution solve(Nlp nlp, NlpOptions options) { return choice.solve(nlp, options); }
        };
    }
}
