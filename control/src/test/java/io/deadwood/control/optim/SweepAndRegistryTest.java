package io.deadwood.control.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.control.Integrator;
import io.deadwood.control.nlp.NlpOptions;
import io.deadwood.control.nlp.SqpSolver;
import io.deadwood.control.systems.LinearQuadratic;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepAndRegistryTest {

    @Test
    void theSweepSaysWhenItStopsUnsettled() {
        Solution s = TrajectoryOptimizer.of("fbsm").solve(LenhartVariant.lqr(), Integrator.RK4, 50, new SqpSolver(), new NlpOptions(1e-8, 3));
        assertFalse(s.converged());
        assertEquals(3, s.nlp().iterations());
        assertTrue(s.status().contains("iteration limit"), s.status());
        assertTrue(Double.isFinite(s.cost()));
    }

    @Test
    void theSweepSaysWhenItsStatesBreakBoundsItDoesNotSee() {
        var p = TestProblems.stateBoundedLqr();
        Solution sweep = TrajectoryOptimizer.of("fbsm").solve(p, Integrator.RK4, 40, new SqpSolver(), NlpOptions.defaults());
        assertTrue(sweep.nlp().violation() > 0.1, "violation " + sweep.nlp().violation());
        assertTrue(sweep.status().contains("state bounds"), sweep.status());
        Solution direct = TrajectoryOptimizer.of("trapezoidal").solve(p, Integrator.RK4, 40, new SqpSolver(), NlpOptions.defaults());
        assertTrue(direct.converged(), direct.status());
        for (double[] x : direct.states()) assertTrue(x[0] >= 0.6 - 1e-9, "x = " + x[0]);
        // Holding the bound costs more than the sweep's unconstrained optimum.
        assertTrue(direct.cost() > sweep.cost());
    }

    @Test
    void theSweepTakesOnlyLenhartSystems() {
        TrajectoryOptimizer sweep = TrajectoryOptimizer.of("fbsm");
        assertTrue(sweep.inapplicable(new LinearQuadratic()).isPresent());
        assertTrue(sweep.inapplicable(LenhartVariant.lqr()).isEmpty());
        assertThrows(IllegalArgumentException.class,
                () -> sweep.solve(new LinearQuadratic(), Integrator.RK4, 10, new SqpSolver(), NlpOptions.defaults()));
        assertTrue(sweep.inapplicable(new TestProblems.Pendulum()).isPresent());
    }

    @Test
    void optimizersAreFoundByIdAndBadInputIsRefused() {
        assertEquals(List.of("single-shooting", "multiple-shooting", "trapezoidal", "hermite-simpson", "fbsm"),
                TrajectoryOptimizer.all().stream().map(TrajectoryOptimizer::id).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrajectoryOptimizer.of("newton"));
        assertTrue(e.getMessage().contains("hermite-simpson"));
        for (TrajectoryOptimizer o : TrajectoryOptimizer.all()) {
            var p = o.id().equals("fbsm") ? LenhartVariant.lqr() : new LinearQuadratic();
            assertThrows(IllegalArgumentException.class, () -> o.solve(p, Integrator.RK4, 0, new SqpSolver(), NlpOptions.defaults()), o.id());
        }
    }

    @Test
    void aDirectSolveCutShortIsReportedNotConverged() {
        Solution s = TrajectoryOptimizer.of("hermite-simpson").solve(new LinearQuadratic(), Integrator.RK4, 10, new SqpSolver(), new NlpOptions(1e-8, 2));
        assertFalse(s.converged());
        assertTrue(s.status().contains("iteration limit"), s.status());
    }
}
