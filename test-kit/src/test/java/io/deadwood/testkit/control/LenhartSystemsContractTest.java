package io.deadwood.testkit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.control.ControlProblem;
import io.deadwood.control.ControlProblems;
import io.deadwood.control.Integrator;
import io.deadwood.control.Rollout;
import io.deadwood.control.systems.lenhart.Bacteria;
import io.deadwood.control.systems.lenhart.BearPopulations;
import io.deadwood.control.systems.lenhart.Bioreactor;
import io.deadwood.control.systems.lenhart.CancerTreatment;
import io.deadwood.control.systems.lenhart.EpidemicSeirn;
import io.deadwood.control.systems.lenhart.Glucose;
import io.deadwood.control.systems.lenhart.Harvest;
import io.deadwood.control.systems.lenhart.HivTreatment;
import io.deadwood.control.systems.lenhart.InvasivePlant;
import io.deadwood.control.systems.lenhart.MouldFungicide;
import io.deadwood.control.systems.lenhart.PredatorPrey;
import io.deadwood.control.systems.lenhart.SimpleCase;
import io.deadwood.control.systems.lenhart.SimpleCaseWithBounds;
import io.deadwood.control.systems.lenhart.TimberHarvest;
import java.util.List;
import org.hipparchus.util.Binary64;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract on each of Lenhart and Workman's systems, plus one point per system where the
 * dynamics and running cost are recomputed here in plain doubles from the book's formulas with
 * Myriad's default parameters written out, so a transcription slip in the generic code shows.
 */
class LenhartSystemsContractTest {

    private static final List<String> IDS = List.of("simple-case", "mould-fungicide", "bacteria", "simple-case-with-bounds",
            "cancer-treatment", "harvest", "epidemic-seirn", "hiv-treatment", "bear-populations", "glucose", "timber-harvest",
            "bioreactor", "predator-prey", "invasive-plant");

    @Test
    void allFourteenAreDiscoveredAndMarkedAsLenhart() {
        ControlProblems found = ControlProblems.discover(getClass().getClassLoader());
        for (String id : IDS) assertTrue(found.get(id).lenhart(), id);
        assertTrue(found.get("lqr") != null);
    }

    /** Dynamics and running cost at the start, under the guess control, at time t. */
    static void assertAtStart(ControlProblem p, double t, double[] dynamics, double cost) {
        Binary64[] f = p.dynamics(Rollout.field(p.initialState()), Rollout.field(p.guessControl()), new Binary64(t));
        double[] got = Rollout.values(f);
        for (int i = 0; i < dynamics.length; i++) {
            assertEquals(dynamics[i], got[i], 1e-12 * Math.max(1, Math.abs(dynamics[i])), p.id() + " f" + i);
        }
        double c = p.cost(Rollout.field(p.initialState()), Rollout.field(p.guessControl()), new Binary64(t)).getReal();
        assertEquals(cost, c, 1e-12 * Math.max(1, Math.abs(cost)), p.id() + " cost");
    }

    @Nested
    class SimpleCaseContract extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new SimpleCase(); }

        @Test
        void matchesTheBookAtTheStart() {
            // x = 1, u = 0 (unbounded control): x' = -x^2/2 + 4u, cost = u^2 - x
            assertAtStart(problem(), 0.3, new double[] {-0.5}, -1);
        }
    }

    @Nested
    class MouldFungicideContract extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new MouldFungicide(); }

        @Test
        void matchesTheBookAtTheStart() {
            // x = 1, u = 2.5; gin's A = 1, not the class default 10
            assertAtStart(problem(), 1, new double[] {0.3 * (10 - 1) - 2.5 * 1}, 1 * 1 + 2.5 * 2.5);
        }
    }

    @Nested
    class BacteriaContract extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new Bacteria(); }

        @Test
        void matchesTheBookAtTheStart() {
            // x = 1, u = 1; gin's B = 1, not the class default 12
            assertAtStart(problem(), 0.5, new double[] {1 + 1 - Math.exp(-1)}, 1);
            Binary64 end = problem().terminalCost(Rollout.field(new double[] {7}), new Binary64(1));
            assertEquals(-7, end.getReal());
            assertEquals(10, problem().stateBounds().upper()[0]);
        }
    }

    @Nested
    class SimpleCaseWithBoundsContract extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new SimpleCaseWithBounds(); }

        @Test
        void matchesTheBookAtTheStart() {
            // x = 1, u = (-1 + 2) / 2
            assertAtStart(problem(), 0.5, new double[] {-0.5 + 4 * 0.5}, 0.25 - 1);
        }
    }

    @Nested
    class CancerTreatmentContract extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new CancerTreatment(); }

        @Test
        void matchesTheBookAtTheStart() {
            double x = 0.975, u = 1;
            assertAtStart(problem(), 3, new double[] {0.3 * x * Math.log(1 / x) - u * 0.45 * x}, 3 * x * x + u * u);
        }
    }

    @Nested
    class HarvestContract extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new Harvest(); }

        @Test
        void matchesTheBookAtTheStart() {
            double x = 0.4, u = 0.5, t = 1;
            assertAtStart(problem(), t, new double[] {-(0.2 + u) * x}, u * u - 5 * (10 * t / (t + 1)) * x * u);
        }
    }

    @Nested
    class EpidemicSeirnContract extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new EpidemicSeirn(); }

        @Test
        void matchesTheBookAtTheStart() {
            double s = 1000, e = 100, i = 50, n = 1000 + 100 + 50 + 15, u = 0.45;
            double b = 0.525, d = 0.5, c = 1e-4, rate = 0.5, g = 0.1, a = 0.2;
            assertAtStart(problem(), 2, new double[] {
                    b * n - d * s - c * s * i - u * s,
                    c * s * i - (rate + d) * e,
                    rate * e - (g + a + d) * i,
                    (b - d) * n - a * i}, 0.1 * i + u * u);
        }
    }

    @Nested
    class HivTreatmentContract extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new HivTreatment(); }

        @Test
        void matchesTheBookAtTheStart() {
            double t0 = 800, ti = 0.04, v = 1.5, u = 0.5, k = 0.000024;
            assertAtStart(problem(), 4, new double[] {
                    10 / (1 + v) - 0.02 * t0 + 0.03 * t0 * (1 - (t0 + ti) / 1500) - u * k * v * t0,
                    u * k * v * t0 - 0.5 * ti,
                    300 * 0.5 * ti - 4.4 * v}, -0.05 * t0 + (1 - u) * (1 - u));
        }
    }

    @Nested
    class BearPopulationsContract extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new BearPopulations(); }

        @Test
        void matchesTheBookAtTheStart() {
            double p = 0.4, f = 0.2, up = 0.1, uf = 0.1, r = 0.1, kk = 0.75, mp = 0.5, mf = 0.5;
            assertAtStart(problem(), 5, new double[] {
                    r * p - r / kk * p * p + r * mf / kk * (1 - p / kk) * f * f - up * p,
                    r * f - r / kk * f * f + r * mp / kk * (1 - f / kk) * p * p - uf * f,
                    r * (1 - mp) * p * p / kk + r * (1 - mf) * f * f / kk + r * mf / (kk * kk) * p * f * f + r * mp / (kk * kk) * p * p * f},
                    0 + 10000 * up * up + 10 * uf * uf);
        }
    }

    @Nested
    class GlucoseContract extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new Glucose(); }

        @Test
        void matchesTheBookAtTheStart() {
            double g = 0.75, insulin = 0, u = 0.005;
            assertAtStart(problem(), 0.1, new double[] {-g - insulin, -insulin + u}, 100_000 * (2 * (g - 0.5) * (g - 0.5) + u * u));
        }
    }

    @Nested
    class TimberHarvestContract extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new TimberHarvest(); }

        @Test
        void matchesTheBookAtTheStart() {
            // r = 0: no discounting
            assertAtStart(problem(), 2, new double[] {100 * 0.5}, -100 * (1 - 0.5));
        }
    }

    @Nested
    class BioreactorContract extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new Bioreactor(); }

        @Test
        void matchesTheBookAtTheStart() {
            double x = 0.5, u = 0.5;
            assertAtStart(problem(), 1, new double[] {u * x - x * x}, u - 2 * x);
        }
    }

    @Nested
    class PredatorPreyContract extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new PredatorPrey(); }

        @Test
        void matchesTheBookAtTheStart() {
            double pest = 10, predator = 1, u = 0.5;
            assertAtStart(problem(), 1, new double[] {(1 - predator) * pest - 0.1 * pest * u, (pest - 1) * predator - 0.1 * predator * u, u}, 0.5 * u * u);
            assertEquals(5, problem().terminalState()[2]);
            assertTrue(Double.isNaN(problem().terminalState()[0]) && Double.isNaN(problem().terminalState()[1]));
        }

        /** The guess control spends exactly the fixed pesticide budget B = 5 over T = 10. */
        @Test
        void guessControlMeetsTheEndCondition() {
            double[][] u = new double[20][];
            for (int k = 0; k < u.length; k++) u[k] = problem().guessControl();
            double[] end = Rollout.simulate(problem(), Integrator.RK4, u, 50).states()[20];
            assertEquals(5, end[2], 1e-12);
        }
    }

    @Nested
    class InvasivePlantContract extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new InvasivePlant(); }

        /** x[t+1] = (x + k x / (eps + x)) (1 - u), k = 1, eps = 0.01, per focus. */
        @Test
        void stepIsTheBooksRecurrence() {
            double[] x = {0.5, 1, 1.5, 2, 10}, u = {0, 0.25, 0.5, 0.75, 1};
            Binary64[] next = problem().dynamics(Rollout.field(x), Rollout.field(u), new Binary64(3));
            for (int j = 0; j < 5; j++) {
                double expected = (x[j] + x[j] / (0.01 + x[j])) * (1 - u[j]);
                assertEquals(expected, next[j].getReal(), 1e-15, "focus " + j);
            }
            assertEquals(0.0625 + 0.25 + 0.5625 + 1, problem().cost(Rollout.field(x), Rollout.field(u), new Binary64(3)).getReal(), 1e-15);
        }

        /** A rollout is the recurrence applied once a year, plus the final radii. */
        @Test
        void rolloutAppliesTheRecurrenceYearly() {
            assertTrue(problem().discreteTime());
            double[][] u = new double[10][];
            double[] x = problem().initialState();
            double expectedCost = 0;
            for (int k = 0; k < 10; k++) {
                u[k] = new double[] {0.1 * (k % 3), 0.2, 0.3, 0.4, 0.5};
                for (int j = 0; j < 5; j++) {
                    expectedCost += u[k][j] * u[k][j];
                    x[j] = (x[j] + x[j] / (0.01 + x[j])) * (1 - u[k][j]);
                }
            }
            for (double xj : x) expectedCost += xj;
            Rollout.Result r = Rollout.simulate(problem(), Integrator.RK4, u, 1);
            for (int j = 0; j < 5; j++) assertEquals(x[j], r.states()[10][j], 1e-12);
            assertEquals(expectedCost, r.cost(), 1e-12);
        }
    }
}
