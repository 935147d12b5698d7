package io.deadwood.control.nlp.ipopt;

import io.deadwood.control.nlp.Nlp;
import io.deadwood.control.nlp.NlpOptions;
import io.deadwood.control.nlp.NlpSolution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class IpoptSolverTest {

    private static IpoptSolver ipopt;

    @BeforeAll
    static void needsIpopt() {
        ipopt = new IpoptSolver();
        assumeTrue(ipopt.availability().available(), ipopt.availability().reason());
    }

    @Test
    void solvesHockSchittkowski71() {
        NlpSolution s = ipopt.solve(TestProblems.hs71(), NlpOptions.defaults());
        assertTrue(s.converged(), s.status());
        assertEquals("Solve_Succeeded", s.status());
        assertEquals(17.0140173, s.objective(), 1e-6);
        assertArrayEquals(new double[] {1, 4.7429996, 3.8211500, 1.3794083}, s.z(), 1e-5);
        assertTrue(s.violation() < 1e-7, "violation " + s.violation());
        assertTrue(s.iterations() > 0 && s.iterations() < NlpOptions.defaults().maxIterations(), "iterations " + s.iterations());
        assertTrue(s.seconds() > 0);
        assertTrue(s.solver().startsWith("ipopt"), s.solver());
    }

    @Test
    void meetsNonlinearEqualityConstraints() {
        NlpSolution s = ipopt.solve(TestProblems.hs6(), NlpOptions.defaults());
        assertTrue(s.converged(), s.status());
        assertArrayEquals(new double[] {1, 1}, s.z(), 1e-5);
        assertEquals(0, s.objective(), 1e-9);
        assertTrue(s.violation() < 1e-7, "violation " + s.violation());
    }

    @Test
    void treatsInfiniteBoundsAsNone() {
        NlpSolution s = ipopt.solve(TestProblems.circle(), NlpOptions.defaults());
        assertTrue(s.converged(), s.status());
        assertArrayEquals(new double[] {-1, -1}, s.z(), 1e-6);
        assertEquals(-2, s.objective(), 1e-8);
    }

    @Test
    void iterationLimitIsReportedAsNotConverged() {
        NlpSolution s = ipopt.solve(TestProblems.hs71(), new NlpOptions(1e-8, 3));
        assertFalse(s.converged());
        assertEquals("Maximum_Iterations_Exceeded", s.status());
        assertEquals(3, s.iterations());
        assertTrue(Math.abs(s.objective() - 17.0140173) > 1e-6, "three iterations should not reach the optimum");
    }

    @Test
    void anEvaluationFailureReachesTheCallerAndLeavesIpoptUsable() {
        Nlp good = TestProblems.hs71();
        int[] calls = {0};
        Nlp failing = new TestProblems.DenseNlp(good.variableLower(), good.variableUpper(), good.constraintLower(),
                good.constraintUpper(), good.start(),
                z -> {
                    if (++calls[0] > 3) throw new ArithmeticException("objective broke");
                    return good.objective(z);
                },
                good::gradient, good::constraintValues, good::jacobianValues);
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> ipopt.solve(failing, NlpOptions.defaults()));
        assertEquals("objective broke", e.getMessage());
        assertTrue(ipopt.solve(good, NlpOptions.defaults()).converged());
    }

    @Test
    void aWrongLengthFromTheNlpIsAnError() {
        Nlp good = TestProblems.hs6();
        Nlp shortGradient = new TestProblems.DenseNlp(good.variableLower(), good.variableUpper(), good.constraintLower(),
                good.constraintUpper(), good.start(), good::objective, z -> new double[1], good::constraintValues,
                good::jacobianValues);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ipopt.solve(shortGradient, NlpOptions.defaults()));
        assertEquals("the gradient has 1 entries, expected 2", e.getMessage());
    }

    @Test
    void aNonFiniteObjectiveIsReportedByIpoptsStatus() {
        Nlp good = TestProblems.hs71();
        Nlp nan = new TestProblems.DenseNlp(good.variableLower(), good.variableUpper(), good.constraintLower(),
                good.constraintUpper(), good.start(), z -> Double.NaN, good::gradient, good::constraintValues,
                good::jacobianValues);
        NlpSolution s = ipopt.solve(nan, NlpOptions.defaults());
        assertFalse(s.converged());
        assertEquals("Invalid_Number_Detected", s.status());
    }
}
