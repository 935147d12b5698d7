package io.deadwood.testkit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deadwood.control.ControlProblem;
import io.deadwood.control.Integrator;
import io.deadwood.control.Rollout;
import io.deadwood.control.systems.LinearQuadratic;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The control-problem contract, run against every built-in system. */
class BuiltInControlProblems {

    @Nested
    class Lqr extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new LinearQuadratic(); }

        /** The closed form against the Riccati equation integrated backwards, and the optimal feedback's cost. */
        @Test
        void closedFormOptimumIsTheRiccatiSolution() {
            double a = 0.5, b = 1, q = 1, r = 0.5, s = 0.5, horizon = 2;
            OrdinaryDifferentialEquation riccati = new OrdinaryDifferentialEquation() {
                @Override public int getDimension() { return 1; }
                // in reversed time tau = T - t: dP/dtau = 2 a P - (b^2 / r) P^2 + q
                @Override public double[] computeDerivatives(double tau, double[] p) {
                    return new double[] {2 * a * p[0] - b * b / r * p[0] * p[0] + q};
                }
            };
            ODEState end = new DormandPrince853Integrator(1e-10, 1, 1e-13, 1e-13)
                    .integrate(riccati, new ODEState(0, new double[] {s}), horizon);
            assertEquals(end.getPrimaryState()[0], LinearQuadratic.optimalCost(), 1e-9);
        }

        @Test
        void aCrudeControlCostsMoreThanTheOptimum() {
            double[][] zero = new double[50][1];
            double cost = Rollout.simulate(new LinearQuadratic(), Integrator.RK4, zero, 4).cost();
            org.junit.jupiter.api.Assertions.assertTrue(cost > LinearQuadratic.optimalCost(), cost + " vs " + LinearQuadratic.optimalCost());
        }
    }
}
