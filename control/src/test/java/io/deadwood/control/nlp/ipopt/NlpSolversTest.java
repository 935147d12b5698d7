package io.deadwood.control.nlp.ipopt;

import io.deadwood.control.nlp.Nlp;
import io.deadwood.control.nlp.NlpOptions;
import io.deadwood.control.nlp.NlpSolution;
import io.deadwood.control.nlp.NlpSolver;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NlpSolversTest {

    private static final String MISSING_REASON =
            "IPOPT is not installed (no libipopt-not-here.so.7 in the library paths); as root: apt-get install -y coinor-libipopt1v5";

    /** Stands in for the pure-Java solver: records the NLPs it is given and returns their start. */
    private static final class Recording implements NlpSolver {
        final List<Nlp> solved = new ArrayList<>();

        @Override public String id() { return "sqp"; }

        @Override
        public NlpSolution solve(Nlp nlp, NlpOptions options) {
            solved.add(nlp);
            double[] z = nlp.start();
            return new NlpSolution(z, nlp.objective(z), 0, false, "not run", 0, 0, "sqp");
        }
    }

    private static IpoptSolver missingIpopt() { return new IpoptSolver(List.of("libipopt-not-here.so.7")); }

    @Test
    void fallsBackWhenIpoptIsMissingAndSaysWhy() {
        Recording sqp = new Recording();
        NlpSolvers solvers = new NlpSolvers(List.of(missingIpopt(), sqp));
        NlpSolvers.Choice choice = solvers.choose();
        assertSame(sqp, choice.solver());
        assertEquals("because ipopt is unavailable: " + MISSING_REASON, choice.reason());

        Nlp nlp = TestProblems.hs6();
        NlpSolution s = solvers.solve(nlp, NlpOptions.defaults());
        assertEquals(List.of(nlp), sqp.solved);
        assertEquals("sqp, because ipopt is unavailable: " + MISSING_REASON, s.solver());
        assertEquals("not run", s.status());
    }

    @Test
    void prefersIpoptWhereItIsInstalled() {
        IpoptSolver ipopt = new IpoptSolver();
        assumeTrue(ipopt.availability().available(), ipopt.availability().reason());
        Recording sqp = new Recording();
        NlpSolution s = NlpSolvers.ipoptElse(sqp).solve(TestProblems.hs71(), NlpOptions.defaults());
        assertTrue(sqp.solved.isEmpty());
        assertTrue(s.converged(), s.status());
        assertTrue(s.solver().startsWith("ipopt, the first choice (IPOPT found as libipopt.so"), s.solver());
    }

    @Test
    void anExplicitChoiceIsHonouredOrRefusedWithTheReason() {
        Recording sqp = new Recording();
        NlpSolvers solvers = new NlpSolvers(List.of(missingIpopt(), sqp));
        assertEquals("sqp, as asked", solvers.choose("sqp").solve(TestProblems.hs6(), NlpOptions.defaults()).solver());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> solvers.choose("ipopt"));
        assertEquals("NLP solver ipopt cannot run here: " + MISSING_REASON, missing.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> solvers.choose("newton"));
        assertEquals("unknown NLP solver 'newton'; known: ipopt, sqp", unknown.getMessage());
    }

    @Test
    void refusesWhenNothingCanRun() {
        NlpSolvers solvers = new NlpSolvers(List.of(missingIpopt()));
        IllegalStateException e = assertThrows(IllegalStateException.class, solvers::choose);
        assertEquals("no NLP solver can run here: ipopt is unavailable: " + MISSING_REASON, e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NlpSolvers(List.of(missingIpopt(), missingIpopt())));
        assertThrows(IllegalArgumentException.class, () -> new NlpSolvers(List.of()));
    }
}
