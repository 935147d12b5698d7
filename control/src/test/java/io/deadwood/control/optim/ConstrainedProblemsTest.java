package io.deadwood.control.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.control.ControlProblem;
import io.deadwood.control.Integrator;
import io.deadwood.control.Rollout;
import io.deadwood.control.nlp.NlpOptions;
import io.deadwood.control.nlp.SqpSolver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bounds, a fixed end state and discrete time, where the optimisers must agree with each other or with a recursion. */
class ConstrainedProblemsTest {
    private static final List<String> DIRECT = List.of("single-shooting", "multiple-shooting", "trapezoidal", "hermite-simpson");

    @Test
    void everyDirectMethodReachesTheFixedEndWithinTheBounds() {
        ControlProblem p = new TestProblems.Pendulum();
        List<Double> costs = new ArrayList<>();
        for (String id : DIRECT) {
            Solution s = TrajectoryOptimizer.of(id).solve(p, Integrator.RK4, 40, new SqpSolver(), NlpOptions.defaults());
            assertTrue(s.converged(), id + ": " + s.status());
            // The plan itself, run through the true dynamics, ends where the problem says (to the discretisation).
            Rollout.Result true_ = Scoring.score(p, s.controls());
            assertEquals(1, true_.states()[40][0], 1e-3, id);
            assertEquals(1, s.states()[40][0], 1e-9, id);
            for (double[] x : s.states()) assertTrue(Math.abs(x[1]) <= 1.2 + 1e-9, id + " breaks the velocity bound: " + x[1]);
            for (double[] u : s.controls().points()) assertTrue(Math.abs(u[0]) <= 3 + 1e-12, id);
            costs.add(s.cost());
        }
        double lo = costs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double hi = costs.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertTrue(hi - lo <= 1e-3 * lo, "costs " + costs);
    }

    @Test
    void directMethodsAndTheSweepAgreeWhereTheControlBoundBinds() {
        ControlProblem p = TestProblems.boundedLqr();
        List<Double> costs = new ArrayList<>();
        for (TrajectoryOptimizer o : TrajectoryOptimizer.all()) {
            Solution s = o.solve(p, Integrator.RK4, 40, new SqpSolver(), NlpOptions.defaults());
            assertTrue(s.converged(), o.id() + ": " + s.status());
            double[][] u = s.controls().points();
            assertEquals(-0.7, u[0][0], 1e-8, o.id() + " starts on the bound");
            for (double[] v : u) assertTrue(Math.abs(v[0]) <= 0.7 + 1e-12, o.id());
            costs.add(s.cost());
        }
        double lo = costs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double hi = costs.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertTrue(hi - lo <= 1e-4 * lo, "costs " + costs);
        // Without the bound the optimum is lower: the bound is active.
        assertTrue(lo > io.deadwood.control.systems.LinearQuadratic.optimalCost() + 0.01);
    }

    @Test
    void discreteTimeMatchesTheRiccatiRecursion() {
        ControlProblem p = new TestProblems.DiscreteLqr();
        double best = TestProblems.DiscreteLqr.optimalCost();
        for (String id : List.of("single-shooting", "multiple-shooting", "fbsm")) {
            Solution s = TrajectoryOptimizer.of(id).solve(p, Integrator.RK4, TestProblems.DiscreteLqr.STEPS, new SqpSolver(), NlpOptions.defaults());
            assertTrue(s.converged(), id + ": " + s.status());
            assertEquals(best, s.cost(), 1e-8 * best, id);
        }
        for (String id : List.of("trapezoidal", "hermite-simpson")) {
            TrajectoryOptimizer o = TrajectoryOptimizer.of(id);
            assertTrue(o.inapplicable(p).orElseThrow().contains("discrete-time"));
            assertThrows(IllegalArgumentException.class, () -> o.solve(p, Integrator.RK4, 12, new SqpSolver(), NlpOptions.defaults()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrajectoryOptimizer.of("multiple-shooting").solve(p, Integrator.RK4, 5, new SqpSolver(), NlpOptions.defaults()));
        assertTrue(e.getMessage().contains("12 steps"), e.getMessage());
    }
}
