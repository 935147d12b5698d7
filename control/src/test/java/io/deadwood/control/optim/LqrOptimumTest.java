package io.deadwood.control.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.control.ControlProblem;
import io.deadwood.control.Integrator;
import io.deadwood.control.nlp.NlpOptions;
import io.deadwood.control.nlp.SqpSolver;
import io.deadwood.control.systems.LinearQuadratic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every optimiser reaches the LQR's closed-form optimum to 1e-4 relative. The grids are the
 * coarsest round ones that get there: the shooting methods hold the control constant on each
 * interval, an O(h^2) error in the cost (2e-4 at N = 50, 5e-5 at N = 100); trapezoidal collocation
 * is O(h^2) too but smaller (2e-5 at N = 50); Hermite-Simpson is O(h^4) (7e-6 at N = 10); the sweep
 * with RK4 and a linear control is 2e-8 at N = 50.
 */
class LqrOptimumTest {

    @ParameterizedTest
    @CsvSource({"single-shooting, 100", "multiple-shooting, 100", "trapezoidal, 50", "hermite-simpson, 20", "fbsm, 50"})
    void reachesTheClosedFormOptimum(String id, int intervals) {
        ControlProblem p = id.equals("fbsm") ? LenhartVariant.lqr() : new LinearQuadratic();
        Solution s = TrajectoryOptimizer.of(id).solve(p, Integrator.RK4, intervals, new SqpSolver(), NlpOptions.defaults());
        double best = LinearQuadratic.optimalCost();
        assertTrue(s.converged(), s.status());
        assertEquals(best, s.cost(), 1e-4 * best, id + ": " + s.cost() + " against " + best);
        assertTrue(s.cost() >= best * (1 - 1e-9), "no plan beats the optimum: " + s.cost());
        assertEquals(id, s.optimizer());
        assertEquals(intervals, s.intervals());
        assertEquals(intervals + 1, s.times().length);
        assertEquals(p.horizon(), s.times()[intervals], 1e-12);
        assertArrayEquals(p.initialState(), s.states()[0], 1e-12);
        assertEquals(intervals, s.controls().intervals());
        assertEquals(intervals, s.guess().intervals());
        assertTrue(s.nlp().iterations() > 1);
        assertTrue(s.nlp().violation() < 1e-8);
        // The guess (u = 0) is far from optimal, so the optimiser did the work.
        assertTrue(Scoring.score(p, s.guess()).cost() > 2 * best);
    }
}
