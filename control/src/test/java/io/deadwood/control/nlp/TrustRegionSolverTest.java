package io.deadwood.control.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.control.Integrator;
import io.deadwood.control.optim.Solution;
import io.deadwood.control.optim.TrajectoryOptimizer;
import io.deadwood.control.systems.LinearQuadratic;
import org.junit.jupiter.api.Test;

class TrustRegionSolverTest extends NlpSolverContract {

    @Override NlpSolver solver() { return new TrustRegionSolver(); }

    /** min (x - 2)^2 + (y - 1)^2 on the unit circle, from the origin where the circle's gradient vanishes. */
    static final class CircleFromCentre extends DenseNlp {
        CircleFromCentre() { super(2, 1); }
        @Override public double[] variableLower() { return new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}; }
        @Override public double[] variableUpper() { return new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}; }
        @Override public double[] constraintLower() { return new double[] {0}; }
        @Override public double[] constraintUpper() { return new double[] {0}; }
        @Override public double[] start() { return new double[] {0, 0}; }
        @Override public double objective(double[] z) { return (z[0] - 2) * (z[0] - 2) + (z[1] - 1) * (z[1] - 1); }
        @Override public double[] gradient(double[] z) { return new double[] {2 * (z[0] - 2), 2 * (z[1] - 1)}; }
        @Override public double[] constraintValues(double[] z) { return new double[] {z[0] * z[0] + z[1] * z[1] - 1}; }
        @Override double[][] jacobian(double[] z) { return new double[][] {{2 * z[0], 2 * z[1]}}; }
    }

    /** Rosenbrock's function with x <= 0.5 and no constraint rows: optimum 0.25 at (0.5, 0.25), on the bound. */
    static final class BoundedRosenbrock extends DenseNlp {
        BoundedRosenbrock() { super(2, 0); }
        @Override public double[] variableLower() { return new double[] {-2, Double.NEGATIVE_INFINITY}; }
        @Override public double[] variableUpper() { return new double[] {0.5, Double.POSITIVE_INFINITY}; }
        @Override public double[] constraintLower() { return new double[0]; }
        @Override public double[] constraintUpper() { return new double[0]; }
        @Override public double[] start() { return new double[] {-1.2, 1}; }
        @Override public double objective(double[] z) { return (1 - z[0]) * (1 - z[0]) + 100 * (z[1] - z[0] * z[0]) * (z[1] - z[0] * z[0]); }
        @Override public double[] gradient(double[] z) {
            double r = z[1] - z[0] * z[0];
            return new double[] {-2 * (1 - z[0]) - 400 * z[0] * r, 200 * r};
        }
        @Override public double[] constraintValues(double[] z) { return new double[0]; }
        @Override double[][] jacobian(double[] z) { return new double[0][]; }
    }

    /** min (x - 1)^2 subject to x^2 + 1 = 0, which no x meets. */
    static final class Infeasible extends DenseNlp {
        Infeasible() { super(1, 1); }
        @Override public double[] variableLower() { return new double[] {Double.NEGATIVE_INFINITY}; }
        @Override public double[] variableUpper() { return new double[] {Double.POSITIVE_INFINITY}; }
        @Override public double[] constraintLower() { return new double[] {0}; }
        @Override public double[] constraintUpper() { return new double[] {0}; }
        @Override public double[] start() { return new double[] {2}; }
        @Override public double objective(double[] z) { return (z[0] - 1) * (z[0] - 1); }
        @Override public double[] gradient(double[] z) { return new double[] {2 * (z[0] - 1)}; }
        @Override public double[] constraintValues(double[] z) { return new double[] {z[0] * z[0] + 1}; }
        @Override double[][] jacobian(double[] z) { return new double[][] {{2 * z[0]}}; }
    }

    @Test
    void getsPastALinearisationWithNoSolution() {
        double root5 = Math.sqrt(5);
        NlpOptions options = new NlpOptions(1e-8, 200);
        NlpSolution s = new TrustRegionSolver().solve(new CircleFromCentre(), options);
        assertTrue(s.converged(), s.status());
        assertEquals((root5 - 1) * (root5 - 1), s.objective(), 1e-6);
        assertEquals(2 / root5, s.z()[0], 1e-6);
        assertEquals(1 / root5, s.z()[1], 1e-6);
        // The line-search SQP's subproblem has no solution at the start.
        NlpSolution sqp = new SqpSolver().solve(new CircleFromCentre(), options);
        assertFalse(sqp.converged());
        assertTrue(sqp.status().startsWith("failed"), sqp.status());
    }

    @Test
    void solvesABoundConstrainedProblemWithoutConstraints() {
        NlpSolution s = new TrustRegionSolver().solve(new BoundedRosenbrock(), new NlpOptions(1e-8, 500));
        assertTrue(s.converged(), s.status());
        assertEquals(0.25, s.objective(), 1e-6);
        assertEquals(0.5, s.z()[0], 1e-6);
        assertEquals(0.25, s.z()[1], 1e-6);
    }

    @Test
    void saysSoWhenTheConstraintsCannotBeMet() {
        NlpSolution s = new TrustRegionSolver().solve(new Infeasible(), new NlpOptions(1e-8, 1000));
        assertFalse(s.converged());
        assertTrue(s.status().startsWith("failed: trust region shrank below"), s.status());
        assertEquals(1.0, s.violation(), 1e-6);
    }

    @Test
    void reachesTheLqrOptimumByTrapezoidalCollocation() {
        Solution s = TrajectoryOptimizer.of("trapezoidal").solve(new LinearQuadratic(), Integrator.RK4, 50,
                new TrustRegionSolver(), NlpOptions.defaults());
        double best = LinearQuadratic.optimalCost();
        assertTrue(s.converged(), s.status());
        assertEquals(best, s.cost(), 1e-4 * best, s.cost() + " against " + best);
        assertTrue(s.nlp().violation() < 1e-8);
    }
}
