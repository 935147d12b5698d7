package io.deadwood.control.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deadwood.control.Integrator;
import io.deadwood.control.Rollout;
import io.deadwood.control.systems.LinearQuadratic;
import org.junit.jupiter.api.Test;

class ControlPlanTest {

    @Test
    void eachHoldInterpolatesAsItSays() {
        // u(t) = t^2 - t on [0, 2], sampled at nodes and midpoints of 2 intervals: the quadratic hold reproduces it.
        double[][] q = new double[5][];
        for (int j = 0; j < 5; j++) q[j] = new double[] {f(j * 0.5)};
        ControlPlan quadratic = new ControlPlan(ControlPlan.Hold.QUADRATIC, 2, q);
        assertEquals(2, quadratic.intervals());
        for (double t : new double[] {0, 0.3, 0.77, 1}) assertEquals(f(t), quadratic.at(0, t)[0], 1e-14);
        for (double t : new double[] {1, 1.2, 1.9, 2}) assertEquals(f(t), quadratic.at(1, t)[0], 1e-14);
        ControlPlan linear = new ControlPlan(ControlPlan.Hold.LINEAR, 2, new double[][] {{0}, {4}, {2}});
        assertEquals(1, linear.at(0, 0.25)[0], 1e-15);
        assertEquals(3, linear.at(1, 1.5)[0], 1e-15);
        ControlPlan constant = new ControlPlan(ControlPlan.Hold.CONSTANT, 2, new double[][] {{5}, {6}});
        assertEquals(5, constant.at(0, 1.0)[0]);
        assertEquals(6, constant.at(1, 1.0)[0]);
    }

    @Test
    void scoringAHeldPlanAgreesWithARolloutOnTheSameFineGrid() {
        double[][] u = {{-1}, {-0.5}, {0.25}, {0}};
        Rollout.Result scored = Scoring.score(new LinearQuadratic(), new ControlPlan(ControlPlan.Hold.CONSTANT, 2, u));
        Rollout.Result rolled = Rollout.simulate(new LinearQuadratic(), Integrator.RK4, u, Scoring.FINE_STEPS / u.length);
        assertEquals(rolled.cost(), scored.cost(), 1e-12);
        for (int k = 0; k < rolled.states().length; k++) assertArrayEquals(rolled.states()[k], scored.states()[k], 1e-12);
    }

    private static double f(double t) { return t * t - t; }
}
