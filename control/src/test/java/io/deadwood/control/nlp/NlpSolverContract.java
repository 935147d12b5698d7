package io.deadwood.control.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * What every NLP solver that claims convergence must do, run against each (a subclass per solver):
 * reach the known optima of Hock-Schittkowski 71 and a convex QP, and report an iteration or time
 * limit as not converged in the shared wording. The small NLPs live here for the solvers' own tests.
 */
abstract class NlpSolverContract {

    /** A fresh solver under test. */
    abstract NlpSolver solver();

    /** A small NLP with a dense Jacobian, written out by hand. */
    abstract static class DenseNlp implements Nlp {
        private final int n, m;

        DenseNlp(int n, int m) {
            this.n = n;
            this.m = m;
        }

        @Override public int variables() { return n; }
        @Override public int constraints() { return m; }

        abstract double[][] jacobian(double[] z);

        @Override
        public SparsityPattern jacobianPattern() {
            int[] r = new int[n * m], c = new int[n * m];
            for (int k = 0; k < n * m; k++) {
                r[k] = k / n;
                c[k] = k % n;
            }
            return new SparsityPattern(m, n, r, c);
        }

        @Override
        public double[] jacobianValues(double[] z) {
            double[][] j = jacobian(z);
            double[] v = new double[n * m];
            for (int k = 0; k < v.length; k++) v[k] = j[k / n][k % n];
            return v;
        }
    }

    /** Hock and Schittkowski problem 71: optimum 17.0140173 at (1, 4.7429994, 3.8211503, 1.3794082). */
    static final class Hs71 extends DenseNlp {
        Hs71() { super(4, 2); }
        @Override public double[] variableLower() { return new double[] {1, 1, 1, 1}; }
        @Override public double[] variableUpper() { return new double[] {5, 5, 5, 5}; }
        @Override public double[] constraintLower() { return new double[] {25, 40}; }
        @Override public double[] constraintUpper() { return new double[] {Double.POSITIVE_INFINITY, 40}; }
        @Override public double[] start() { return new double[] {1, 5, 5, 1}; }
        @Override public double objective(double[] x) { return x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2]; }

        @Override
        public double[] gradient(double[] x) {
            return new double[] {x[3] * (2 * x[0] + x[1] + x[2]), x[0] * x[3], x[0] * x[3] + 1, x[0] * (x[0] + x[1] + x[2])};
        }

        @Override
        public double[] constraintValues(double[] x) {
            return new double[] {x[0] * x[1] * x[2] * x[3], x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3]};
        }

        @Override
        double[][] jacobian(double[] x) {
            return new double[][] {
                {x[1] * x[2] * x[3], x[0] * x[2] * x[3], x[0] * x[1] * x[3], x[0] * x[1] * x[2]},
                {2 * x[0], 2 * x[1], 2 * x[2], 2 * x[3]}};
        }
    }

    /** Nocedal and Wright, example 16.4: a convex QP with optimum 0.8 at (1.4, 1.7), two linear constraints inactive. */
    static final class ConvexQp extends DenseNlp {
        ConvexQp() { super(2, 3); }
        @Override public double[] variableLower() { return new double[] {0, 0}; }
        @Override public double[] variableUpper() { return new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}; }
        @Override public double[] constraintLower() { return new double[] {-2, -6, -2}; }
        @Override public double[] constraintUpper() { return new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}; }
        @Override public double[] start() { return new double[] {2, 0}; }
        @Override public double objective(double[] x) { return sq(x[0] - 1) + sq(x[1] - 2.5); }
        @Override public double[] gradient(double[] x) { return new double[] {2 * (x[0] - 1), 2 * (x[1] - 2.5)}; }
        @Override public double[] constraintValues(double[] x) { return new double[] {x[0] - 2 * x[1], -x[0] - 2 * x[1], -x[0] + 2 * x[1]}; }
        @Override double[][] jacobian(double[] x) { return new double[][] {{1, -2}, {-1, -2}, {-1, 2}}; }
        private static double sq(double v) { return v * v; }
    }

    @Test
    void solvesHockSchittkowski71() {
        NlpSolution s = solver().solve(new Hs71(), new NlpOptions(1e-8, 200));
        assertTrue(s.converged(), s.status());
        assertEquals(17.0140173, s.objective(), 1e-6);
        assertEquals(1.0, s.z()[0], 1e-6);
        assertEquals(4.7429994, s.z()[1], 1e-6);
        assertEquals(3.8211503, s.z()[2], 1e-6);
        assertEquals(1.3794082, s.z()[3], 1e-6);
        assertTrue(s.violation() < 1e-8);
        assertTrue(s.iterations() > 1);
        assertTrue(s.solver().startsWith(solver().id()), s.solver());
    }

    @Test
    void solvesAConstrainedQuadratic() {
        NlpSolution s = solver().solve(new ConvexQp(), new NlpOptions(1e-8, 200));
        assertTrue(s.converged(), s.status());
        assertEquals(0.8, s.objective(), 1e-8);
        assertEquals(1.4, s.z()[0], 1e-7);
        assertEquals(1.7, s.z()[1], 1e-7);
    }

    @Test
    void reportsAnIterationLimitAsNotConverged() {
        NlpSolution s = solver().solve(new Hs71(), new NlpOptions(1e-8, 2));
        assertFalse(s.converged());
        assertEquals(2, s.iterations());
        assertEquals("iteration limit (2) reached", s.status());
    }

    @Test
    void reportsATimeLimitAsNotConverged() {
        NlpSolution s = solver().solve(new Hs71(), new NlpOptions(1e-8, 200, 1e-9));
        assertFalse(s.converged());
        assertTrue(s.status().startsWith("time limit (1.0E-9 s) reached"), s.status());
    }
}
