package io.deadwood.control.nlp.ipopt;

import io.deadwood.control.nlp.NlpOptions;
import io.deadwood.control.nlp.NlpSolver;

/**
 * Runs in a JVM of its own, so a test can read everything the process writes: solves HS 71, or with
 * the argument {@code availability} prints what the solver says of itself.
 */
final class QuietSolve {

    private QuietSolve() {}

    public static void main(String[] args) {
        IpoptSolver ipopt = new IpoptSolver();
        if (args.length > 0 && args[0].equals("availability")) {
            NlpSolver.Availability a = ipopt.availability();
            System.out.println(a.available() + " " + a.reason());
            return;
        }
        if (!ipopt.solve(TestProblems.hs71(), NlpOptions.defaults()).converged()) System.exit(1);
    }
}
