package io.deadwood.control.nlp.ipopt;

import io.deadwood.control.nlp.NlpOptions;

/** Solves HS 71 in a JVM of its own, so a test can read everything the process writes. */
final class QuietSolve {

    private QuietSolve() {}

    public static void main(String[] args) {
        if (!new IpoptSolver().solve(TestProblems.hs71(), NlpOptions.defaults()).converged()) System.exit(1);
    }
}
