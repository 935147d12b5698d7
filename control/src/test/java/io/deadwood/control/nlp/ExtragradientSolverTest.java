package io.deadwood.control.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExtragradientSolverTest {

    /** min (x-3)^2 + (y-1)^2 + xy/2 over 0 <= x <= 2, 0 <= y <= 5: x rests on its upper bound, y = 1 - x/4 = 0.5. */
    static final class BoxedQuadratic extends NlpSolverContract.DenseNlp {
        BoxedQuadratic() { super(2, 0); }
        @Override public double[] variableLower() { return new double[] {0, 0}; }
        @Override public double[] variableUpper() { return new double[] {2, 5}; }
        @Override public double[] constraintLower() { return new double[0]; }
        @Override public double[] constraintUpper() { return new double[0]; }
        @Override public double[] start() { return new double[] {0, 4}; }
        @Override public double objective(double[] v) { return sq(v[0] - 3) + sq(v[1] - 1) + v[0] * v[1] / 2; }
        @Override public double[] gradient(double[] v) { return new double[] {2 * (v[0] - 3) + v[1] / 2, 2 * (v[1] - 1) + v[0] / 2}; }
        @Override public double[] constraintValues(double[] v) { return new double[0]; }
        @Override double[][] jacobian(double[] v) { return new double[0][2]; }
    }

    /** min x^2 + y^2 subject to x + y = 1, free variables: (0.5, 0.5), multiplier -1. */
    static final class EqualityQuadratic extends NlpSolverContract.DenseNlp {
        EqualityQuadratic() { super(2, 1); }
        @Override public double[] variableLower() { return new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}; }
        @Override public double[] variableUpper() { return new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}; }
        @Override public double[] constraintLower() { return new double[] {1}; }
        @Override public double[] constraintUpper() { return new double[] {1}; }
        @Override public double[] start() { return new double[] {2, -3}; }
        @Override public double objective(double[] v) { return sq(v[0]) + sq(v[1]); }
        @Override public double[] gradient(double[] v) { return new double[] {2 * v[0], 2 * v[1]}; }
        @Override public double[] constraintValues(double[] v) { return new double[] {v[0] + v[1]}; }
        @Override double[][] jacobian(double[] v) { return new double[][] {{1, 1}}; }
    }

    private static double sq(double v) { return v * v; }

    @Test
    void solvesABoundConstrainedQuadratic() {
        NlpSolution s = new ExtragradientSolver().solve(new BoxedQuadratic(), new NlpOptions(1e-8, 100_000));
        assertTrue(s.converged(), s.status());
        assertEquals(2.0, s.z()[0], 1e-4);
        assertEquals(0.5, s.z()[1], 1e-4);
        assertEquals(0.0, s.violation());
        assertTrue(s.solver().startsWith("extragradient"));
    }

    @Test
    void solvesAnEqualityConstrainedQuadratic() {
        NlpSolution s = new ExtragradientSolver().solve(new EqualityQuadratic(), new NlpOptions(1e-8, 200_000));
        assertTrue(s.converged(), s.status());
        assertEquals(0.5, s.z()[0], 1e-3);
        assertEquals(0.5, s.z()[1], 1e-3);
        assertTrue(s.violation() <= 1e-8, "violation " + s.violation());
        // The multipliers move at rate 1e-3: this takes thousands of iterations, not a handful.
        assertTrue(s.iterations() > 1000, "iterations " + s.iterations());
    }

    @Test
    void handlesInequalitiesThroughSlacks() {
        // Nocedal and Wright 16.4: optimum (1.4, 1.7) with the first constraint active.
        NlpSolution s = new ExtragradientSolver().solve(new NlpSolverContract.ConvexQp(), new NlpOptions(1e-8, 500_000));
        assertTrue(s.converged(), s.status());
        assertEquals(1.4, s.z()[0], 1e-3);
        assertEquals(1.7, s.z()[1], 1e-3);
        assertEquals(0.8, s.objective(), 1e-3);
    }

    @Test
    void reportsAnIterationLimitAsNotConverged() {
        NlpSolution s = new ExtragradientSolver().solve(new EqualityQuadratic(), new NlpOptions(1e-8, 100));
        assertFalse(s.converged());
        assertEquals(100, s.iterations());
        assertTrue(s.status().startsWith("iteration limit (100)"), s.status());
        assertTrue(s.violation() > 1e-3, "a hundred steps cannot satisfy x + y = 1 yet: " + s.violation());
    }

    @Test
    void aTimeLimitStopsTheSolveAndSaysSo() {
        NlpSolution s = new ExtragradientSolver().solve(new EqualityQuadratic(), new NlpOptions(1e-8, 200_000, 1e-9));
        assertFalse(s.converged());
        assertTrue(s.status().startsWith("time limit"), s.status());
    }

    @Test
    void sameStartSameAnswer() {
        NlpOptions o = new NlpOptions(1e-8, 200_000);
        NlpSolution a = new ExtragradientSolver().solve(new EqualityQuadratic(), o);
        NlpSolution b = new ExtragradientSolver().solve(new EqualityQuadratic(), o);
        assertEquals(a.iterations(), b.iterations());
        assertEquals(a.z()[0], b.z()[0], 0.0);
        assertEquals(a.z()[1], b.z()[1], 0.0);
    }
}
