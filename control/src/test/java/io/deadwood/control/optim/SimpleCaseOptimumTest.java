package io.deadwood.control.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.control.Integrator;
import io.deadwood.control.nlp.NlpOptions;
import io.deadwood.control.nlp.SqpSolver;
import io.deadwood.control.systems.lenhart.SimpleCase;
import org.hipparchus.analysis.solvers.BrentSolver;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lenhart's simple case has no elementary closed form, but its optimum is the solution of a
 * two-point boundary-value problem that can be solved to near machine precision independently of
 * every optimiser here: minimising the integral of u^2 - x with x' = -x^2/2 + 4u, x(0) = 1, the
 * Hamiltonian u^2 - x + lambda (-x^2/2 + 4u) gives u = -2 lambda, lambda' = 1 + lambda x and
 * lambda(1) = 0. Shooting on lambda(0) with Brent's method, each shot integrated by Dormand-Prince
 * 8(5,3) at 1e-13, yields the optimal cost (the bracket is narrow because shots far from it blow up in finite
 * time: u = -2 lambda feeds x, which feeds lambda); every optimiser must reach it to 1e-4 relative.
 */
class SimpleCaseOptimumTest {
    private static double optimum;

    /** x, lambda and the running cost from lambda(0) = s to t = 1. */
    private static double[] shoot(double s) {
        OrdinaryDifferentialEquation pontryagin = new OrdinaryDifferentialEquation() {
            @Override public int getDimension() { return 3; }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                double x = y[0], lambda = y[1], u = -2 * lambda;
                return new double[] {-x * x / 2 + 4 * u, 1 + lambda * x, u * u - x};
            }
        };
        var integrator = new DormandPrince853Integrator(1e-12, 0.1, 1e-13, 1e-13);
        return integrator.integrate(pontryagin, new ODEState(0, new double[] {1, s, 0}), 1).getPrimaryState();
    }

    @BeforeAll
    static void solveTheBoundaryValueProblem() {
        double s = new BrentSolver(1e-14).solve(200, v -> shoot(v)[1], -0.7, -0.3);
        double[] end = shoot(s);
        assertEquals(0, end[1], 1e-11, "lambda(1)");
        optimum = end[2];
    }

    @ParameterizedTest
    @CsvSource({"single-shooting, 100", "multiple-shooting, 100", "trapezoidal, 50", "hermite-simpson, 20", "fbsm, 50"})
    void everyOptimizerReachesIt(String id, int intervals) {
        Solution s = TrajectoryOptimizer.of(id).solve(new SimpleCase(), Integrator.RK4, intervals, new SqpSolver(), NlpOptions.defaults());
        assertTrue(s.converged(), s.status());
        assertEquals(optimum, s.cost(), 1e-4 * Math.abs(optimum), id + ": " + s.cost() + " against " + optimum);
        assertTrue(s.cost() >= optimum - 1e-9 * Math.abs(optimum), "no plan beats the optimum: " + s.cost() + " < " + optimum);
    }
}
