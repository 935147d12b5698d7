package io.deadwood.testkit.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.control.Rollout;
import io.deadwood.control.ControlProblem;
import io.deadwood.control.ControlProblems;
import io.deadwood.control.systems.classic.CartPole;
import io.deadwood.control.systems.classic.CartPoleKelly;
import io.deadwood.control.systems.classic.MountainCar;
import io.deadwood.control.systems.classic.Pendulum;
import io.deadwood.control.systems.classic.PendulumGym;
import io.deadwood.control.systems.classic.RocketLanding;
import io.deadwood.control.systems.classic.SeirCovid;
import io.deadwood.control.systems.classic.TumourAngiogenesis;
import io.deadwood.control.systems.classic.TumourAngiogenesisBetts;
import io.deadwood.control.systems.classic.VanDerPol;
import java.util.Arrays;
import org.hipparchus.util.Binary64;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The control-problem contract on the seven non-Lenhart systems of Myriad and their variants, and
 * each system's equations checked against values worked out here from the published parameters.
 */
class ClassicSystemsContractTest {

    static double[] f(ControlProblem p, double[] x, double[] u) {
        return Rollout.values(p.dynamics(Rollout.field(x), Rollout.field(u), new Binary64(0)));
    }

    static double cost(ControlProblem p, double[] x, double[] u) {
        return p.cost(Rollout.field(x), Rollout.field(u), new Binary64(0)).getReal();
    }

    @Test
    void allAreRegisteredWithTheirTerminalConditions() {
        ControlProblems found = ControlProblems.discover(getClass().getClassLoader());
        for (String id : new String[] {"cart-pole", "cart-pole-kelly", "mountain-car", "pendulum", "pendulum-gym", "van-der-pol", "rocket-landing"}) {
            double[] end = found.get(id).terminalState();
            assertNotNull(end, id + " has a fixed end state");
            assertTrue(Arrays.stream(end).noneMatch(Double::isNaN), id + " fixes every end component");
        }
        for (String id : new String[] {"seir-covid", "tumour-angiogenesis", "tumour-angiogenesis-betts"}) {
            assertNull(found.get(id).terminalState(), id + " has a free end state");
        }
    }

    @Nested
    class CartPoleSystem extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new CartPole(); }

        /** It starts at rest at 0, where the contract's relative spread would leave the speed-squared terms untested: look half a unit around. */
        @Override protected double spread() { return 500; }

        /** Kelly's equations 6.1-6.2 with m1 = 1, m2 = 0.3, l = 0.5, g = 9.81, the code's cos-only term. */
        @Test
        void matchesKellysEquationsWithTheCodesThetaDotTerm() {
            double th = 1.1, w = 2, u = 3, s = Math.sin(th), c = Math.cos(th);
            double ddx = (0.5 * 0.3 * s * w * w + u + 0.3 * 9.81 * c * s) / (1 + 0.3 * (1 - c * c));
            double ddth = -(0.5 * 0.3 * c * w * w + u * c + 1.3 * 9.81 * s) / (0.5 * 1 + 0.5 * 0.3 * (1 - c * c));
            assertArrayEquals(new double[] {0.5, w, ddx, ddth}, f(problem(), new double[] {0.3, th, 0.5, w}, new double[] {u}), 1e-12);
            assertEquals(u * u, cost(problem(), new double[] {0.3, th, 0.5, w}, new double[] {u}), 0);
            assertArrayEquals(new double[] {1, Math.PI, 0, 0}, problem().terminalState());
        }
    }

    @Nested
    class CartPoleKellySystem extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new CartPoleKelly(); }

        /** It starts at rest at 0, where the contract's relative spread would leave the speed-squared terms untested: look half a unit around. */
        @Override protected double spread() { return 500; }

        @Test
        void differsFromTheCodeOnlyInTheThetaDotSquaredTerm() {
            double th = 1.1, w = 2, s = Math.sin(th), c = Math.cos(th);
            double[] x = {0.3, th, 0.5, w}, u = {3};
            double[] kelly = f(problem(), x, u), code = f(new CartPole(), x, u);
            assertEquals(code[2], kelly[2], 0);
            double expected = -0.5 * 0.3 * w * w * (c * s - c) / (0.5 + 0.5 * 0.3 * s * s);
            assertEquals(expected, kelly[3] - code[3], 1e-12);
            // at rest the two agree, so the difference is only ever driven by the pole's spin
            double[] still = {0.3, th, 0.5, 0};
            assertArrayEquals(f(new CartPole(), still, u), f(problem(), still, u), 0);
        }
    }

    @Nested
    class MountainCarSystem extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new MountainCar(); }

        @Test
        void forceIsClippedAndFullThrottleHoldsTheCarAtTheTopBound() {
            double[] x = {0.2, 0.01};
            assertArrayEquals(f(problem(), x, new double[] {1}), f(problem(), x, new double[] {3}), 0);
            assertArrayEquals(new double[] {0.01, -0.0015 * 0.5 - 0.0025 * 0.2}, f(problem(), x, new double[] {-0.5}), 1e-15);
            // the hill x^2 / 2 against power 0.0015: u = 1 balances gravity at x = 0.0015 / 0.0025 = 0.6
            assertEquals(0, f(problem(), new double[] {0.6, 0}, new double[] {1})[1], 1e-15);
            assertEquals(10 * 0.25, cost(problem(), x, new double[] {0.5}), 1e-15);
        }
    }

    @Nested
    class PendulumSystem extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new Pendulum(); }

        /** It starts at rest at 0, where the contract's relative spread would leave the speed-squared terms untested: look half a unit around. */
        @Override protected double spread() { return 500; }

        @Test
        void isMyriadsScaledDynamicsWithWrappedAngleAndClippedSpeed() {
            // -3 g / (2 l) sin(pi / 2) = -15, scaled by 0.05
            assertEquals(-0.75, f(problem(), new double[] {Math.PI / 2, 0}, new double[] {0})[1], 1e-12);
            assertEquals(0.05 * 3 * 2, f(problem(), new double[] {0, 0}, new double[] {5})[1], 1e-12);
            assertEquals(8, f(problem(), new double[] {0, 10}, new double[] {0})[0], 0);
            assertArrayEquals(f(problem(), new double[] {0.7, 1}, new double[] {1}), f(problem(), new double[] {0.7 + 2 * Math.PI, 1}, new double[] {1}), 1e-12);
            assertEquals(cost(problem(), new double[] {0.7, 1}, new double[] {1}), cost(problem(), new double[] {0.7 - 2 * Math.PI, 1}, new double[] {1}), 1e-12);
            assertEquals(0.49 + 0.1 + 0.001, cost(problem(), new double[] {0.7, 1}, new double[] {1}), 1e-12);
            assertArrayEquals(new double[] {0, 0}, problem().initialState());
            assertArrayEquals(new double[] {Math.PI, 0}, problem().terminalState());
        }
    }

    @Nested
    class PendulumGymSystem extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new PendulumGym(); }

        @Test
        void isGymsUnscaledDynamicsFromHangingToUpright() {
            assertEquals(15, f(problem(), new double[] {Math.PI / 2, 0}, new double[] {0})[1], 1e-12);
            assertEquals(6, f(problem(), new double[] {0, 0}, new double[] {2})[1], 1e-12);
            assertArrayEquals(new double[] {Math.PI, 0}, problem().initialState());
            assertArrayEquals(new double[] {0, 0}, problem().terminalState());
            assertEquals(0, cost(problem(), problem().terminalState(), new double[] {0}), 0);
        }
    }

    @Nested
    class VanDerPolSystem extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new VanDerPol(); }

        @Test
        void matchesTheForcedOscillator() {
            assertArrayEquals(new double[] {(1 - 4) * 0.5 - 2 + 0.3, 0.5}, f(problem(), new double[] {0.5, 2}, new double[] {0.3}), 1e-15);
            assertEquals(0.25 + 4 + 0.09, cost(problem(), new double[] {0.5, 2}, new double[] {0.3}), 1e-15);
        }
    }

    @Nested
    class RocketLandingSystem extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new RocketLanding(); }

        @Test
        void hoversAtThrustEqualToWeightAndGimbalTurnsItBackwards() {
            double hover = 100_000 * 9.8 / 2_210_000.0;
            double[] dx = f(problem(), new double[] {1, 2, 300, 3, 0, 0.1}, new double[] {hover, 0});
            assertArrayEquals(new double[] {2, 0, 3, 0, 0.1, 0}, dx, 1e-12);
            double gimbal = 0.1;
            double inertia = 100_000 * 50.0 * 50 / 12;
            double[] turned = f(problem(), new double[] {0, 0, 300, 0, 0, 0}, new double[] {1, gimbal});
            assertEquals(-25 * 2_210_000 * Math.sin(gimbal) / inertia, turned[5], 1e-12);
            assertEquals(2_210_000 * Math.sin(gimbal) / 100_000, turned[1], 1e-12);
            assertEquals(1 + 0.01 + 2 * 0.04, cost(problem(), new double[] {0, 0, 0, 0, 0, 0.2}, new double[] {1, 0.1}), 1e-15);
        }
    }

    @Nested
    class SeirCovidSystem extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new SeirCovid(); }

        @Test
        void startsFromMyriadsPopulationAndKeepsTheTotalConsistent() {
            double[] x0 = problem().initialState();
            assertArrayEquals(new double[] {1000, 100, 50, 1165}, x0);
            double u = 0.3;
            double[] dx = f(problem(), x0, new double[] {u});
            assertEquals(0.525 * 1165 - 0.5 * 1000 - 0.0001 * 1000 * 50 - u * 1000, dx[0], 1e-12);
            // N is S + E + I + R with R' = g I - d R + u S: the total's equation must agree with the parts'
            double r = x0[3] - x0[0] - x0[1] - x0[2];
            double dr = 0.1 * x0[2] - 0.5 * r + u * x0[0];
            assertEquals(dx[0] + dx[1] + dx[2] + dr, dx[3], 1e-12);
            assertEquals(0.1 * 50 + u * u, cost(problem(), x0, new double[] {u}), 1e-15);
        }
    }

    @Nested
    class TumourSystem extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new TumourAngiogenesis(); }

        @Test
        void startsAtHalfAndQuarterOfTheEquilibriumAndScoresTheFinalVolume() {
            double eq = Math.pow((5.85 - 0.02) / 0.00873, 1.5);
            assertArrayEquals(new double[] {eq / 2, eq / 4, 0}, problem().initialState(), 1e-9);
            // (p*, p*) is an equilibrium without drug
            double[] still = f(problem(), new double[] {eq, eq, 0}, new double[] {0});
            assertEquals(0, still[0], 1e-12);
            assertEquals(0, still[1], 1e-6 * eq);
            double[] x = {eq / 2, eq / 4, 3};
            double[] dx = f(problem(), x, new double[] {10});
            assertEquals(-0.084 * x[0] * Math.log(2), dx[0], 1e-9);
            assertEquals(x[1] * (5.85 - (0.02 + 0.00873 * Math.pow(x[0], 2.0 / 3) + 0.15 * 10)), dx[1], 1e-9);
            assertEquals(10, dx[2], 0);
            assertEquals(0, cost(problem(), x, new double[] {10}), 0);
            assertEquals(x[0], problem().terminalCost(Rollout.field(x), new Binary64(1.2)).getReal(), 0);
        }
    }

    @Nested
    class TumourBettsSystem extends ControlProblemContract {
        @Override protected ControlProblem problem() { return new TumourAngiogenesisBetts(); }

        @Test
        void stimulatesTheVesselsByTheTumour() {
            double eq = Math.pow((5.85 - 0.02) / 0.00873, 1.5);
            double[] x = {eq / 2, eq / 4, 3}, u = {10};
            double[] betts = f(problem(), x, u), code = f(new TumourAngiogenesis(), x, u);
            assertEquals(5.85 * (x[0] - x[1]), betts[1] - code[1], 1e-9);
            assertEquals(code[0], betts[0], 0);
            assertEquals(0, f(problem(), new double[] {eq, eq, 0}, new double[] {0})[1], 1e-6 * eq);
        }
    }
}
